import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { StreamConsumer } from './stream-consumer';

/**
 * The notifications function's inputs: the table's stream (outbox items only), the daily digest, and
 * the right to send email from the borough's SES identity and SMS.
 */
export class StreamDeliveries extends Construct {
  readonly consumer: StreamConsumer;

  constructor(scope: Construct, id: string, props: { table: dynamodb.ITable; fn: lambda.IFunction; key: kms.IKey; fromEmail: string; digestHourUtc: number }) {
    super(scope, id);
    // The daily digest of non-urgent notifications, at the borough's hour.
    new events.Rule(this, 'DailyDigest', {
      schedule: events.Schedule.cron({ minute: '0', hour: String(props.digestHourUtc) }),
      targets: [new targets.LambdaFunction(props.fn, { event: events.RuleTargetInput.fromObject({ digest: true }), retryAttempts: 2 })],
    });
    // Email from the borough's own SES identity (its domain); SMS to phone numbers has no resource ARN.
    const domain = props.fromEmail.split('@')[1]!;
    props.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: domain })] }));
    props.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'], conditions: { Null: { 'sns:TopicArn': 'true' } } }));
    this.consumer = new StreamConsumer(this, 'Stream', {
      ...props,
      filter: { eventName: lambda.FilterRule.or('INSERT', 'MODIFY'), dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('outbox') } } } },
      replay: 'A notification delivery failed for good: replay it (npm run notifications:replay -- --aws).',
      // A delivery being retried (an SMS provider down, say) must not hold back another patient's red alert.
      parallelizationFactor: 10,
    });
  }
}
