import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { demoApp } from '../demo-app';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The retention sweep (docs/records.md): a daily schedule, and a function that deletes patients' items only in the partitions that hold them. */
describe('the retention sweep (city-and-hackney)', () => {
  const { stack } = demoApp();
  const template = Template.fromStack(stack);
  const retention = stack.functions.get('retention')!.fn;
  const arn = { 'Fn::GetAtt': [stack.getLogicalId(retention.node.defaultChild as never), 'Arn'] };
  const statements = (): Statement[] => {
    const policy = retention.role!.node.tryFindChild('DefaultPolicy')!;
    const document = Stack.of(stack).resolve((policy.node.defaultChild as unknown as { policyDocument: unknown }).policyDocument) as { Statement: Statement[] };
    return document.Statement.filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
  };

  it('invokes the retention function once a day with the sweep event, retried', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(30 2 * * ? *)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: arn, Input: JSON.stringify({ retentionSweep: true }), RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }) })],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', FunctionName: arn });
  });

  it('may delete only in a patient partition and the items that lead to a patient, put only in a patient partition, and never batch-write or scan', () => {
    const limited = (action: string) =>
      statements()
        .filter((s) => asList(s.Action).includes(action))
        .map((s) => s.Condition);
    expect(limited('dynamodb:DeleteItem')).toEqual([
      {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': ['B#city-and-hackney#P#*', 'B#city-and-hackney#USERS', 'B#city-and-hackney#NHS#*', 'B#city-and-hackney#PHBREQ#*', 'B#city-and-hackney#U#*'],
        },
      },
    ]);
    expect(limited('dynamodb:PutItem')).toEqual([{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['B#city-and-hackney#P#*'] } }]);
    // What it is allowed (every writer is also denied an UpdateItem of audit-only attributes: the audit suite).
    const actions = statements()
      .filter((s) => s.Effect === 'Allow')
      .flatMap((s) => asList(s.Action));
    expect([...new Set(actions)].sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
  });

  it('takes none of the API reserved concurrency and has time for a day of removals', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { FunctionName: Match.absent(), Timeout: 300, Description: Match.stringLikeRegexp('retention') });
  });
});
