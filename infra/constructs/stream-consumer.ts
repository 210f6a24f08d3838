import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface StreamConsumerProps {
  table: dynamodb.ITable;
  fn: lambda.IFunction;
  key: kms.IKey;
  /** Only these records reach the function (a filter, so other writes cost nothing). */
  filter: Record<string, unknown>;
  /** What an operator does when something is dead-lettered (the alarm says it). */
  replay: string;
  /**
   * Batches of one shard processed at once (1-10). Lambda keeps the records of one partition key in
   * order, so with more than one a record being retried holds back only its own patient's records,
   * not everyone's (default 1: strictly in order).
   */
  parallelizationFactor?: number;
}

/**
 * One consumer of the table's stream: partial batch failures, bisect on error, bounded retries,
 * and an encrypted SQS dead-letter queue for what still fails (replayable).
 */
export class StreamConsumer extends Construct {
  readonly deadLetters: sqs.Queue;
  readonly fn: lambda.IFunction;
  readonly replay: string;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    this.fn = props.fn;
    this.replay = props.replay;
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
        parallelizationFactor: props.parallelizationFactor ?? 1,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [lambda.FilterCriteria.filter(props.filter)],
      }),
    );
  }
}
