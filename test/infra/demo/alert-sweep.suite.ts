import { Match, Template } from 'aws-cdk-lib/assertions';
import { demoApp } from '../demo-app';

/** Red alerts nobody answered in time: the minute schedule that makes the notifications function sweep the due index. */
describe('the red alerts escalation sweep (city-and-hackney)', () => {
  const { stack } = demoApp();
  const template = Template.fromStack(stack);
  const notifications = stack.functions.get('notifications')!.fn;
  const arn = { 'Fn::GetAtt': [stack.getLogicalId(notifications.node.defaultChild as never), 'Arn'] };

  it('invokes the notifications function every minute with the sweep event, retried, never more than two minutes late', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: arn, Input: JSON.stringify({ alertSweep: true }), RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120 } })],
    });
  });

  it('lets EventBridge invoke the function', () => {
    template.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', FunctionName: arn });
  });
});
