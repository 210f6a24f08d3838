import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_ALIASES, BUNDLING, FUNCTION_FILES, FUNCTIONS_DIR, functionFilePath, tracerDefine } from '../infra/constructs/service-function';
import { required } from '../infra/required';
import { median } from './stats';

export interface BundleResult {
  name: string;
  bytes: number;
  file: string;
  metafile: Metafile;
}

/**
 * How the Powertools Tracer is built in: `off` and `on` as a borough's stack builds it (the switch
 * written into the bundle: off, the Tracer is not in it); `lazy` without that constant, so the Tracer
 * is bundled but only required when the environment turns it on (the alternative we did not choose).
 */
export type TracerBuild = 'off' | 'on' | 'lazy';

/**
 * Bundles an entry with the same esbuild options as the CDK functions (and, for a service's handler,
 * copies the files it reads beside it, as the CDK does); returns the minified size.
 */
export const bundle = async (name: string, entry: string | { contents: string }, outdir: string, tracer: TracerBuild = 'off'): Promise<BundleResult> => {
  const file = join(outdir, `${name}.js`);
  const result = await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: join(FUNCTIONS_DIR, '..'), loader: 'ts' as const } }),
    outfile: file,
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: 'cjs',
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    alias: { ...BUNDLE_ALIASES },
    absWorkingDir: join(FUNCTIONS_DIR, '..'),
    ...(tracer === 'lazy' ? {} : { define: tracerDefine(tracer === 'on') }),
    logLevel: 'silent',
    metafile: true,
  });
  if (typeof entry === 'string' && dirname(dirname(entry)) === FUNCTIONS_DIR) {
    for (const extra of FUNCTION_FILES[basename(dirname(entry))] ?? []) copyFileSync(functionFilePath(extra), join(outdir, basename(extra)));
  }
  return { name, bytes: statSync(file).size, file, metafile: result.metafile };
};

const SDK_PACKAGE = /node_modules\/@(aws-sdk|smithy)\//;
const TRACER_PACKAGE = /node_modules\/@aws-lambda-powertools\/tracer\//;

/** The class each SDK client package is constructed from, for a function's skeleton. */
const SDK_CLIENT_CLASSES: Record<string, string> = {
  '@aws-sdk/client-cognito-identity-provider': 'CognitoIdentityProviderClient',
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/client-dynamodb-streams': 'DynamoDBStreamsClient',
  '@aws-sdk/client-sesv2': 'SESv2Client',
  '@aws-sdk/client-sns': 'SNSClient',
  '@aws-sdk/client-sqs': 'SQSClient',
};

/** Bytes in the output of the modules reached from the entry only through modules matching `via`. */
export const bytesOnlyThrough = (metafile: Metafile, via: RegExp): number => {
  const output = required(Object.values(metafile.outputs)[0], 'output of the bundle');
  const entry = required(output.entryPoint, 'entry point of the bundle');
  const reached = new Set<string>([entry]);
  const queue = [entry];
  for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
    for (const { path: next } of metafile.inputs[path]?.imports ?? []) {
      if (reached.has(next) || via.test(next) || !(next in metafile.inputs)) continue;
      reached.add(next);
      queue.push(next);
    }
  }
  return Object.entries(output.inputs).reduce((sum, [path, { bytesInOutput }]) => sum + (reached.has(path) ? 0 : bytesInOutput), 0);
};

/** The SDK client packages a bundle imports from outside the SDK itself. */
export const sdkClientsOf = (metafile: Metafile): string[] => {
  const clients = new Set<string>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (SDK_PACKAGE.test(path)) continue;
    for (const imported of input.imports) {
      const client = /node_modules\/(@aws-sdk\/client-[^/]+)\//.exec(imported.path)?.[1];
      if (client) clients.add(client);
    }
  }
  return [...clients].sort();
};

/**
 * A function that imports only what every function must have: the SDK clients it uses (each
 * constructed, the DynamoDB one wrapped by the document client) and the router. The floor against
 * which a function's cold import is compared (issue 9).
 */
export const bundleSkeleton = (name: string, clients: readonly string[], outdir: string): Promise<BundleResult> => {
  const lines = [
    "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    "import { Router } from '@aws-lambda-powertools/event-handler/http';",
    'const app = new Router();',
    'const clients: unknown[] = [];',
  ];
  for (const pkg of clients) {
    const cls = SDK_CLIENT_CLASSES[pkg];
    if (!cls) throw new Error(`bench: no skeleton client class known for ${pkg}; add it to SDK_CLIENT_CLASSES`);
    lines.push(`import { ${cls} } from '${pkg}';`, cls === 'DynamoDBClient' ? `clients.push(DynamoDBDocumentClient.from(new ${cls}({})));` : `clients.push(new ${cls}({}));`);
  }
  lines.push('export const handler = (event: unknown, context: any) => (clients.length ? app.resolve(event, context) : undefined);');
  return bundle(name, { contents: lines.join('\n') }, outdir);
};

export const sdkBytes = (metafile: Metafile): number => bytesOnlyThrough(metafile, SDK_PACKAGE);
export const tracerBytes = (metafile: Metafile): number => bytesOnlyThrough(metafile, TRACER_PACKAGE);

export const serviceEntry = (service: string): string => join(FUNCTIONS_DIR, service, 'handler.ts');

/** Median wall time (ms) of a fresh Node process requiring the bundle, over `runs` processes. */
export const coldImportMs = (file: string, env: Record<string, string>, runs: number): number => {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
    if (run.status !== 0) throw new Error(`cold import of ${file} failed: ${run.stderr.slice(-800)}`);
    times.push(Number(run.stdout));
  }
  return median(times);
};

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'bench-'));
