import middy from '@middy/core';
import { loadBoroughs } from '../../infra/boroughs';
import { makeHttpHandler } from '../../shared/http/handler';
import { toHttpEvent, lambdaContext } from '../../infra/local/http-event';
import { depsFromEnv, makeDeps, type Deps } from '../../shared/runtime/deps';
import { makeObservability } from '../../shared/runtime/observability';
import { NO_TRACING, type Tracing } from '../../shared/runtime/tracing';
import { makeStoreClients } from '../../shared/store/client';

/** What the CDK stack sets, plus what the Lambda service sets in a function's environment. */
const withEnv = <T>(env: Record<string, string | undefined>, run: () => T): T => {
  const saved = { ...process.env };
  Object.assign(process.env, { TABLE_NAME: 'recovery-test', BOROUGH_CONFIG: JSON.stringify(loadBoroughs()[0]), AWS_REGION: 'eu-west-2' }, env);
  for (const [name, value] of Object.entries(env)) if (value === undefined) Reflect.deleteProperty(process.env, name);
  try {
    return run();
  } finally {
    process.env = saved;
  }
};

const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation';
const IN_LAMBDA = { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' };
const traced = (deps: Deps) => ({
  client: deps.store.client.middlewareStack.identify().some((m) => m.startsWith(XRAY_MIDDLEWARE)),
  doc: deps.store.doc.middlewareStack.identify().some((m) => m.startsWith(XRAY_MIDDLEWARE)),
});

/** depsFromEnv in a fresh module registry, telling whether it required the Powertools Tracer at all. */
const depsLoadingTracer = (env: Record<string, string | undefined>): { deps: Deps; loaded: boolean } => {
  let loaded = false;
  let deps: Deps | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../shared/runtime/powertools-tracing', () => {
      loaded = true;
      return jest.requireActual('../../shared/runtime/powertools-tracing') as unknown;
    });
    deps = withEnv(env, () => (jest.requireActual('../../shared/runtime/deps') as typeof import('../../shared/runtime/deps')).depsFromEnv('plans'));
  });
  return { deps: deps!, loaded };
};

describe('depsFromEnv', () => {
  it('by default (a borough without observability.tracer) neither loads the Powertools Tracer nor wraps the clients', () => {
    // Act
    const { deps, loaded } = depsLoadingTracer({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: undefined });
    // Assess
    expect(loaded).toBe(false);
    expect(deps.observability.tracing.enabled).toBe(false);
    expect(deps.observability.tracing.middleware).toEqual([]);
    expect(traced(deps)).toEqual({ client: false, doc: false });
  });

  it('with the Tracer switched off, as the stack sets it, the same', () => {
    const { deps, loaded } = depsLoadingTracer({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'false' });
    expect(loaded).toBe(false);
    expect(traced(deps)).toEqual({ client: false, doc: false });
  });

  it('with the Tracer switched on, in Lambda, records every DynamoDB call (document client included) as an X-Ray subsegment', () => {
    const { deps, loaded } = depsLoadingTracer({ ...IN_LAMBDA, POWERTOOLS_TRACE_ENABLED: 'true' });
    expect(loaded).toBe(true);
    expect(deps.observability.tracing.enabled).toBe(true);
    expect(deps.observability.tracing.middleware).toHaveLength(1);
    expect(traced(deps)).toEqual({ client: true, doc: true });
  });

  it('with the Tracer switched on outside Lambda, Powertools leaves the client as it is', () => {
    const { deps, loaded } = depsLoadingTracer({ AWS_EXECUTION_ENV: undefined, POWERTOOLS_TRACE_ENABLED: 'true' });
    expect(loaded).toBe(true);
    expect(traced(deps)).toEqual({ client: false, doc: false });
  });

  it('stops the cold start naming a missing variable', () => {
    expect(() => withEnv({ TABLE_NAME: undefined }, () => depsFromEnv('plans'))).toThrow('TABLE_NAME');
  });
});

describe('makeDeps and the HTTP handler', () => {
  const borough = loadBoroughs()[0]!;
  const config = { borough, tableName: 'recovery-test', maxBodyBytes: 1024, version: 'test' };

  it('gives no tracing unless asked: the local platform and tests never load the Tracer', () => {
    expect(makeDeps('plans', config, makeStoreClients()).observability.tracing).toBe(NO_TRACING);
  });

  it("runs the tracing's middleware around every request when there is one", async () => {
    // Prepare
    const seen: string[] = [];
    const tracing: Tracing = { enabled: true, captureClient: (c) => c, middleware: [{ before: (request: middy.Request) => void seen.push(String((request.event as { rawPath?: string }).rawPath)) }] };
    const deps = makeDeps('plans', config, makeStoreClients(), { observability: makeObservability('plans', borough.id, tracing) });
    // Act
    const result = await makeHttpHandler([], deps)(toHttpEvent({ method: 'GET', path: '/nowhere' }), lambdaContext('plans'));
    // Assess
    expect(result.statusCode).toBe(404);
    expect(seen).toEqual(['/nowhere']);
  });
});
