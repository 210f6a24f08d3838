import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { patientPartition } from '../../shared/store/keys';
import { tableDefinition } from '../../shared/store/table-definition';
import { makeTestTable, type TestTable } from '../support/dynamo';

describe('the table on DynamoDB Local', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await makeTestTable('table', { streams: true });
  });
  afterAll(() => table.drop());

  it('is built from the one table definition, with its stream and indexes', async () => {
    const { Table } = await table.client.send(new DescribeTableCommand({ TableName: table.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(tableDefinition.indexes.map((i) => i.name).sort());
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('stores a patient item under a borough key and finds it through an index', async () => {
    const pk = patientPartition('city-and-hackney', 'sally');
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { pk, sk: 'GRANT#1', gsi1pk: 'GRANTEE#miriam', gsi1sk: pk } }));
    const got = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk: 'GRANT#1' } }));
    expect(got.Item?.pk).toBe('B#city-and-hackney#P#sally');
    const byGrantee = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :g',
        ExpressionAttributeValues: { ':g': 'GRANTEE#miriam' },
      }),
    );
    expect(byGrantee.Items?.map((i) => i.sk)).toEqual(['GRANT#1']);
  });
});
