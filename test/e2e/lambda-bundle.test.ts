import { writeTestAuditKeyFile } from '../support/audit-key';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundle, serviceEntry, tempDir } from '../../bench/bundles';
import { SERVICES } from '../../functions/services';
import { toHttpEvent, lambdaContext } from '../../infra/local/http-event';
import { loadBoroughs } from '../../infra/boroughs';
import { makeTestTable, testEndpoint, type TestTable } from '../support/dynamo';
import { pdfText } from '../support/pdf-text';
import { startCognitoLocal, type CognitoLocal } from '../support/cognito-local';

/**
 * The artifact CDK deploys: each function bundled with the same esbuild options, loaded in a fresh
 * Node process with the environment the stack sets, and invoked with HTTP API events.
 */
describe('bundled Lambda functions', () => {
  let table: TestTable;
  // Cognito as the boroughs function calls it (a closure disables the account): cognito-local.
  let cognito: CognitoLocal;
  let cognitoEndpoint = '';
  const outdir = tempDir();
  beforeAll(async () => {
    table = await makeTestTable('bundle');
    cognito = await startCognitoLocal();
    await cognito.createPool('bundle-pool');
    cognitoEndpoint = String(await cognito.client.config.endpoint?.().then((e) => `${e.protocol}//${e.hostname}:${e.port ?? ''}`));
  });
  afterAll(async () => {
    await cognito.stop();
    await table.drop();
  });

  const invoke = (file: string, events: unknown[]): { statusCode: number; body: string; isBase64Encoded?: boolean; headers?: Record<string, string> }[] => {
    const script = join(outdir, 'invoke.js');
    writeFileSync(
      script,
      `const { handler } = require(${JSON.stringify(file)});
       (async () => { const out = []; for (const e of ${JSON.stringify(events)}) out.push(await handler(e, ${JSON.stringify(lambdaContext('bundle-test'))})); process.stdout.write(JSON.stringify(out)); })()
         .catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(1); });`,
    );
    const run = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: table.tableName,
        BOROUGH_CONFIG: JSON.stringify(loadBoroughs()[0]),
        AWS_REGION: 'eu-west-2',
        AWS_ENDPOINT_URL_DYNAMODB: testEndpoint(),
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        POWERTOOLS_METRICS_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        // No KMS here: the bundle seals audit entries with the tests' key, from a file.
        AUDIT_KEY_FILE: writeTestAuditKeyFile(outdir),
        // Nor a KMS key for Web Push: a VAPID key file, made in the bundle's folder on first use.
        VAPID_KEY_FILE: join(outdir, 'vapid.json'),
        USER_POOL_NAME: 'bundle-pool',
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognitoEndpoint,
      },
    });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout) as { statusCode: number; body: string; isBase64Encoded?: boolean; headers?: Record<string, string> }[];
  };

  // As API Gateway hands them over: strings, with the expiry every token must carry.
  const claims = { sub: 'sally', 'custom:borough': 'city-and-hackney', 'cognito:groups': '[patient]', exp: String(Math.floor(Date.now() / 1000) + 3600) };

  it.each(SERVICES.map((s) => [s.service, s.routes] as const))('%s loads from its bundle and answers every route without a 5xx', async (service, routes) => {
    const { file } = await bundle(service, serviceEntry(service), outdir);
    const events = routes.map((route) => {
      const params: Record<string, string> = { ...route.example?.params, patientId: 'sally' };
      const body = route.example?.body;
      return toHttpEvent({
        method: route.method,
        path: route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'unknown'),
        ...(route.access.kind === 'public' ? {} : { claims }),
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
    });
    const results = invoke(file, events);
    results.forEach((r, i) =>
      expect({ route: `${routes[i]!.method} ${routes[i]!.path}`, status: r.statusCode < 500 ? true : r.body }).toEqual({ route: `${routes[i]!.method} ${routes[i]!.path}`, status: true }),
    );
  });

  it('the boroughs function reads the table, the claims and refuses another borough', async () => {
    const { file } = await bundle('boroughs', serviceEntry('boroughs'), outdir);
    const [health, me, foreign] = invoke(file, [
      toHttpEvent({ method: 'GET', path: '/health' }),
      toHttpEvent({ method: 'GET', path: '/me', claims }),
      toHttpEvent({ method: 'GET', path: '/me', claims: { ...claims, 'custom:borough': 'newham' } }),
    ]);
    expect(health!.statusCode).toBe(200);
    expect(JSON.parse(me!.body)).toMatchObject({ id: 'sally', roles: ['patient'] });
    expect(foreign!.statusCode).toBe(403);
  });

  it('the plans function prints PDFs from its bundle, in the fonts copied beside it (never pdfkit’s own font files)', async () => {
    const { file } = await bundle('plans', serviceEntry('plans'), outdir);
    const [card, plan] = invoke(file, [toHttpEvent({ method: 'GET', path: '/patients/me/crisis-plan/card.pdf', claims }), toHttpEvent({ method: 'GET', path: '/patients/me/plan.pdf', claims })]);
    for (const [res, words] of [
      [card!, 'NHS 111, option 2'],
      [plan!, 'My recovery plan'],
    ] as const) {
      expect({ status: res.statusCode, base64: res.isBase64Encoded, type: res.headers?.['content-type'] }).toEqual({ status: 200, base64: true, type: 'application/pdf' });
      expect(pdfText(Buffer.from(res.body, 'base64')).text).toContain(words);
    }
  });
});
