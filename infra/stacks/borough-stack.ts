import { userPoolNameOf } from '../constructs/identity';
import { ArnFormat, CfnOutput, Duration, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { BoroughConfig } from '../../shared/domain/borough-config';
import type { ServiceRoutes } from '../../shared/http/route';
import { DataStore } from '../constructs/data-store';
import { AUDIT_APPENDERS, TABLE_ACCESS } from '../../functions/table-access';
import { AuditAnchoring } from '../constructs/audit-anchoring';
import { BoroughHttpApi } from '../constructs/http-api';
import { Identity } from '../constructs/identity';
import { BoroughEmail } from '../constructs/email-identity';
import { ServiceFunction } from '../constructs/service-function';
import { StreamConsumer } from '../constructs/stream-consumer';
import { StreamDeliveries } from '../constructs/stream-deliveries';
import { PushKeys } from '../constructs/push-keys';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { OUTCOME_ENTITIES } from '../../shared/store/outcome-sources';
import { boroughPrefix } from '../../shared/store/keys';
import { BoroughOperations, type WatchedSchedule } from '../constructs/operations';
import { WEB_DIST_DIR, WebSite } from '../constructs/web-site';
import { cognitoDomainPrefix, environmentOf } from '../environment';
import { API_PATH_PREFIX } from '../edge-paths';
import type { EdgeStack } from './edge-stack';
import { copyVaultName } from './backup-copy-stack';

export interface BoroughStackProps extends StackProps {
  borough: BoroughConfig;
  services: readonly ServiceRoutes[];
  /** The built web front end (default `web/dist`). */
  webDistDir?: string;
  /** The borough's web ACL and certificate, in us-east-1 (CloudFront's region). */
  edge: EdgeStack;
}

/** Everything one borough runs on, apart from every other borough (silo tenancy, design decision 1). */
export class BoroughStack extends Stack {
  readonly borough: BoroughConfig;
  readonly data: DataStore;
  readonly identity: Identity;
  readonly email: BoroughEmail;
  /** Every user pool of the account and region: what the sign-in trigger's policy names, with a tag condition. */
  get userPoolsOfAccount(): string {
    return this.formatArn({ service: 'cognito-idp', resource: 'userpool', resourceName: '*' });
  }
  readonly web: WebSite;
  readonly http: BoroughHttpApi;
  readonly functions: Map<string, ServiceFunction>;
  deliveries?: StreamDeliveries;
  /** The VAPID key's KMS key (with the notifications function). */
  push?: PushKeys;
  /** Every consumer of the table's stream (notifications, outcome aggregates). */
  readonly streamConsumers: StreamConsumer[] = [];
  readonly operations: BoroughOperations;
  readonly audit: AuditAnchoring;
  /** The stack's own scheduled sweeps, watched for stopping with those of its parts. */
  private readonly schedules: WatchedSchedule[] = [];

  constructor(scope: Construct, id: string, props: BoroughStackProps) {
    // The web ACL and certificate come from the edge stack in us-east-1.
    super(scope, id, { ...props, crossRegionReferences: true });
    const { borough } = props;
    this.borough = borough;
    Tags.of(this).add('borough', borough.id);
    Tags.of(this).add('data-classification', 'special-category-health');

    const copyAccount = borough.backup.copyToAccount;
    const copyTo = copyAccount
      ? backup.BackupVault.fromBackupVaultArn(
          this,
          'CopyVault',
          this.formatArn({ service: 'backup', account: copyAccount, resource: 'backup-vault', resourceName: copyVaultName(borough.id), arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
        )
      : undefined;
    this.data = new DataStore(this, 'Data', { boroughId: borough.id, ...(copyTo && copyAccount ? { copyTo: { vault: copyTo, account: copyAccount } } : {}) });
    // One prefix for the domain Cognito creates and the page's CSP, so the two can never differ.
    const domainPrefix = cognitoDomainPrefix(borough, environmentOf(this));
    this.web = new WebSite(this, 'Web', {
      boroughId: borough.id,
      cognitoDomainPrefix: domainPrefix,
      webAclArn: props.edge.webAcl.attrArn,
      ...(borough.edge.domain && props.edge.certificate ? { domain: { name: borough.edge.domain, certificate: props.edge.certificate } } : {}),
    });
    this.email = new BoroughEmail(this, 'Email', { fromEmail: borough.notifications.fromEmail });
    this.identity = new Identity(this, 'Identity', {
      boroughId: borough.id,
      boroughName: borough.name,
      domainPrefix,
      webOrigin: this.web.origin,
      integrations: borough.integrations,
      ...(borough.notifications.sesVerified ? { email: { fromEmail: borough.notifications.fromEmail, domain: this.email.domain } } : {}),
    });
    this.functions = new Map(
      props.services.map(({ service }) => {
        // The directory sweep pages through every account of the pool (60 a call): a minute, not 10 s.
        const timeout = service === 'boroughs' ? Duration.seconds(60) : undefined;
        const fn = new ServiceFunction(this, `Service-${service}`, { service, borough, tableName: this.data.table.tableName, key: this.data.key, ...(timeout ? { timeout } : {}) });
        fn.grantTable(this.data.table, this.data.key, borough.id, TABLE_ACCESS[service] ?? { actions: [] });
        return [service, fn] as const;
      }),
    );
    // The retention sweep (functions/retention, docs/records.md): a function of its own, the only one
    // that deletes patients' items, run daily; no routes, and none of the API's reserved concurrency.
    const retention = new ServiceFunction(this, 'Service-retention', {
      service: 'retention',
      borough,
      tableName: this.data.table.tableName,
      key: this.data.key,
      timeout: Duration.minutes(5),
      unreserved: true,
    });
    retention.grantTable(this.data.table, this.data.key, borough.id, TABLE_ACCESS.retention ?? { actions: [] });
    this.functions.set('retention', retention);
    const retentionSweep = new events.Rule(this, 'RetentionSweepDaily', {
      schedule: events.Schedule.cron({ hour: '2', minute: '30' }),
      targets: [new targets.LambdaFunction(retention.fn, { event: events.RuleTargetInput.fromObject({ retentionSweep: true }), retryAttempts: 2 })],
    });
    this.schedules.push({ name: 'retention-sweep', rule: retentionSweep, every: Duration.days(1) });
    this.data.key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    // The keyed audit chain and its hourly anchor; only the functions that append entries get the chain key.
    this.audit = new AuditAnchoring(this, 'Audit', { borough, table: this.data.table, key: this.data.key, accessLogs: this.web.logs });
    for (const [service, fn] of this.functions) if (AUDIT_APPENDERS.has(service)) this.audit.grantAppend(fn);
    // Functions with routes for systems learn which OAuth client is which system (never the boroughs
    // function: the user pool already depends on it, as its sign-in trigger).
    const systemClientIds = this.toJsonString(Object.fromEntries([...this.identity.systemClients].map(([id, client]) => [id, client.userPoolClientId])));
    for (const { service, routes } of props.services) {
      if (routes.some((r) => r.access.kind === 'client')) this.functions.get(service)?.fn.addEnvironment('INTEGRATION_CLIENTS', systemClientIds);
    }
    // Each sign-in puts the person's directory entry from Cognito, which notifications read (functions/boroughs/directory-sync.ts).
    const boroughs = this.functions.get('boroughs');
    if (boroughs) {
      this.identity.userPool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, boroughs.fn);
      // The trigger reads a staff member's second factors. The pool cannot be named here (it depends on
      // the function: a cycle), so: any pool of this account and region that is tagged as this borough's.
      // Operators invite people and disable leavers through the same function (shared/runtime/cognito-accounts.ts).
      boroughs.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [
            'cognito-idp:AdminGetUser',
            'cognito-idp:AdminCreateUser',
            'cognito-idp:AdminAddUserToGroup',
            'cognito-idp:AdminDisableUser',
            'cognito-idp:AdminUserGlobalSignOut',
            'cognito-idp:ListUsers',
          ],
          resources: [this.userPoolsOfAccount],
          conditions: { StringEquals: { 'aws:ResourceTag/borough': borough.id } },
        }),
      );
      // Which pool is this borough's is found by its name (ListUserPools names no pool: Resource "*").
      boroughs.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['cognito-idp:ListUserPools'], resources: ['*'] }));
      boroughs.fn.addEnvironment('USER_POOL_NAME', userPoolNameOf(borough.id));
      // The directory stays true to the pool (functions/boroughs/directory-sweep.ts): every hour, and at
      // once when Cognito records a disable or delete. CloudTrail's events reach EventBridge only where a
      // trail logs management events, and at best effort: the hourly sweep is what makes it reliable.
      const sweep = new targets.LambdaFunction(boroughs.fn, { event: events.RuleTargetInput.fromObject({ directorySweep: true }), retryAttempts: 2 });
      const directorySweep = new events.Rule(this, 'DirectorySweepHourly', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [sweep] });
      this.schedules.push({ name: 'directory-sweep', rule: directorySweep, every: Duration.hours(1) });
      new events.Rule(this, 'DirectorySweepOnCognito', {
        eventPattern: {
          source: ['aws.cognito-idp'],
          detailType: ['AWS API Call via CloudTrail'],
          detail: {
            eventSource: ['cognito-idp.amazonaws.com'],
            eventName: ['AdminDisableUser', 'AdminDeleteUser', 'DeleteUser'],
            requestParameters: { userPoolId: [this.identity.userPool.userPoolId] },
          },
        },
        targets: [sweep],
      });
    }
    const notifications = this.functions.get('notifications');
    // Emails and SMS link to pages of the web front end by its absolute address.
    notifications?.fn.addEnvironment('WEB_ORIGIN', this.web.origin);
    if (notifications)
      this.deliveries = new StreamDeliveries(this, 'Deliveries', {
        table: this.data.table,
        fn: notifications.fn,
        key: this.data.key,
        fromEmail: borough.notifications.fromEmail,
        digestHourUtc: borough.notifications.digestHourUtc,
      });
    if (this.deliveries) this.streamConsumers.push(this.deliveries.consumer);
    // Web Push: the notifications function alone derives the VAPID key.
    if (notifications) this.push = new PushKeys(this, 'Push', { boroughId: borough.id, fn: notifications.fn });
    const outcomes = this.functions.get('outcomes');
    if (outcomes) {
      this.streamConsumers.push(
        new StreamConsumer(this, 'OutcomeAggregates', {
          table: this.data.table,
          fn: outcomes.fn,
          key: this.data.key,
          filter: {
            eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { Keys: { pk: { S: lambda.FilterRule.beginsWith(`${boroughPrefix(borough.id)}#P#`) } }, NewImage: { entity: { S: lambda.FilterRule.or(...OUTCOME_ENTITIES) } } },
          },
          replay: 'An outcome aggregate update failed for good: rebuild the aggregates (npm run outcomes:rebuild -- --aws --borough B).',
        }),
      );
    }
    this.http = new BoroughHttpApi(this, 'Http', {
      boroughId: borough.id,
      services: props.services,
      functions: this.functions,
      userPool: this.identity.userPool,
      clients: [this.identity.webClient, ...this.identity.systemClients.values()],
      throttle: { rateLimit: borough.api.throttleRatePerSecond, burstLimit: borough.api.throttleBurst },
      publicRatePerSecond: borough.api.publicRatePerSecond,
      key: this.data.key,
      stageName: API_PATH_PREFIX.slice(1),
    });
    this.web.addApi(this.http.api, this.http.stage.stageName);
    this.web.deploy(props.webDistDir ?? WEB_DIST_DIR, {
      auth: 'cognito',
      boroughs: [
        {
          id: borough.id,
          name: borough.name,
          api: API_PATH_PREFIX,
          cognito: { domain: this.identity.domain.baseUrl(), clientId: this.identity.webClient.userPoolClientId, issuer: this.identity.userPool.userPoolProviderUrl },
        },
      ],
    });

    const serviceOf = (fn: lambda.IFunction) => [...this.functions].find(([, f]) => f.fn === fn)?.[0] ?? fn.node.id;
    this.operations = new BoroughOperations(this, 'Operations', {
      boroughId: borough.id,
      api: this.http.api,
      stageName: this.http.stage.stageName,
      routeKeys: props.services.flatMap((s) => s.routes.map((r) => `${r.method} ${r.path}`)),
      functions: new Map([...[...this.functions].map(([name, f]) => [name, f.fn] as const), ['audit-anchor', this.audit.anchorFunction.fn] as const]),
      table: this.data.table,
      streamFunctions: new Map(this.streamConsumers.map((c) => [serviceOf(c.fn), c.fn])),
      deadLetters: [
        ...this.streamConsumers.map((c) => ({ name: serviceOf(c.fn), queue: c.deadLetters, replay: c.replay })),
        ...(this.deliveries ? [{ name: 'digest', queue: this.deliveries.digestDeadLetters, replay: this.deliveries.digestRedrive }] : []),
      ],
      key: this.data.key,
      alarmEmails: borough.operations.alarmEmails,
      routeLatencyP99Ms: borough.operations.routeLatencyP99Ms,
      schedules: [...this.schedules, this.audit.schedule, ...(this.deliveries?.schedules ?? [])],
    });

    new CfnOutput(this, 'ApiUrl', { value: `${this.web.origin}${API_PATH_PREFIX}` });
    new CfnOutput(this, 'WebUrl', { value: this.web.origin });
    // For the borough domain's DNS (an alias to this name) and for checks after deploy.
    new CfnOutput(this, 'DistributionDomainName', { value: this.web.distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: this.web.distribution.distributionId });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: this.identity.webClient.userPoolClientId });
    // The ops commands find the generated names here (infra/ops/stack-outputs.ts).
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'BackupVaultName', { value: this.data.vault.backupVaultName });
    // For npm run audit:verify -- --aws (infra/ops/audit-tools.ts): key ids and a bucket name, no secret.
    new CfnOutput(this, 'AuditKeyId', { value: this.audit.chainKey.keyId });
    new CfnOutput(this, 'AuditAnchorKeyId', { value: this.audit.anchorKey.keyId });
    new CfnOutput(this, 'AuditAnchorBucket', { value: this.audit.bucket.bucketName });
  }
}
