import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A queue where work that failed for good waits for an operator, with what to do about it. */
export interface DeadLetterQueue {
  name: string;
  queue: sqs.IQueue;
  replay: string;
}

/** A scheduled rule whose runs matter (the red alert sweep above all): watched for stopping. */
export interface WatchedSchedule {
  name: string;
  rule: events.IRule;
  /** How often it runs. */
  every: Duration;
}

export interface OperationsProps {
  boroughId: string;
  api: apigw.HttpApi;
  /** The stage whose routes are watched one by one (detailed metrics on). */
  stageName: string;
  /** Route keys (`GET /patients/{patientId}/plan`) of the API. */
  routeKeys: readonly string[];
  functions: ReadonlyMap<string, lambda.IFunction>;
  table: dynamodb.ITable;
  /** Functions fed from the table's stream, watched for falling behind. */
  streamFunctions: ReadonlyMap<string, lambda.IFunction>;
  deadLetters: readonly DeadLetterQueue[];
  key: kms.IKey;
  /** Who receives the alarms (the borough file's `operations.alarmEmails`). */
  alarmEmails: readonly string[];
  /** p99 latency above which a route alarms, in milliseconds. */
  routeLatencyP99Ms: number;
  schedules: readonly WatchedSchedule[];
}

/**
 * How long a schedule may go without a run before its alarm: two runs missed, with datapoints of at
 * most an hour (a daily rule: 26 hourly datapoints without a run).
 */
export const stoppedWindow = (every: Duration): { period: Duration; evaluationPeriods: number } => {
  const period = Duration.minutes(Math.min(every.toMinutes() * 5, 60));
  return { period, evaluationPeriods: Math.max(2, Math.ceil(every.toMinutes() / period.toMinutes()) + 2) };
};

/**
 * What an operator watches for one borough, sent to an encrypted topic whose subscribers the borough
 * file names, on ALARM and on OK: server errors and surges of client errors, every function's errors
 * (the Cognito trigger and the digest included), throttles of functions and of the table, the
 * table's system errors, each route's p99 latency, dead letters and a stream falling behind (a red
 * alert waiting is a person waiting), a schedule that stopped running or could not start its function
 * (the red alert sweep, the digest, the audit anchor...); and a dashboard of the same.
 */
export class BoroughOperations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { displayName: `Recovery platform ${props.boroughId} alarms`, masterKey: props.key, enforceSSL: true });
    for (const email of props.alarmEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    props.key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    // Alarm and dashboard names are unique per account and region, as stack names are.
    const prefix = Stack.of(this).stackName;
    const action = new actions.SnsAction(this.topic);
    // Alarms at or above the threshold by default; `below` for what must keep happening (no data then alarms too).
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string, evaluationPeriods = 1, below = false) => {
      const made = new cloudwatch.Alarm(this, name, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: below ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD : cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: below ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      made.addAlarmAction(action);
      made.addOkAction(action);
      this.alarms.push(made);
      return made;
    };
    const sum = (metrics: Record<string, cloudwatch.IMetric>, label: string, period: Duration) =>
      new cloudwatch.MathExpression({ expression: Object.keys(metrics).join(' + ') || '0', usingMetrics: metrics, period, label });

    const period = Duration.minutes(5);
    alarm('api-5xx', props.api.metricServerError({ period, statistic: 'Sum' }), 5, 'The API answered 5 or more server errors in 5 minutes.');
    // Refusals are normal one by one; hundreds in 5 minutes, twice running, are someone probing or a broken release.
    alarm(
      'api-4xx-surge',
      props.api.metricClientError({ period, statistic: 'Sum' }),
      500,
      'The API answered 500 or more client errors in 5 minutes, twice running: a probe, or a release that broke the web front end.',
      2,
    );
    for (const [name, fn] of props.functions) {
      alarm(`${name}-errors`, fn.metricErrors({ period, statistic: 'Sum' }), 1, `The ${name} function failed (an uncaught error or a timeout).`);
    }
    const functionList = [...props.functions.values()];
    alarm(
      'function-throttles',
      sum(Object.fromEntries(functionList.map((fn, i) => [`t${i}`, fn.metricThrottles({ period, statistic: 'Sum' })])), 'Lambda throttles', period),
      1,
      "A function of this borough was throttled: the account's concurrency is used up.",
    );
    const tableMetric = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap: { TableName: props.table.tableName }, period, statistic: 'Sum' });
    alarm('table-throttles', sum({ r: tableMetric('ReadThrottleEvents'), w: tableMetric('WriteThrottleEvents') }, 'Table throttles', period), 1, 'The table throttled reads or writes.');
    // SystemErrors are published per operation only.
    const operations = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'BatchGetItem', 'TransactWriteItems', 'TransactGetItems', 'BatchWriteItem', 'Scan'];
    alarm(
      'table-system-errors',
      sum(
        Object.fromEntries(
          operations.map((op, i) => [
            `s${i}`,
            new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName: 'SystemErrors', dimensionsMap: { TableName: props.table.tableName, Operation: op }, period, statistic: 'Sum' }),
          ]),
        ),
        'Table system errors',
        period,
      ),
      1,
      'DynamoDB answered the table with system errors (HTTP 500).',
    );
    for (const routeKey of props.routeKeys) {
      const [method, resource] = routeKey.split(' ') as [string, string];
      const latency = new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName: 'Latency',
        dimensionsMap: { ApiId: props.api.apiId, Stage: props.stageName, Method: method, Resource: resource },
        period,
        statistic: 'p99',
      });
      alarm(`latency-${routeAlarmName(routeKey)}`, latency, props.routeLatencyP99Ms, `${routeKey}: p99 latency at or above ${props.routeLatencyP99Ms} ms for 15 minutes.`, 3);
    }
    for (const { name, queue, replay } of props.deadLetters) {
      alarm(`${name}-dead-letters`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, replay);
      new CfnOutput(this, `DeadLetters-${name}`, { key: `DeadLetterQueueUrl${pascal(name)}`, value: queue.queueUrl, description: replay });
    }
    for (const [name, fn] of props.streamFunctions) {
      alarm(
        `${name}-stream-iterator-age`,
        fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
        60_000,
        `The ${name} function is more than a minute behind the table stream.`,
      );
    }
    for (const { name, rule, every } of props.schedules) {
      const { period: window, evaluationPeriods } = stoppedWindow(every);
      const ruleMetric = (metricName: string, p: Duration) => new cloudwatch.Metric({ namespace: 'AWS/Events', metricName, dimensionsMap: { RuleName: rule.ruleName }, period: p, statistic: 'Sum' });
      alarm(
        `${name}-stopped`,
        ruleMetric('Invocations', window),
        1,
        `The ${name} schedule has not run for ${window.toMinutes() * evaluationPeriods} minutes (disabled, deleted or EventBridge failing).`,
        evaluationPeriods,
        true,
      );
      alarm(`${name}-failed-invocations`, ruleMetric('FailedInvocations', period), 1, `The ${name} schedule could not start its function (permission or throttling).`);
    }
    new CfnOutput(this, 'Topic', { key: 'AlarmTopicArn', value: this.topic.topicArn });

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: prefix });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API answers',
        left: [props.api.metricServerError({ period }), props.api.metricClientError({ period })],
        right: [props.api.metricLatency({ period, statistic: 'p99' })],
      }),
      new cloudwatch.GraphWidget({ title: 'Function errors', left: functionList.map((fn) => fn.metricErrors({ period })) }),
      new cloudwatch.GraphWidget({ title: 'Function duration p99', left: functionList.map((fn) => fn.metricDuration({ period, statistic: 'p99' })) }),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}

/** `GET /patients/{patientId}/plan` → `get-patients-patientId-plan` (alarm names allow no braces). */
export const routeAlarmName = (routeKey: string): string =>
  routeKey
    .toLowerCase()
    .replace(/[{}]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .join('-');

const pascal = (name: string): string => name.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
