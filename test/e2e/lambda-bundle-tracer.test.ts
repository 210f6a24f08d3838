import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bundle, serviceEntry, tempDir, tracerBytes } from '../../bench/bundles';
import { lambdaContext, toHttpEvent } from '../../infra/local/http-event';
import { loadBoroughs } from '../../infra/boroughs';

/** Answers of a bundle loaded in a fresh Node process with the stack's environment. */
const invoke = (file: string, env: Record<string, string>, events: unknown[]): { statusCode: number; body: string }[] => {
  const script = `const { handler } = require(${JSON.stringify(file)});
    (async () => { const out = []; for (const e of ${JSON.stringify(events)}) out.push(await handler(e, ${JSON.stringify(lambdaContext('tracer-test'))})); process.stdout.write(JSON.stringify(out)); })()
      .catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      TABLE_NAME: 'unused',
      BOROUGH_CONFIG: JSON.stringify(loadBoroughs()[0]),
      AWS_REGION: 'eu-west-2',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      ...env,
    },
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { statusCode: number; body: string }[];
};

/** The bundle as a borough's stack builds it: with the Tracer off (the default) it holds none of it. */
describe('the Powertools Tracer in the bundled functions', () => {
  const outdir = tempDir();
  // A request that needs no table (here there is none): every request of a person reads their account status.
  const me = toHttpEvent({ method: 'GET', path: '/openapi.json' });

  it('off: not in the bundle, and the function answers', async () => {
    const off = await bundle('boroughs-off', serviceEntry('boroughs'), outdir, 'off');
    expect(Object.keys(off.metafile.inputs).filter((path) => path.includes('@aws-lambda-powertools/tracer'))).toEqual([]);
    expect(tracerBytes(off.metafile)).toBe(0);
    expect(invoke(off.file, { POWERTOOLS_TRACE_ENABLED: 'false' }, [me])[0]).toMatchObject({ statusCode: 200 });
  });

  it('on: bundled (about 120 KB), loaded, and the function answers', async () => {
    const on = await bundle('boroughs-on', serviceEntry('boroughs'), outdir, 'on');
    expect(tracerBytes(on.metafile)).toBeGreaterThan(50 * 1024);
    expect(invoke(on.file, { POWERTOOLS_TRACE_ENABLED: 'true' }, [me])[0]).toMatchObject({ statusCode: 200 });
  });

  it('serves the API document from beside the bundle, not built at cold start', async () => {
    const off = await bundle('boroughs', serviceEntry('boroughs'), join(outdir, 'served'), 'off');
    const [doc] = invoke(off.file, {}, [toHttpEvent({ method: 'GET', path: '/openapi.json' })]);
    expect(doc!.statusCode).toBe(200);
    expect(JSON.parse(doc!.body)).toMatchObject({ openapi: '3.1.0', info: { title: `Recovery platform: ${loadBoroughs()[0]!.name}` } });
    expect(Object.keys(off.metafile.inputs).filter((path) => /functions\/services|shared\/http\/openapi/.test(path))).toEqual([]);
  });
});
