import { Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StreamConsumer } from './stream-consumer';

export interface OperationsProps {
  boroughId: string;
  api: apigw.HttpApi;
  functions: ReadonlyMap<string, lambda.IFunction>;
  streamConsumers: readonly StreamConsumer[];
  key: kms.IKey;
}

/**
 * What an operator watches for one borough: alarms on server errors, throttles, dead letters and a
 * stream falling behind (a red alert waiting is a person waiting), sent to an encrypted topic, and a
 * dashboard of the same.
 */
export class BoroughOperations extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { displayName: `Recovery platform ${props.boroughId} alarms`, masterKey: props.key, enforceSSL: true });
    props.key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    // Alarm and dashboard names are unique per account and region, as stack names are.
    const prefix = Stack.of(this).stackName;
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const made = new cloudwatch.Alarm(this, name, {
        alarmName: `${prefix}-${name}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      made.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(made);
      return made;
    };

    const period = Duration.minutes(5);
    alarm('api-5xx', props.api.metricServerError({ period, statistic: 'Sum' }), 5, 'The API answered 5 or more server errors in 5 minutes.');
    const throttles = new cloudwatch.MathExpression({
      expression: [...props.functions.keys()].map((_, i) => `t${i}`).join(' + ') || '0',
      usingMetrics: Object.fromEntries([...props.functions.values()].map((fn, i) => [`t${i}`, fn.metricThrottles({ period, statistic: 'Sum' })])),
      period,
      label: 'Lambda throttles',
    });
    alarm('throttles', throttles, 1, 'A function of this borough was throttled (reserved concurrency reached).');
    for (const consumer of props.streamConsumers) {
      const name = [...props.functions].find(([, fn]) => fn === consumer.fn)?.[0] ?? consumer.node.id;
      alarm(`${name}-dead-letters`, consumer.deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 1, consumer.replay);
      alarm(`${name}-stream-iterator-age`, consumer.fn.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }), 60_000, `The ${name} function is more than a minute behind the table stream.`);
    }

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: prefix });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'API answers', left: [props.api.metricServerError({ period }), props.api.metricClientError({ period })], right: [props.api.metricLatency({ period, statistic: 'p99' })] }),
      new cloudwatch.GraphWidget({ title: 'Function errors', left: [...props.functions.values()].map((fn) => fn.metricErrors({ period })) }),
      new cloudwatch.GraphWidget({ title: 'Function duration p99', left: [...props.functions.values()].map((fn) => fn.metricDuration({ period, statistic: 'p99' })) }),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
  }
}
