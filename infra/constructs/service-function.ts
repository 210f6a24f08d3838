import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { basename, join } from 'node:path';
import { FONT_FILES, FONT_PACKAGE_DIR } from '../../functions/plans/pdf/fonts';
import { compactBoroughConfig, type BoroughConfig } from '../../shared/domain/borough-config';
import { METRICS_NAMESPACE } from '../../shared/runtime/observability';
import { leadingKeysFor, type TableAccess, type TableAction } from '../../shared/store/table-access';
import { AUDIT_ENTRY_ONLY_ATTRIBUTES } from '../../functions/table-access';
import { patientPartition } from '../../shared/store/keys';

export const FUNCTIONS_DIR = join(__dirname, '..', '..', 'functions');
const PROJECT_ROOT = join(FUNCTIONS_DIR, '..');

/** The esbuild options every function is bundled with; the bench bundles with the same. */
export const BUNDLING = {
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: 'node22',
  format: OutputFormat.CJS,
  // The SDK is bundled, not taken from the runtime, so that what was tested is what runs.
  externalModules: [] as string[],
  mainFields: ['module', 'main'],
} as const;

/**
 * Packages swapped out of every bundle: brotli is fontkit's WOFF2 decoder (475 KB), and the PDFs are
 * set in TTF fonts only. A path from the project root, where esbuild runs.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = { brotli: './infra/bundling/no-brotli' };

/**
 * The Powertools Tracer's switch (design decision 9), from the borough file: set in the environment,
 * where Powertools reads it, and written into the bundle as a constant, where shared/runtime/deps.ts
 * reads it, so that a function built with the Tracer off does not contain it at all.
 */
export const tracerDefine = (tracer: boolean): Record<string, string> => ({ 'process.env.POWERTOOLS_TRACE_ENABLED': JSON.stringify(String(tracer)) });

/**
 * Files a function reads beside its bundle (under their own names), from the project root: the API
 * document, generated at build time (scripts/openapi.ts), not at cold start; the fonts the plans
 * function prints PDFs in (functions/plans/pdf/fonts.ts).
 */
export const FUNCTION_FILES: Readonly<Record<string, readonly string[]>> = {
  boroughs: ['functions/boroughs/openapi.json'],
  plans: Object.values(FONT_FILES).map((file) => `${FONT_PACKAGE_DIR}/${file}`),
};

/** A function file's path on this machine. */
export const functionFilePath = (file: string): string => join(PROJECT_ROOT, file);

/** Copies a function's FUNCTION_FILES beside its bundle (CDK's afterBundling hook; `inputDir` is the project root). */
const copyFunctionFiles =
  (service: string) =>
  (inputDir: string, outputDir: string): string[] =>
    (FUNCTION_FILES[service] ?? []).map((file) => `cp "${inputDir}/${file}" "${outputDir}/${basename(file)}"`);

export interface ServiceFunctionProps {
  service: string;
  borough: BoroughConfig;
  tableName: string;
  key: kms.IKey;
  environment?: Record<string, string>;
  /** 10 s unless the service has work beside its routes that takes longer (the API Gateway answers after 30 s whatever this is). */
  timeout?: Duration;
  /** A scheduled job's function that never takes API traffic reserves none of the borough's concurrency (`api.reservedConcurrency`). */
  unreserved?: boolean;
}

/**
 * One Lambda function per service: functions/<service>/handler.ts, bundled, traced by Lambda (active
 * tracing, always) and by the Powertools Tracer where the borough turns it on, logging to an encrypted group.
 */
export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    // No fixed function or log group names: the log group is kept when the stack is deleted, and a
    // kept group with a fixed name would make the next deploy fail with "already exists".
    const logGroup = (this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    }));
    // Our own role: logs to its own group only, instead of AWSLambdaBasicExecutionRole's logs:* on every group.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `${props.borough.id} ${props.service} function` });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`] }));
    this.fn = new NodejsFunction(this, 'Function', {
      description: `Recovery platform ${props.borough.id}: ${props.service} service`,
      role,
      entry: join(FUNCTIONS_DIR, props.service, 'handler.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: lambda.Tracing.ACTIVE,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup,
      ...(props.borough.api.reservedConcurrency !== undefined && !props.unreserved ? { reservedConcurrentExecutions: props.borough.api.reservedConcurrency } : {}),
      bundling: {
        ...BUNDLING,
        externalModules: [...BUNDLING.externalModules],
        mainFields: [...BUNDLING.mainFields],
        esbuildArgs: Object.fromEntries(Object.entries(BUNDLE_ALIASES).map(([name, path]) => [`--alias:${name}`, path])),
        define: tracerDefine(props.borough.observability.tracer),
        commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: copyFunctionFiles(props.service) },
      },
      environment: {
        TABLE_NAME: props.tableName,
        BOROUGH_CONFIG: JSON.stringify(compactBoroughConfig(props.borough)),
        POWERTOOLS_SERVICE_NAME: props.service,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_TRACE_ENABLED: String(props.borough.observability.tracer),
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    });
  }

  /**
   * Only the table actions this function uses (functions/table-access.ts), on the borough's table and,
   * for Query, its indexes; actions limited to some partitions carry IAM's `dynamodb:LeadingKeys`.
   */
  grantTable(table: dynamodb.ITable, key: kms.IKey, boroughId: string, access: TableAccess): void {
    const resources = (action: TableAction) => (action === 'Query' ? [table.tableArn, `${table.tableArn}/index/*`] : [table.tableArn]);
    const open = access.actions.filter((action) => !leadingKeysFor(access, action, boroughId));
    if (open.length > 0) this.fn.addToRolePolicy(new iam.PolicyStatement({ actions: open.map((a) => `dynamodb:${a}`), resources: [...new Set(open.flatMap(resources))] }));
    for (const action of access.actions.filter((a) => leadingKeysFor(access, a, boroughId))) {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: [`dynamodb:${action}`],
          resources: resources(action),
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeysFor(access, action, boroughId) } },
        }),
      );
    }
    // Items are encrypted with the borough's key: reading needs Decrypt, writing Encrypt too.
    const writes = access.actions.some((a) => !['GetItem', 'BatchGetItem', 'Query', 'Scan'].includes(a));
    if (writes) this.denyAuditChanges(table, boroughId, access);
    if (writes) key.grantEncryptDecrypt(this.fn);
    else key.grantDecrypt(this.fn);
  }

  /**
   * What IAM can say of audit entries, which share each patient's partition with the data: no delete
   * in a patient's partition (unless the function's table access names patient partitions for
   * DeleteItem: the retention sweep), and no UpdateItem that names an attribute only audit entries
   * have (dynamodb:Attributes). Explicit denies: no later allow can undo them. A PutItem that overwrites
   * an entry is beyond IAM; the MAC and the anchor catch it (docs/security.md, "The audit log").
   */
  private denyAuditChanges(table: dynamodb.ITable, boroughId: string, access: TableAccess): void {
    const patients = patientPartition(boroughId, '*');
    if (!(leadingKeysFor(access, 'DeleteItem', boroughId) ?? []).includes(patients)) {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          actions: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
          resources: [table.tableArn],
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [patients] } },
        }),
      );
    }
    this.fn.addToRolePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        actions: ['dynamodb:UpdateItem'],
        resources: [table.tableArn],
        conditions: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [...AUDIT_ENTRY_ONLY_ATTRIBUTES] } },
      }),
    );
  }
}
