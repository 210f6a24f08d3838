// `npm run bench`: latency of routes against the floor of their own DynamoDB calls, bundle sizes and cold imports,
// all measured in one run on this machine, printed (and with --write put into bench/RESULTS.md).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVICES } from '../functions/services';
import { loadBoroughs } from '../infra/boroughs';
import { parseArgs } from '../infra/local/cli-args';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { devToken } from '../infra/local/dev-tokens';
import { freePort } from '../infra/local/free-port';
import { localIssuer } from '../infra/local/issuer';
import { createPlatform } from '../infra/local/platform';
import { DEMO_BIRTH_DATES, DEMO_NHS_NUMBERS, seedBorough } from '../infra/local/seed';
import { createLocalServer } from '../infra/local/server';
import { startStreamPoller } from '../infra/local/stream-poller';
import { makeStreamHandler } from '../functions/notifications/stream';
import { required } from '../infra/required';
import { makeObservability } from '../shared/runtime/observability';
import { tempDir } from './bundles';
import { functionsSection, measureFunctions } from './cold-starts';
import { floorOf, latencyTable, recordCalls, shapeOf, type LatencyRow } from './floors';
import { reportResults } from './results-file';
import { median, ms, quantile } from './stats';

const BOROUGH = 'city-and-hackney';
const POLL_MS = 50;

interface Probe {
  name: string;
  run: () => Promise<void>;
}

/** Runs the probes in turn, round after round, so that drift on a shared machine hits them alike. */
const measure = async (probes: readonly Probe[], rounds: number, warmup: number): Promise<Map<string, number[]>> => {
  const samples = new Map(probes.map((p) => [p.name, [] as number[]]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const probe of probes) {
      const start = performance.now();
      await probe.run();
      const took = performance.now() - start;
      if (round >= warmup) required(samples.get(probe.name), `samples of ${probe.name}`).push(took);
    }
  }
  return samples;
};

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const rounds = Number(args.rounds ?? 1000);
  const coldRuns = Number(args['cold-runs'] ?? 15);
  const boroughs = loadBoroughs();

  const dynamo = await startDynamoLocal({ inMemory: true });
  const issuer = await localIssuer(join(tempDir(), 'key.json'));
  const platform = await createPlatform({ endpoint: dynamo.endpoint, boroughs, issuer });
  for (const runtime of platform.boroughs.values()) await seedBorough(runtime);
  const server = createLocalServer(platform, issuer);
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const base = `http://127.0.0.1:${port}/${BOROUGH}`;
  const token = await issuer.sign({ id: 'sally', borough: BOROUGH, roles: ['patient'] });
  const miriam = await issuer.sign({ id: 'miriam', borough: BOROUGH, roles: ['clinician'], org: 'elft' });
  // The GP system is an OAuth client of the borough (client credentials), not a user.
  const config = required(
    boroughs.find((b) => b.id === BOROUGH),
    `borough ${BOROUGH}`,
  );
  const gpSystem = required(await devToken(issuer, config, 'gp-system'), `system client gp-system of ${BOROUGH}`);
  /**
   * A request as API Gateway hands it to the function: the event built in this process and the token
   * verified as the gateway's JWT authorizer would, then middy, the router and the handler. No local
   * HTTP server: in AWS that hop is the gateway's, not the function's.
   */
  const call = async (method: string, path: string, bearer: string | undefined, body: unknown, expected: number) => {
    const result = await platform.dispatch(BOROUGH, {
      method,
      path,
      rawQueryString: '',
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      sourceIp: '127.0.0.1',
    });
    if ((result.statusCode ?? 200) !== expected) throw new Error(`${method} ${path} answered ${String(result.statusCode)}`);
  };
  const post = (path: string, bearer: string, body: unknown, expected: number) => call('POST', path, bearer, body, expected);
  let importRun = 0;
  /** A GP bundle of 100 new BMI Observations for Sally and her Patient entry (new ids each run, so each is created). */
  const gpBundle = () => {
    importRun++;
    return {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        ...Array.from({ length: 100 }, (_, i) => ({
          resource: {
            resourceType: 'Observation',
            id: `bench-${importRun}-${i}`,
            status: 'final',
            code: { coding: [{ system: 'http://loinc.org', code: '39156-5' }] },
            subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: DEMO_NHS_NUMBERS.sally } },
            effectiveDateTime: new Date(Date.UTC(2020, 0, 1) + (importRun * 100 + i) * 60_000).toISOString(),
            valueQuantity: { value: 24 + (i % 10) / 10, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' },
          },
        })),
        { resource: { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: DEMO_NHS_NUMBERS.sally }], birthDate: DEMO_BIRTH_DATES.sally } },
      ],
    };
  };
  const { store } = required(platform.boroughs.get(BOROUGH), `borough ${BOROUGH}`).deps;
  /**
   * Each route followed by its floor: its DynamoDB calls, recorded on a third call (the first ones fill
   * caches), made raw from this process. A route that makes no call has no floor.
   */
  const withFloors = async (routes: readonly Probe[]): Promise<{ probes: Probe[]; shapes: Map<string, string>; floors: Map<string, string> }> => {
    const probes: Probe[] = [];
    const shapes = new Map<string, string>();
    const floors = new Map<string, string>();
    for (const route of routes) {
      await route.run();
      await route.run();
      const calls = await recordCalls(store, route.run);
      shapes.set(route.name, shapeOf(calls));
      probes.push(route);
      if (calls.length === 0) continue;
      const floor = { name: `floor of ${route.name}`, run: floorOf(calls, store, store.tableName) };
      floors.set(route.name, floor.name);
      probes.push(floor);
    }
    return { probes, shapes, floors };
  };

  const get = (path: string, bearer?: string) => () => call('GET', path, bearer, undefined, 200);
  /** The same through the local HTTP server with keep-alive `fetch`: what loopback HTTP adds. */
  const getOverHttp = (path: string, bearer: string) => async () => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  };
  const routes: Probe[] = [
    { name: 'GET /health (public)', run: get('/health') },
    { name: 'GET /me (token check)', run: get('/me', token) },
    { name: 'GET /me through the local HTTP server', run: getOverHttp('/me', token) },
    { name: 'GET crisis-plan as the patient (consent-checked)', run: get('/patients/sally/crisis-plan', token) },
    { name: 'GET crisis-plan as a grantee (consent-checked, audited)', run: get('/patients/sally/crisis-plan', miriam) },
    { name: 'GET /me/patients as a clinician', run: get('/me/patients', miriam) },
    { name: 'GET /me/caseload as a clinician (a glance of each plan, audited)', run: get('/me/caseload', miriam) },
    { name: 'GET plan as the patient (consent-checked)', run: get('/patients/sally/plan', token) },
    { name: 'GET plan as a clinician (consent-checked, audited)', run: get('/patients/sally/plan', miriam) },
    { name: 'POST RAG update as the patient', run: () => post('/patients/sally/goals/seed-goal-walk/updates', token, { status: 'green' }, 201) },
    { name: 'POST measurement as the patient', run: () => post('/patients/sally/measurements', token, { type: 'wellbeing', value: 7 }, 201) },
  ];
  const { probes, shapes, floors } = await withFloors(routes);
  process.stdout.write(`bench: ${rounds} rounds of ${probes.length} probes...\n`);
  const samples = await measure(probes, rounds, Math.min(200, rounds));
  // A 100-entry GP import is heavier: fewer rounds, interleaved with its own floor.
  const importRounds = Math.max(10, Math.round(rounds / 20));
  process.stdout.write(`bench: ${importRounds} rounds of a 100-entry GP import...\n`);
  const gpImport: Probe = { name: 'POST /imports/gp, 100 new Observations', run: () => post('/imports/gp', gpSystem, gpBundle(), 200) };
  const imports = await withFloors([gpImport]);
  for (const [name, values] of await measure(imports.probes, importRounds, 3)) samples.set(name, values);
  routes.push(gpImport);
  for (const [name, shape] of imports.shapes) shapes.set(name, shape);
  for (const [name, floor] of imports.floors) floors.set(name, floor);
  // From a red update's 201 to the care team's inbox item, through the local stream poller.
  const redRounds = Math.max(20, Math.round(rounds / 20));
  process.stdout.write(`bench: ${redRounds} red updates to the inbox...\n`);
  const runtime = required(platform.boroughs.get(BOROUGH), `borough ${BOROUGH}`);
  const poller = startStreamPoller({
    endpoint: dynamo.endpoint,
    clients: platform.clients,
    tableName: runtime.deps.store.tableName,
    handler: makeStreamHandler({ ...runtime.deps, observability: makeObservability('notifications', BOROUGH) }),
    deadLetterFile: join(tempDir(), 'dead-letters.jsonl'),
    intervalMs: POLL_MS,
    lanes: 10,
  });
  // The poller starts at the oldest record: let it go through the probes' thousands of writes first,
  // or the first red update waits behind them (that catch-up was the p99 of earlier runs, not a stall).
  await poller.drain();
  const unread = async () => ((await (await fetch(`${base}/me/notifications?limit=1`, { headers: { authorization: `Bearer ${miriam}` } })).json()) as { unread: number }).unread;
  const redToInbox: number[] = [];
  for (let i = 0; i < redRounds; i++) {
    const before = await unread();
    await post('/patients/sally/goals/seed-goal-sleep/updates', token, { status: 'red' }, 201);
    const answered = performance.now();
    while ((await unread()) === before) await new Promise((r) => setTimeout(r, 2));
    redToInbox.push(performance.now() - answered);
  }
  poller.stop();
  server.close();
  platform.close();
  await dynamo.stop();

  process.stdout.write('bench: bundling functions and measuring cold imports...\n');
  const env = { TABLE_NAME: 'bench', BOROUGH_CONFIG: JSON.stringify(boroughs[0]), AWS_REGION: 'eu-west-2' };
  const functions = await measureFunctions(
    SERVICES.map((s) => s.service),
    env,
    coldRuns,
    tempDir(),
  );

  const latencyRows: LatencyRow[] = routes.map((route) => {
    const floor = floors.get(route.name);
    return {
      name: route.name,
      shape: required(shapes.get(route.name), `shape of ${route.name}`),
      samples: required(samples.get(route.name), `samples of ${route.name}`),
      ...(floor ? { floor: required(samples.get(floor), `samples of ${floor}`) } : {}),
    };
  });
  const lines = [
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB,`,
    `DynamoDB Local (in memory) on loopback. Timings on a shared machine are noisy: compare the ratios within this run, not across runs.`,
    '',
    `## Latency (${rounds} interleaved rounds after warm-up)`,
    '',
    ...latencyTable(latencyRows),
    '',
    'Each route is called as API Gateway calls its function: the HTTP API event built in this process, the token',
    "verified as the gateway's JWT authorizer would, then middy, the router and the handler (`GET /me` shows that",
    'part alone; through the local HTTP server with keep-alive `fetch` it costs what its own row shows). Each',
    "route's floor is the DynamoDB calls the route made (recorded once, shown in the table; calls that ran together",
    'run together), made raw from the same process, interleaved with the route: reads as they were, writes as',
    'unconditional puts of as many items of about the same size. So the ratio is what everything but DynamoDB costs',
    'a route.',
    '',
    ...functionsSection(functions, coldRuns),
    '',
    `## Red alert to inbox (${redToInbox.length} red updates)`,
    '',
    '| measure | median ms | p99 ms |',
    '| --- | ---: | ---: |',
    `| red update's 201 to the item in the care team member's inbox | ${ms(median(redToInbox))} | ${ms(quantile(redToInbox, 0.99))} |`,
    '',
    `Locally the stream is polled every ${POLL_MS} ms (the local poller, ten lanes as for notifications), so this is`,
    'bounded below by the poll; in AWS the event source mapping polls the stream continuously (typically well under',
    "a second). The poller first goes through the probes' earlier writes, which are not part of the measure.",
    '',
    'Reproduce: `npm run bench` (options: `-- --rounds 1000 --cold-runs 15`; `--write` records the run here).',
    '',
  ];
  reportResults('bench', lines.join('\n'), args);
};

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).message}\n`);
  process.exit(1);
});
