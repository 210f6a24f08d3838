import { TABLE_ACCESS } from '../../functions/table-access';
import { callsOf, refusal, type TableAccess } from '../../shared/store/table-access';

const S = (value: string) => ({ S: value });

describe('table access: what a DynamoDB call needs, as IAM authorises it', () => {
  it('asks a transaction for the action of each of its items', () => {
    // Prepare
    const input = {
      TransactItems: [
        { Put: { Item: { pk: S('B#x#P#sally'), sk: S('AUDIT#000000000001') }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Update: { Key: { pk: S('B#x#P#sally'), sk: S('AUDITHEAD') } } },
        { ConditionCheck: { Key: { pk: S('B#x#P#sally'), sk: S('PLAN') } } },
      ],
    };
    // Act
    const calls = callsOf('TransactWriteItemsCommand', input);
    // Assess
    expect(calls.map((c) => c.action)).toEqual(['PutItem', 'UpdateItem', 'ConditionCheckItem']);
    expect(calls[0]).toMatchObject({ pk: 'B#x#P#sally', sk: 'AUDIT#000000000001' });
  });

  const access: TableAccess = { actions: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], onlyIn: { DeleteItem: ['IDEMPOTENCY', 'U#*'] } };

  it('refuses an action the function does not hold', () => {
    expect(refusal(access, 'x', { action: 'Query' })).toMatch(/dynamodb:Query is not in the function's policy/);
    expect(refusal(access, 'x', { action: 'GetItem', pk: 'B#x#P#sally' })).toBeUndefined();
  });

  it('holds an action limited to some partitions to them (dynamodb:LeadingKeys)', () => {
    expect(refusal(access, 'x', { action: 'DeleteItem', pk: 'B#x#IDEMPOTENCY' })).toBeUndefined();
    expect(refusal(access, 'x', { action: 'DeleteItem', pk: 'B#x#U#miriam' })).toBeUndefined();
    expect(refusal(access, 'x', { action: 'DeleteItem', pk: 'B#x#P#sally' })).toMatch(/allowed only on B#x#IDEMPOTENCY, B#x#U#\*/);
    expect(refusal(access, 'x', { action: 'DeleteItem', pk: 'B#other#IDEMPOTENCY' })).toMatch(/allowed only/);
  });

  it('never lets an audit entry be changed or deleted, only added', () => {
    const entry = { pk: 'B#x#P#sally', sk: 'AUDIT#000000000007' };
    expect(refusal(access, 'x', { action: 'PutItem', ...entry, condition: 'attribute_not_exists(pk)' })).toBeUndefined();
    expect(refusal(access, 'x', { action: 'PutItem', ...entry })).toMatch(/may not change the audit entry/);
    expect(refusal(access, 'x', { action: 'UpdateItem', ...entry })).toMatch(/may not change the audit entry/);
    expect(refusal({ actions: ['DeleteItem'] }, 'x', { action: 'DeleteItem', ...entry })).toMatch(/may not change the audit entry/);
  });

  it('lets the retention sweep alone delete an audit entry (a whole chain, after its tombstone), and change none', () => {
    const entry = { pk: 'B#x#P#sally', sk: 'AUDIT#000000000007' };
    expect(refusal(TABLE_ACCESS.retention!, 'x', { action: 'DeleteItem', ...entry })).toBeUndefined();
    expect(refusal(TABLE_ACCESS.retention!, 'x', { action: 'PutItem', ...entry })).toMatch(/may not change the audit entry/);
    expect(refusal(TABLE_ACCESS.retention!, 'x', { action: 'DeleteItem', pk: 'B#x#STATS#OUTCOMES', sk: 'X' })).toMatch(/allowed only on/);
    for (const [service, access] of Object.entries(TABLE_ACCESS).filter(([s]) => s !== 'retention')) {
      expect({ service, refused: refusal({ ...access, actions: [...access.actions, 'DeleteItem'] }, 'x', { action: 'DeleteItem', ...entry }) }).toEqual({
        service,
        refused: expect.stringMatching(/audit entry/),
      });
    }
  });
});
