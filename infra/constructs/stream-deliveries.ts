import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DIGEST_BATCH_SIZE, DIGEST_MAX_RECEIVES } from '../../functions/notifications/digest-messages';
import { emailDomain } from './email-identity';
import { StreamConsumer } from './stream-consumer';
import type { WatchedSchedule } from './operations';

/** Digest invocations at once: the digest never takes the concurrency the red-alert stream consumers need. */
export const DIGEST_MAX_CONCURRENCY = 5;

/**
 * The notifications function's inputs: the table's stream (outbox items only), the daily digest (a
 * schedule that plans, a queue of people to send to), the red alerts' escalation sweep (every minute),
 * and the right to send email from the borough's SES identity and SMS.
 */
export class StreamDeliveries extends Construct {
  readonly consumer: StreamConsumer;
  /** The escalation sweep and the daily digest, watched for stopping. */
  readonly schedules: WatchedSchedule[];
  /** The daily digest's work: batches of people to send their digest to (functions/notifications/digest-messages.ts). */
  readonly digestQueue: sqs.Queue;
  /** Digest messages that failed DIGEST_MAX_RECEIVES times: those people missed their summary. */
  readonly digestDeadLetters: sqs.Queue;
  /** What an operator does when digest messages are dead-lettered (for the alarm's text). */
  readonly digestRedrive =
    "Some people missed today's digest: fix the cause (the function's logs name the failing user ids), then redrive the digest dead-letter queue to its source queue (SQS console, or aws sqs start-message-move-task); a redriven message sends only what was not sent.";

  constructor(scope: Construct, id: string, props: { table: dynamodb.ITable; fn: lambda.Function; key: kms.IKey; fromEmail: string; digestHourUtc: number }) {
    super(scope, id);
    this.digestDeadLetters = new sqs.Queue(this, 'DigestDeadLetters', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: props.key, retentionPeriod: Duration.days(14), enforceSSL: true });
    // A message stays hidden while one invocation works on it: six times the function's timeout, as
    // AWS advises for an event source, so that a retried invocation does not meet its own message.
    const timeout = props.fn.timeout ?? Duration.seconds(3); // Lambda's default
    this.digestQueue = new sqs.Queue(this, 'DigestQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(6 * timeout.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.digestDeadLetters, maxReceiveCount: DIGEST_MAX_RECEIVES },
    });
    props.fn.addEventSource(new SqsEventSource(this.digestQueue, { batchSize: DIGEST_BATCH_SIZE, maxConcurrency: DIGEST_MAX_CONCURRENCY, reportBatchItemFailures: true }));
    // The planner (the schedule) and its continuations queue messages; the key encrypts them.
    this.digestQueue.grantSendMessages(props.fn);
    props.fn.addEnvironment('DIGEST_QUEUE_URL', this.digestQueue.queueUrl);
    // The daily digest of non-urgent notifications, at the borough's hour: it plans, the queue sends.
    const digest = new events.Rule(this, 'DailyDigest', {
      schedule: events.Schedule.cron({ minute: '0', hour: String(props.digestHourUtc) }),
      targets: [new targets.LambdaFunction(props.fn, { event: events.RuleTargetInput.fromObject({ digest: true }), retryAttempts: 2 })],
    });
    // Red alerts nobody answered in time go to the duty teams: one sweep a minute over the table's due
    // index (docs/decisions/0006-red-alert-escalation-sweep.md), not a schedule per alert.
    const alertSweep = new events.Rule(this, 'AlertSweep', {
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(props.fn, { event: events.RuleTargetInput.fromObject({ alertSweep: true }), retryAttempts: 2, maxEventAge: Duration.minutes(2) })],
    });
    this.schedules = [
      { name: 'alert-sweep', rule: alertSweep, every: Duration.minutes(1) },
      { name: 'daily-digest', rule: digest, every: Duration.days(1) },
    ];
    // Email from the borough's own SES identity (its domain); SMS to phone numbers has no resource ARN.
    const domain = emailDomain(props.fromEmail);
    props.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: domain })] }));
    props.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'], conditions: { Null: { 'sns:TopicArn': 'true' } } }));
    // The CDK types FilterRule.isEqual as any (it gives ["outbox"]); the filter holds its values as unknown.
    const isOutbox: unknown = lambda.FilterRule.isEqual('outbox');
    this.consumer = new StreamConsumer(this, 'Stream', {
      ...props,
      filter: { eventName: lambda.FilterRule.or('INSERT', 'MODIFY'), dynamodb: { NewImage: { entity: { S: isOutbox } } } },
      replay: 'A notification delivery failed for good: replay it (npm run notifications:replay -- --aws).',
      // A delivery being retried (an SMS provider down, say) must not hold back another patient's red alert.
      parallelizationFactor: 10,
    });
  }
}
