import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/**
 * The table's stream into the notifications function: outbox items only (a filter, so other writes
 * cost nothing), partial batch failures, bisect on error, bounded retries, and an encrypted SQS
 * dead-letter queue for what still fails (replayable).
 */
export class StreamDeliveries extends Construct {
  readonly deadLetters: sqs.Queue;

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
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.key,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
    });
    props.fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.hours(6),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.or('INSERT', 'MODIFY'), dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('outbox') } } } })],
      }),
    );
  }
}
