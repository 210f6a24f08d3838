import { DeleteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { asFunction, guardTableAccess } from '../../infra/local/table-access-guard';
import { TABLE_ACCESS } from '../../functions/table-access';
import { makeTestTable, type TestTable } from '../support/dynamo';

/** The local stand-in for each function's IAM role, on the real DynamoDB Local client. */
describe('the local table access guard', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await makeTestTable('guard');
    guardTableAccess(table.client);
  });
  afterAll(() => table.drop());

  const asPlans = <R>(fn: () => Promise<R>) => asFunction({ service: 'plans', borough: 'city-and-hackney', access: TABLE_ACCESS.plans! }, fn)();
  const key = { pk: 'B#city-and-hackney#P#sally', sk: 'PLAN' };

  it('refuses, as AWS would, a delete by a function whose role has none, and sends nothing', async () => {
    // Prepare
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: key }));
    // Act
    const attempt = asPlans(() => table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: key })));
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringMatching(/plans function may not do this: dynamodb:DeleteItem/) });
  });

  it('refuses a transaction that would overwrite an audit entry, even from a function that may put items', async () => {
    const entry = { pk: key.pk, sk: 'AUDIT#000000000001' };
    const overwrite = asPlans(() => table.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: table.tableName, Item: entry } }] })));
    await expect(overwrite).rejects.toMatchObject({ name: 'AccessDeniedException', message: expect.stringMatching(/may not change the audit entry/) });
    await expect(asPlans(() => table.doc.send(new PutCommand({ TableName: table.tableName, Item: entry, ConditionExpression: 'attribute_not_exists(pk)' })))).resolves.toBeDefined();
  });

  it('holds nothing done outside a function (seeding, tests, ops commands)', async () => {
    await expect(table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: key }))).resolves.toBeDefined();
  });
});
