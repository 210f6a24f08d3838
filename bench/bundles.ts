import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING, FUNCTIONS_DIR } from '../infra/constructs/service-function';
import { median } from './stats';

export interface BundleResult {
  name: string;
  bytes: number;
  file: string;
}

/** Bundles an entry with the same esbuild options as the CDK functions; returns the minified size. */
export const bundle = async (name: string, entry: string | { contents: string }, outdir: string): Promise<BundleResult> => {
  const file = join(outdir, `${name}.js`);
  await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: join(FUNCTIONS_DIR, '..'), loader: 'ts' as const } }),
    outfile: file,
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: 'cjs',
    minify: BUNDLING.minify,
    mainFields: [...BUNDLING.mainFields],
    logLevel: 'silent',
  });
  return { name, bytes: statSync(file).size, file };
};

/**
 * A function that imports only what every function must have: the DynamoDB clients and the router.
 * The floor against which each function's size and cold import are compared.
 */
export const bundleSkeleton = (outdir: string): Promise<BundleResult> =>
  bundle(
    'skeleton',
    {
      contents: [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
      "import { Router } from '@aws-lambda-powertools/event-handler/http';",
      'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      'const app = new Router();',
        "export const handler = (event: unknown, context: any) => (doc ? app.resolve(event, context) : undefined);",
      ].join('\n'),
    },
    outdir,
  );

export const serviceEntry = (service: string): string => join(FUNCTIONS_DIR, service, 'handler.ts');

/** Median wall time (ms) of a fresh Node process requiring the bundle, over `runs` processes. */
export const coldImportMs = (file: string, env: Record<string, string>, runs: number): number => {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
    if (run.status !== 0) throw new Error(`cold import of ${file} failed: ${run.stderr}`);
    times.push(Number(run.stdout));
  }
  return median(times);
};

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'bench-'));
