import { demoApp } from '../demo-app';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DIGEST_BATCH_SIZE, DIGEST_MAX_RECEIVES } from '../../../functions/notifications/digest-messages';
import { DIGEST_MAX_CONCURRENCY } from '../../../infra/constructs/stream-deliveries';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** The daily digest as deployed: a schedule that plans, a queue of people, a dead-letter queue. */
describe('the daily digest fans out through an encrypted queue (city-and-hackney)', () => {
  // Prepare: one synth for the file (it is slow).
  const { borough, stack } = demoApp();
  const template = Template.fromStack(stack);
  const deliveries = stack.deliveries!;
  const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: stack.getLogicalId(construct.node.defaultChild as never) });
  const arnOf = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [stack.getLogicalId(construct.node.defaultChild as never), 'Arn'] });
  const notifications = stack.functions.get('notifications')!.fn;
  const keyArn = JSON.parse(JSON.stringify(Stack.of(stack).resolve(stack.data.key.keyArn))) as unknown;

  it('exposes the queue and its dead letters for the alarms and outputs', () => {
    expect(deliveries.digestQueue).toBeDefined();
    expect(deliveries.digestDeadLetters).toBeDefined();
    expect(deliveries.digestQueue).not.toBe(deliveries.digestDeadLetters);
  });

  it('encrypts both queues with the borough key and dead-letters a message after 3 receives', () => {
    const queue = template.toJSON().Resources[stack.getLogicalId(deliveries.digestQueue.node.defaultChild as never)] as Resource;
    const dlq = template.toJSON().Resources[stack.getLogicalId(deliveries.digestDeadLetters.node.defaultChild as never)] as Resource;
    expect(queue.Properties).toMatchObject({ KmsMasterKeyId: keyArn, RedrivePolicy: { deadLetterTargetArn: arnOf(deliveries.digestDeadLetters), maxReceiveCount: DIGEST_MAX_RECEIVES } });
    expect(DIGEST_MAX_RECEIVES).toBe(3);
    expect(dlq.Properties).toMatchObject({ KmsMasterKeyId: keyArn, MessageRetentionPeriod: 14 * 86_400 });
  });

  it('hides a message for at least six times the function timeout while it is worked on', () => {
    const fn = template.toJSON().Resources[stack.getLogicalId(notifications.node.defaultChild as never)] as Resource;
    const queue = template.toJSON().Resources[stack.getLogicalId(deliveries.digestQueue.node.defaultChild as never)] as Resource;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (fn.Properties.Timeout as number));
  });

  it('refuses any request to either queue that is not over TLS', () => {
    for (const q of [deliveries.digestQueue, deliveries.digestDeadLetters]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(q)],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('feeds the notifications function in small batches with partial failures, at most 5 at once', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf(deliveries.digestQueue),
      FunctionName: ref(notifications),
      BatchSize: DIGEST_BATCH_SIZE,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: DIGEST_MAX_CONCURRENCY },
    });
    expect(DIGEST_BATCH_SIZE).toBeLessThanOrEqual(5);
    expect(DIGEST_MAX_CONCURRENCY).toBe(5);
  });

  it('gives the function the queue URL and the right to send to it, consume from it and use the key', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ DIGEST_QUEUE_URL: ref(deliveries.digestQueue) }) } });
    const policy = notifications.role!.node.tryFindChild('DefaultPolicy')!;
    const statements = (
      Stack.of(stack).resolve((policy.node.defaultChild as unknown as { policyDocument: unknown }).policyDocument) as { Statement: { Action: string | string[]; Resource: unknown }[] }
    ).Statement;
    const on = (resource: unknown) => statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(resource)).flatMap((s) => [s.Action].flat());
    expect(on(arnOf(deliveries.digestQueue))).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']));
    expect(on(keyArn)).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:GenerateDataKey*']));
  });

  it("still plans at the borough's hour from the schedule, which invokes the function", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: `cron(0 ${borough.notifications.digestHourUtc} * * ? *)`,
      Targets: [Match.objectLike({ Arn: arnOf(notifications), Input: JSON.stringify({ digest: true }) })],
    });
  });
});
