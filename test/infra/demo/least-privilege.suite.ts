import { demoApp } from '../demo-app';
import { Stack } from 'aws-cdk-lib';
import { SERVICES } from '../../../functions/services';
import { TABLE_ACCESS } from '../../../functions/table-access';

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Each function's role, as synthesized: what it may do on DynamoDB, statement by statement. */
describe('least privilege: each function holds only the table actions it uses', () => {
  const { stack } = demoApp();

  const dynamoStatements = (service: string): Statement[] => {
    const fn = stack.functions.get(service)!.fn;
    const policy = fn.role!.node.tryFindChild('DefaultPolicy')!;
    const document = Stack.of(stack).resolve((policy.node.defaultChild as unknown as { policyDocument: unknown }).policyDocument) as { Statement: Statement[] };
    // What it may do: the explicit denies (test/infra/demo/audit-anchor.suite.ts) take away, never give.
    return document.Statement.filter((s) => s.Effect === 'Allow' && asList(s.Action).some((a) => a.startsWith('dynamodb:')));
  };

  it.each(SERVICES.map((s) => s.service))('%s: exactly its declared actions, never a wildcard, never BatchWriteItem or Scan', (service) => {
    const statements = dynamoStatements(service);
    const actions = new Set(statements.flatMap((s) => asList(s.Action)).filter((a) => a.startsWith('dynamodb:')));
    const stream = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];
    expect([...actions].filter((a) => !stream.includes(a)).sort()).toEqual(TABLE_ACCESS[service]!.actions.map((a) => `dynamodb:${a}`).sort());
    for (const action of actions) expect(action).not.toMatch(/\*|BatchWriteItem|Scan|DeleteTable|UpdateTable/);
  });

  it("lets only PHB and plans (their idempotency records) and notifications (a user's digest queue) delete, each only in those partitions", () => {
    const deleters = SERVICES.map((s) => s.service).filter((service) => dynamoStatements(service).some((s) => asList(s.Action).includes('dynamodb:DeleteItem')));
    expect(deleters.sort()).toEqual(['notifications', 'phb', 'plans']);
    const leadingKeys = (service: string) =>
      dynamoStatements(service)
        .filter((s) => asList(s.Action).includes('dynamodb:DeleteItem'))
        .map((s) => ({ actions: asList(s.Action), condition: s.Condition }));
    for (const service of ['phb', 'plans'])
      expect(leadingKeys(service)).toEqual([{ actions: ['dynamodb:DeleteItem'], condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['B#city-and-hackney#IDEMPOTENCY'] } } }]);
    expect(leadingKeys('notifications')).toEqual([{ actions: ['dynamodb:DeleteItem'], condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['B#city-and-hackney#U#*'] } } }]);
  });

  it('gives the HTTP-only functions no stream access and the stream consumers read access to the stream only', () => {
    const streamReaders = SERVICES.map((s) => s.service).filter((service) => dynamoStatements(service).some((s) => asList(s.Action).includes('dynamodb:GetRecords')));
    expect(streamReaders.sort()).toEqual(['notifications', 'outcomes']);
  });
});
