import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../infra/app';
import { BOROUGHS_DIR, BOROUGHS_DIR_CONTEXT, loadBoroughs } from '../../infra/boroughs';
import { DEFAULT_ACCOUNT_CONCURRENCY, UNRESERVED_MINIMUM } from '../../infra/concurrency';
import { defaultBorough } from '../../infra/ops/borough-add';
import { SERVICES } from '../../functions/services';
import type { BoroughConfig } from '../../shared/domain/borough-config';
import { errorsOf, manifestOf, resourcesOf, ROOT, stacksOf, synth, type StackTemplate } from './cdk-cli-run';

/**
 * Eight boroughs in one account, synthesized once through the CDK CLI as an operator would, and the
 * sums that only show across stacks: concurrency, names AWS wants unique, size per stack and the
 * account's quotas. Every check goes over all stacks of the assembly, whatever stacks a borough has.
 */

const ACCOUNT = '123456789012';

/** The North East London boroughs (and the City): the demo files where the repo has one, else borough:add's defaults. */
const NEL: readonly (readonly [id: string, name: string])[] = [
  ['barking-and-dagenham', 'Barking and Dagenham'],
  ['city-and-hackney', 'City and Hackney'],
  ['city-of-london', 'City of London'],
  ['havering', 'Havering'],
  ['newham', 'Newham'],
  ['redbridge', 'Redbridge'],
  ['tower-hamlets', 'Tower Hamlets'],
  ['waltham-forest', 'Waltham Forest'],
];

const DEMOS = new Map(loadBoroughs(BOROUGHS_DIR).map((b) => [b.id, b]));

/** A borough as the repo has it, or as borough:add writes a real one (its own domain, someone on call). */
const boroughFor = (id: string, name: string): BoroughConfig => {
  const demo = DEMOS.get(id);
  if (demo) return demo;
  const borough = defaultBorough(id, name, `no-reply@recovery.${id}.nhs.uk`);
  return { ...borough, operations: { ...borough.operations, alarmEmails: [`oncall@recovery.${id}.nhs.uk`] } };
};

const writeBoroughs = (dir: string, api: Partial<BoroughConfig['api']> = {}): void => {
  for (const [id, name] of NEL) {
    const borough = boroughFor(id, name);
    writeFileSync(join(dir, `${id}.json`), JSON.stringify({ ...borough, api: { ...borough.api, ...api } }, null, 2));
  }
};

/** Names AWS requires unique beyond one stack; `scope` says where (the AWS documentation of each resource). */
const UNIQUE_NAMES: readonly { type: string; path: string; scope: string }[] = [
  { type: 'AWS::Cognito::UserPoolDomain', path: 'Domain', scope: 'every account in the region' },
  { type: 'AWS::SES::EmailIdentity', path: 'EmailIdentity', scope: 'account and region' },
  { type: 'AWS::CloudWatch::Alarm', path: 'AlarmName', scope: 'account and region' },
  { type: 'AWS::CloudWatch::Dashboard', path: 'DashboardName', scope: 'account (dashboards are global)' },
  { type: 'AWS::KMS::Alias', path: 'AliasName', scope: 'account and region' },
  { type: 'AWS::Backup::BackupVault', path: 'BackupVaultName', scope: 'account and region' },
  { type: 'AWS::Backup::BackupPlan', path: 'BackupPlan.BackupPlanName', scope: 'account and region' },
  { type: 'AWS::CloudFront::ResponseHeadersPolicy', path: 'ResponseHeadersPolicyConfig.Name', scope: 'account (CloudFront is global)' },
  { type: 'AWS::CloudFront::OriginAccessControl', path: 'OriginAccessControlConfig.Name', scope: 'account (CloudFront is global)' },
  { type: 'AWS::CloudFront::CachePolicy', path: 'CachePolicyConfig.Name', scope: 'account (CloudFront is global)' },
  { type: 'AWS::CloudFront::OriginRequestPolicy', path: 'OriginRequestPolicyConfig.Name', scope: 'account (CloudFront is global)' },
  { type: 'AWS::CloudFront::Function', path: 'Name', scope: 'account (CloudFront is global)' },
  { type: 'AWS::WAFv2::WebACL', path: 'Name', scope: 'account, region and scope' },
  { type: 'AWS::WAFv2::IPSet', path: 'Name', scope: 'account, region and scope' },
  { type: 'AWS::WAFv2::RuleGroup', path: 'Name', scope: 'account, region and scope' },
  { type: 'AWS::Events::Rule', path: 'Name', scope: 'event bus' },
  { type: 'AWS::SNS::Topic', path: 'TopicName', scope: 'account and region' },
  { type: 'AWS::SQS::Queue', path: 'QueueName', scope: 'account and region' },
  { type: 'AWS::S3::Bucket', path: 'BucketName', scope: 'every account' },
  { type: 'AWS::IAM::Role', path: 'RoleName', scope: 'account (IAM is global)' },
  { type: 'AWS::IAM::ManagedPolicy', path: 'ManagedPolicyName', scope: 'account (IAM is global)' },
  { type: 'AWS::ApiGatewayV2::DomainName', path: 'DomainName', scope: 'every account in the region' },
  { type: 'AWS::CertificateManager::Certificate', path: 'DomainName', scope: 'none (a certificate per borough is fine)' },
];

/** Names AWS keeps within a parent resource (a user pool, an API, a role) or never requires unique. */
const SCOPED_NAMES: ReadonlySet<string> = new Set([
  'AWS::ApiGatewayV2::Api Name',
  'AWS::ApiGatewayV2::Authorizer Name',
  'AWS::ApiGatewayV2::Stage StageName',
  'AWS::Cognito::UserPool UserPoolName',
  'AWS::Cognito::UserPoolClient ClientName',
  'AWS::Cognito::UserPoolGroup GroupName',
  'AWS::Cognito::UserPoolResourceServer Name',
  'AWS::IAM::Policy PolicyName',
  'AWS::SNS::Topic DisplayName',
  'AWS::CloudWatch::Alarm MetricName',
  'AWS::WAFv2::WebACL VisibilityConfig.MetricName',
  'AWS::Backup::BackupSelection BackupSelection.SelectionName',
  'AWS::DynamoDB::Table TimeToLiveSpecification.AttributeName',
]);

/**
 * Collisions known and reported, each asserted exactly so that the fix turns this test red until the
 * entry goes. None today (the backup plans, once all named "BackupPlan", carry their stack's name).
 */
const KNOWN_DUPLICATES: Readonly<Record<string, readonly string[]>> = {};

/** Names that must never be fixed: a retained resource with a fixed name makes a retried deploy fail. */
const NEVER_NAMED: readonly { type: string; path: string }[] = [
  { type: 'AWS::Lambda::Function', path: 'FunctionName' },
  { type: 'AWS::DynamoDB::Table', path: 'TableName' },
  { type: 'AWS::Logs::LogGroup', path: 'LogGroupName' },
];

const PSEUDO = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::URLSuffix']);

/**
 * The name a value always resolves to in this account and region, or undefined when CloudFormation or
 * the stack makes it (a Ref to a resource, the stack id): those differ between stacks by themselves.
 */
const fixedName = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (!join) return undefined;
  const parts = join[1].map((p) => (typeof p === 'string' ? p : PSEUDO.has((p as { Ref?: string }).Ref ?? '') ? `\${${(p as { Ref: string }).Ref}}` : undefined));
  return parts.every((p) => p !== undefined) ? parts.join(join[0]) : undefined;
};

const at = (properties: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), properties);

/** Every name-like property of a resource, at the top or one object down (CloudFront's `*Config.Name`). */
const namesOf = (properties: Record<string, unknown>): [path: string, value: unknown][] =>
  Object.entries(properties).flatMap(([key, value]): [string, unknown][] => {
    if (/Name$|^Domain$|^EmailIdentity$/.test(key)) return [[key, value]];
    if (value && typeof value === 'object' && !Array.isArray(value) && !/Environment|Tags/.test(key))
      return Object.entries(value as Record<string, unknown>)
        .filter(([inner]) => /Name$/.test(inner))
        .map(([inner, v]) => [`${key}.${inner}`, v]);
    return [];
  });

const duplicates = (values: readonly string[]): string[] => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];

const regionOf = (stack: StackTemplate): string => stack.environment.split('/').pop() ?? '';

/**
 * Quotas a template shows how much of it takes, at their documented defaults. `region`: per account and
 * region (the largest region counts); `account`: one for the whole account, whatever the region.
 */
const QUOTAS: readonly { type: string; label: string; quota?: number; scope: 'region' | 'account'; source: string }[] = [
  // https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html: no quota on the number of functions (storage and concurrency are checked below).
  { type: 'AWS::Lambda::Function', label: 'Lambda functions', scope: 'region', source: 'Lambda quotas: no count quota' },
  // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-queues.html: no quota on the number of queues.
  { type: 'AWS::SQS::Queue', label: 'SQS queues', scope: 'region', source: 'SQS quotas: no count quota' },
  // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html: "No limit on the total number of alarms per account" (the old 5,000 per region is gone); each costs money.
  { type: 'AWS::CloudWatch::Alarm', label: 'CloudWatch alarms', scope: 'region', source: 'CloudWatch quotas: no count quota (was 5,000 per region)' },
  // https://docs.aws.amazon.com/cognito/latest/developerguide/quotas.html#resource-quotas: user pools per account (and region).
  { type: 'AWS::Cognito::UserPool', label: 'Cognito user pools', quota: 1000, scope: 'region', source: 'Cognito resource quotas' },
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html: rules per event bus (every schedule here is on the default bus).
  { type: 'AWS::Events::Rule', label: 'EventBridge rules (default bus)', quota: 300, scope: 'region', source: 'EventBridge quotas' },
  // https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html: customer managed keys per account and region.
  { type: 'AWS::KMS::Key', label: 'KMS customer managed keys', quota: 100_000, scope: 'region', source: 'KMS resource quotas' },
  { type: 'AWS::KMS::Alias', label: 'KMS aliases', quota: 50_000, scope: 'region', source: 'KMS resource quotas' },
  // https://docs.aws.amazon.com/ses/latest/dg/quotas.html: verified identities per region.
  { type: 'AWS::SES::EmailIdentity', label: 'SES identities', quota: 10_000, scope: 'region', source: 'SES quotas' },
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: roles per account (global, adjustable to 5,000).
  { type: 'AWS::IAM::Role', label: 'IAM roles', quota: 1000, scope: 'account', source: 'IAM quotas' },
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html (global, per account).
  { type: 'AWS::CloudFront::Distribution', label: 'CloudFront distributions', quota: 200, scope: 'account', source: 'CloudFront quotas' },
  { type: 'AWS::CloudFront::ResponseHeadersPolicy', label: 'CloudFront response headers policies', quota: 20, scope: 'account', source: 'CloudFront quotas on policies' },
  { type: 'AWS::CloudFront::CachePolicy', label: 'CloudFront cache policies', quota: 20, scope: 'account', source: 'CloudFront quotas on policies (not adjustable)' },
  { type: 'AWS::CloudFront::OriginAccessControl', label: 'CloudFront origin access controls', quota: 100, scope: 'account', source: 'CloudFront quotas' },
  // https://docs.aws.amazon.com/waf/latest/developerguide/limits.html: web ACLs per account, region and scope.
  { type: 'AWS::WAFv2::WebACL', label: 'WAF web ACLs', quota: 100, scope: 'region', source: 'WAF quotas' },
  // https://docs.aws.amazon.com/aws-backup/latest/devguide/aws-backup-limits.html: vaults and plans per account and region.
  { type: 'AWS::Backup::BackupVault', label: 'Backup vaults', quota: 100, scope: 'region', source: 'AWS Backup quotas' },
  { type: 'AWS::Backup::BackupPlan', label: 'Backup plans', quota: 100, scope: 'region', source: 'AWS Backup quotas' },
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html: tables per account and region.
  { type: 'AWS::DynamoDB::Table', label: 'DynamoDB tables', quota: 2500, scope: 'region', source: 'DynamoDB quotas' },
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html: HTTP APIs per account and region.
  { type: 'AWS::ApiGatewayV2::Api', label: 'HTTP APIs', quota: 600, scope: 'region', source: 'API Gateway HTTP API quotas' },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html: general purpose buckets per account (10,000 since November 2024; 100 asserted, the old default).
  { type: 'AWS::S3::Bucket', label: 'S3 buckets', quota: 100, scope: 'account', source: 'S3 bucket quotas' },
];

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
const CFN = { resources: 500, resourcesAsserted: 400, outputs: 200, parameters: 200, templateBytes: 1_048_576, stacksPerRegion: 2000 };
// https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
const LAMBDA = { environmentBytes: 4096, unzippedBytes: 262_144_000, storageBytes: 75 * 1024 ** 3 };
/** What a Ref or GetAtt in an environment variable can resolve to at most (a name, URL or ARN). */
const INTRINSIC_BYTES = 255;

const countsBy = (stacks: readonly StackTemplate[], type: string, scope: 'region' | 'account'): number => {
  const perScope = new Map<string, number>();
  for (const s of stacks) {
    const key = scope === 'region' ? regionOf(s) : 'account';
    perScope.set(key, (perScope.get(key) ?? 0) + Object.values(s.template.Resources).filter((r) => r.Type === type).length);
  }
  return Math.max(0, ...perScope.values());
};

/** Size of a function's bundle as staged in the assembly (a folder zipped at publish, or a zip). */
const assetBytes = (outdir: string, code: unknown): number => {
  const key = (code as { S3Key?: unknown } | undefined)?.S3Key;
  if (typeof key !== 'string') return 0;
  const hash = key.replace(/\.zip$/, '');
  const path = [join(outdir, `asset.${hash}`), join(outdir, `asset.${hash}.zip`)].find(existsSync);
  if (!path) return 0;
  const size = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((sum, f) => sum + size(join(p, f)), 0) : statSync(p).size);
  return size(path);
};

const environmentBytes = (variables: Record<string, unknown>): number =>
  Object.entries(variables).reduce((sum, [k, v]) => sum + k.length + (typeof v === 'string' ? Buffer.byteLength(v) : INTRINSIC_BYTES), 0);

describe(`${NEL.length} boroughs in one account, through the CDK CLI (-c ${BOROUGHS_DIR_CONTEXT})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'boroughs-8-'));
  writeBoroughs(dir);
  const run = synth({ AWS_REGION: 'eu-west-2', CDK_DEFAULT_ACCOUNT: ACCOUNT }, ['-c', `${BOROUGHS_DIR_CONTEXT}=${dir}`], 480_000);
  const stacks = run.status === 0 ? stacksOf(run.outdir) : [];
  // Printed for reviewers: the numbers behind the assertions.
  const report = (label: string, rows: Record<string, Record<string, number | string>>): void => {
    console.log(label);
    console.table(rows);
  };

  it(`synthesizes a stack per borough with 0 cdk-nag errors (synth took ${run.seconds.toFixed(0)} s)`, () => {
    expect({ status: run.status, errors: errorsOf(run.output) }).toEqual({ status: 0, errors: [] });
    const report = JSON.parse(readFileSync(join(run.outdir, 'validation-report.json'), 'utf8')) as { pluginReports: { pluginName: string; violations: unknown[] }[] };
    for (const plugin of report.pluginReports) expect({ plugin: plugin.pluginName, violations: plugin.violations }).toEqual({ plugin: plugin.pluginName, violations: [] });
    const manifest = manifestOf(run.outdir);
    for (const [id] of NEL) expect(manifest[`Recovery-${id}`]?.environment).toBe(`aws://${ACCOUNT}/eu-west-2`);
    expect(stacks.length).toBeGreaterThanOrEqual(NEL.length);
    expect(stacks.length).toBeLessThanOrEqual(CFN.stacksPerRegion);
  });

  describe('concurrency', () => {
    const functions = resourcesOf(stacks, 'AWS::Lambda::Function');
    const reserved = functions.reduce((sum, f) => sum + Number(f.properties.ReservedConcurrentExecutions ?? 0), 0);
    // Pollers of SQS event sources take from the unreserved pool up to their maximum concurrency.
    const sqsPollers = resourcesOf(stacks, 'AWS::Lambda::EventSourceMapping').reduce(
      (sum, m) => sum + Number((m.properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency ?? 0),
      0,
    );

    it(`reserves nothing by default: ${reserved} reserved over ${functions.length} functions, ${DEFAULT_ACCOUNT_CONCURRENCY - reserved} unreserved of ${DEFAULT_ACCOUNT_CONCURRENCY}; SQS pollers at most ${sqsPollers}`, () => {
      expect(reserved).toBe(0);
      expect(DEFAULT_ACCOUNT_CONCURRENCY - reserved).toBeGreaterThanOrEqual(UNRESERVED_MINIMUM);
      expect(sqsPollers).toBeLessThanOrEqual(DEFAULT_ACCOUNT_CONCURRENCY - reserved - UNRESERVED_MINIMUM);
    });

    it('refuses at synth boroughs whose reservations together exceed the account quota, saying so', () => {
      const over = mkdtempSync(join(tmpdir(), 'boroughs-8-reserving-'));
      writeBoroughs(over, { reservedConcurrency: 20 });
      const boroughs = loadBoroughs(over);
      const total = boroughs.length * SERVICES.length * 20;
      expect(total).toBeGreaterThan(DEFAULT_ACCOUNT_CONCURRENCY - UNRESERVED_MINIMUM);
      expect(() => buildApp(boroughs)).toThrow(
        new RegExp(
          `reserves ${total} concurrent executions in all .* limit is ${DEFAULT_ACCOUNT_CONCURRENCY} keeps ${UNRESERVED_MINIMUM} unreserved, so at most ${DEFAULT_ACCOUNT_CONCURRENCY - UNRESERVED_MINIMUM} can be reserved`,
        ),
      );
    });
  });

  describe('names that must be unique', () => {
    it.each(UNIQUE_NAMES.map((n) => [`${n.type} ${n.path}`, n] as const))('%s: no fixed name twice in the account', (key, { type, path }) => {
      const names = resourcesOf(stacks, type)
        .map((r) => fixedName(at(r.properties, path)))
        .filter((n): n is string => n !== undefined);
      expect(duplicates(names)).toEqual(KNOWN_DUPLICATES[key] ?? []);
    });

    it('gives every borough its own Cognito domain prefix and SES identity', () => {
      for (const type of ['AWS::Cognito::UserPoolDomain', 'AWS::SES::EmailIdentity']) {
        expect(new Set(resourcesOf(stacks, type).map((r) => r.stack)).size).toBeGreaterThanOrEqual(NEL.length);
      }
    });

    it('names each fixed name either as unique above or as scoped to its parent (a new named resource needs a decision)', () => {
      const known = new Set(UNIQUE_NAMES.map((n) => `${n.type} ${n.path}`));
      const unknown = stacks.flatMap((s) =>
        Object.values(s.template.Resources).flatMap((r) =>
          namesOf(r.Properties ?? {})
            .filter(([path, value]) => fixedName(value) !== undefined && !known.has(`${r.Type} ${path}`) && !SCOPED_NAMES.has(`${r.Type} ${path}`))
            .map(([path]) => `${r.Type} ${path}`),
        ),
      );
      expect([...new Set(unknown)]).toEqual([]);
    });

    it('fixes no function, table or log group name', () => {
      // A name made from the stack's own id (WAF requires its log group to be named aws-waf-logs-*) is
      // new with every stack, so it never collides with one kept from a deleted stack.
      const fixed = (value: unknown) => value !== undefined && !JSON.stringify(value).includes('"AWS::StackId"');
      for (const { type, path } of NEVER_NAMED) expect(resourcesOf(stacks, type).filter((r) => fixed(at(r.properties, path)))).toEqual([]);
    });

    it('keeps alarm names within 255 characters', () => {
      const longest = Math.max(...resourcesOf(stacks, 'AWS::CloudWatch::Alarm').map((r) => (fixedName(r.properties.AlarmName) ?? '').length));
      expect(longest).toBeLessThanOrEqual(255);
    });
  });

  describe('each stack within CloudFormation limits', () => {
    const rows = Object.fromEntries(
      stacks.map((s) => [
        s.id,
        {
          resources: Object.keys(s.template.Resources).length,
          outputs: Object.keys(s.template.Outputs ?? {}).length,
          parameters: Object.keys(s.template.Parameters ?? {}).length,
          kB: Math.round(s.bytes / 1024),
        },
      ]),
    );
    report('Resources per stack', rows);

    it.each(Object.entries(rows))(`%s: %j (limits ${CFN.resources} resources, asserted ${CFN.resourcesAsserted}; ${CFN.outputs} outputs; 1 MB)`, (_, row) => {
      expect(row.resources).toBeLessThanOrEqual(CFN.resourcesAsserted);
      expect(row.outputs).toBeLessThanOrEqual(CFN.outputs);
      expect(row.parameters).toBeLessThanOrEqual(CFN.parameters);
      expect(row.kB * 1024).toBeLessThan(CFN.templateBytes);
    });
  });

  describe('Lambda limits per function and per region', () => {
    const functions = resourcesOf(stacks, 'AWS::Lambda::Function');
    const env = functions.map((f) => environmentBytes((f.properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}));
    const sizes = functions.map((f) => assetBytes(run.outdir, f.properties.Code));
    const layers = resourcesOf(stacks, 'AWS::Lambda::LayerVersion').map((l) => assetBytes(run.outdir, l.properties.Content));
    const storage = [...sizes, ...layers].reduce((a, b) => a + b, 0);

    it(`keeps every function's environment under 4 KB (largest ${Math.max(0, ...env)} bytes, a Ref counted as ${INTRINSIC_BYTES})`, () => {
      expect(Math.max(...env)).toBeLessThanOrEqual(LAMBDA.environmentBytes);
    });

    it(`stays within the code storage of a region (${(storage / 1024 ** 2).toFixed(0)} MB unzipped of 75 GB) and 250 MB unzipped per function`, () => {
      expect(Math.max(...sizes)).toBeLessThanOrEqual(LAMBDA.unzippedBytes);
      expect(storage).toBeLessThan(LAMBDA.storageBytes);
    });
  });

  describe('the account quotas the boroughs add up to', () => {
    const sums = QUOTAS.map((q) => ({ ...q, used: countsBy(stacks, q.type, q.scope) }));
    report('Account sums', Object.fromEntries(sums.map((s) => [s.label, { used: s.used, quota: s.quota ?? 'none', per: s.scope, source: s.source }])));

    // Those without a count quota (functions, queues, alarms) are in the table only.
    it.each(sums.filter((s) => s.quota !== undefined).map((s) => [s.label, s.used, s.quota!, s.scope] as const))('%s: %d of %d per %s', (_, used, quota) => {
      expect(used).toBeLessThanOrEqual(quota);
    });
  });
});

describe(`the app's borough folder (-c ${BOROUGHS_DIR_CONTEXT})`, () => {
  // The app alone, as the CLI runs it, with the context the CLI passes; it fails before building anything.
  const app = (context: Record<string, string>) =>
    spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'infra/bin/app.ts')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: mkdtempSync(join(tmpdir(), 'cdk-out-')) },
    });

  it('refuses a folder that does not exist, saying which', () => {
    const run = app({ [BOROUGHS_DIR_CONTEXT]: join(tmpdir(), 'no-such-boroughs') });
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 1, stderr: expect.stringMatching(/^Borough folder .*no-such-boroughs does not exist or is not a folder/) });
  });

  it('refuses a folder without borough files instead of synthesizing no stack', () => {
    const run = app({ [BOROUGHS_DIR_CONTEXT]: mkdtempSync(join(tmpdir(), 'empty-boroughs-')) });
    expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({ status: 1, stderr: expect.stringMatching(/empty-boroughs-\w+ holds no borough file/) });
  });
});
