import { loadBoroughs } from '../../infra/boroughs';
import { depsFromEnv } from '../../shared/runtime/deps';

/** What the CDK stack sets, plus what the Lambda service sets in a function's environment. */
const withEnv = <T>(env: Record<string, string | undefined>, run: () => T): T => {
  const saved = { ...process.env };
  Object.assign(process.env, { TABLE_NAME: 'recovery-test', BOROUGH_CONFIG: JSON.stringify(loadBoroughs()[0]), AWS_REGION: 'eu-west-2' }, env);
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  try {
    return run();
  } finally {
    process.env = saved;
  }
};

const XRAY_MIDDLEWARE = 'XRaySDKInstrumentation';

describe('depsFromEnv', () => {
  it('in Lambda, records every DynamoDB call (document client included) as an X-Ray subsegment', () => {
    const deps = withEnv({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: undefined }, () => depsFromEnv('plans'));
    expect(deps.store.client.middlewareStack.identify().some((m) => m.startsWith(XRAY_MIDDLEWARE))).toBe(true);
    expect(deps.store.doc.middlewareStack.identify().some((m) => m.startsWith(XRAY_MIDDLEWARE))).toBe(true);
  });

  it('outside Lambda, or with tracing turned off, leaves the client as it is', () => {
    for (const env of [{ AWS_EXECUTION_ENV: undefined }, { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', POWERTOOLS_TRACE_ENABLED: 'false' }]) {
      const deps = withEnv(env, () => depsFromEnv('plans'));
      expect(deps.store.client.middlewareStack.identify().some((m) => m.startsWith(XRAY_MIDDLEWARE))).toBe(false);
    }
  });

  it('stops the cold start naming a missing variable', () => {
    expect(() => withEnv({ TABLE_NAME: undefined }, () => depsFromEnv('plans'))).toThrow('TABLE_NAME');
  });
});
