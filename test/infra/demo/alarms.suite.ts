import { demoApp } from '../demo-app';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SERVICES } from '../../../functions/services';
import { routeAlarmName } from '../../../infra/constructs/operations';

interface AlarmProps {
  AlarmName: string;
  Namespace?: string;
  Period?: number;
  EvaluationPeriods?: number;
  ComparisonOperator?: string;
  TreatMissingData?: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
  MetricName?: string;
  Dimensions?: { Name: string; Value: unknown }[];
  Threshold: number;
  ExtendedStatistic?: string;
}

describe('alarms someone receives (issue 26 item 9, city-and-hackney)', () => {
  const { borough, stack } = demoApp();
  const template = Template.fromStack(stack);
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => (a as { Properties: AlarmProps }).Properties);
  const named = (name: string) => alarms.find((a) => a.AlarmName === `Recovery-city-and-hackney-${name}`);

  it('sends every alarm, and its return to OK, to the encrypted topic', () => {
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toHaveLength(1);
      expect(alarm.OKActions).toEqual(alarm.AlarmActions);
    }
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it("subscribes the borough file's alarm emails to the topic", () => {
    expect(borough.operations.alarmEmails.length).toBeGreaterThan(0);
    for (const email of borough.operations.alarmEmails) template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: email });
  });

  it("alarms on each function's errors: every service, the Cognito trigger's (boroughs) and the digest's (notifications) included", () => {
    for (const { service } of SERVICES) expect(named(`${service}-errors`)).toMatchObject({ MetricName: 'Errors', Threshold: 1 });
  });

  it('alarms on server errors, client error surges, function and table throttles, and table system errors', () => {
    for (const name of ['api-5xx', 'api-4xx-surge', 'function-throttles', 'table-throttles', 'table-system-errors']) expect(named(name)).toBeDefined();
  });

  it('alarms on the p99 latency of every route, by its method and path', () => {
    const routeKeys = SERVICES.flatMap((s) => s.routes.map((r) => `${r.method} ${r.path}`));
    for (const key of routeKeys) {
      const alarm = named(`latency-${routeAlarmName(key)}`);
      expect(alarm).toMatchObject({ MetricName: 'Latency', ExtendedStatistic: 'p99', Threshold: borough.operations.routeLatencyP99Ms });
      const [method, path] = key.split(' ');
      expect(alarm!.Dimensions).toEqual(
        expect.arrayContaining([
          { Name: 'Method', Value: method },
          { Name: 'Resource', Value: path },
        ]),
      );
    }
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { DefaultRouteSettings: Match.objectLike({ DetailedMetricsEnabled: true }) });
  });

  it('alarms on dead letters and stream lag, and names each dead-letter queue and the topic in the outputs', () => {
    for (const name of ['notifications', 'outcomes', 'digest']) expect(named(`${name}-dead-letters`)).toBeDefined();
    for (const name of ['notifications', 'outcomes']) expect(named(`${name}-stream-iterator-age`)).toMatchObject({ MetricName: 'IteratorAge', Threshold: 60000 });
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining(['AlarmTopicArn', 'DeadLetterQueueUrlNotifications', 'DeadLetterQueueUrlOutcomes', 'DeadLetterQueueUrlDigest']));
  });

  it('alarms when a schedule stops running (no run, or no data at all) or cannot start its function: the red alert sweep within 15 minutes, the anchor within 3 hours, daily sweeps within 26 hours', () => {
    const expected = { 'alert-sweep': 5 * 60 * 3, 'audit-anchor': 3600 * 3, 'directory-sweep': 3600 * 3, 'daily-digest': 3600 * 26, 'retention-sweep': 3600 * 26 };
    for (const [name, seconds] of Object.entries(expected)) {
      const stopped = named(`${name}-stopped`);
      expect(stopped).toMatchObject({ Namespace: 'AWS/Events', MetricName: 'Invocations', Threshold: 1, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'breaching' });
      expect(stopped!.Period! * stopped!.EvaluationPeriods!).toBe(seconds);
      expect(named(`${name}-failed-invocations`)).toMatchObject({ Namespace: 'AWS/Events', MetricName: 'FailedInvocations', Threshold: 1 });
    }
    // Each watches its own rule, by name.
    const ruleNames = (name: string) => named(`${name}-stopped`)!.Dimensions!.map((d) => JSON.stringify(d.Value));
    expect(new Set(Object.keys(expected).map((n) => ruleNames(n)[0])).size).toBe(Object.keys(expected).length);
  });

  it('keeps route alarm names within what CloudWatch allows', () => {
    for (const alarm of alarms) expect(alarm.AlarmName).toMatch(/^[A-Za-z0-9-]{1,255}$/);
  });

  it('has a dashboard of its own', () => {
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'Recovery-city-and-hackney' });
  });
});
