// `npm run bench`: latency of routes against the raw GetItem floor, bundle sizes and cold imports,
// all measured in one run on this machine, printed (and with --write put into bench/RESULTS.md).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SERVICES } from '../functions/services';
import { loadBoroughs } from '../infra/boroughs';
import { parseArgs } from '../infra/local/cli-args';
import { startDynamoLocal } from '../infra/local/dynamo-local';
import { freePort } from '../infra/local/free-port';
import { localIssuer } from '../infra/local/issuer';
import { createPlatform } from '../infra/local/platform';
import { DEMO_NHS_NUMBERS, seedBorough } from '../infra/local/seed';
import { createLocalServer } from '../infra/local/server';
import { startStreamPoller } from '../infra/local/stream-poller';
import { makeStreamHandler } from '../functions/notifications/stream';
import { makeObservability } from '../shared/runtime/observability';
import { boroughPartition } from '../shared/store/keys';
import { bundle, bundleSkeleton, coldImportMs, sdkBytes, sdkClientsOf, serviceEntry, tempDir, tracerBytes, withoutTracer } from './bundles';
import { reportResults } from './results-file';
import { median, ms, quantile } from './stats';

const BOROUGH = 'city-and-hackney';
const POLL_MS = 50;

interface Probe {
  name: string;
  run(): Promise<void>;
}

/** Runs the probes in turn, round after round, so that drift on a shared machine hits them alike. */
const measure = async (probes: readonly Probe[], rounds: number, warmup: number): Promise<Map<string, number[]>> => {
  const samples = new Map(probes.map((p) => [p.name, [] as number[]]));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const probe of probes) {
      const start = performance.now();
      await probe.run();
      if (round >= warmup) samples.get(probe.name)!.push(performance.now() - start);
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
  const gpSystem = await issuer.sign({ id: 'gp-system', borough: BOROUGH, roles: ['integration'], org: 'beechwood-practice' });
  const post = async (path: string, bearer: string, body: unknown, expected: number) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    if (res.status !== expected) throw new Error(`${path} answered ${res.status}`);
  };
  let importRun = 0;
  /** A GP bundle of 100 new BMI Observations for Sally (new ids each run, so each is created). */
  const gpBundle = () => {
    importRun++;
    return {
      resourceType: 'Bundle',
      type: 'collection',
      entry: Array.from({ length: 100 }, (_, i) => ({
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
    };
  };
  const { doc, tableName } = platform.boroughs.get(BOROUGH)!.deps.store;

  const get = (path: string, bearer?: string) => async () => {
    const res = await fetch(`${base}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  };
  const probes: Probe[] = [
    { name: 'floor: raw GetItem (SDK, in process)', run: async () => void (await doc.send(new GetCommand({ TableName: tableName, Key: { pk: boroughPartition(BOROUGH, 'HEALTH'), sk: 'HEALTH' } }))) },
    { name: 'GET /health (HTTP, one GetItem)', run: get('/health') },
    { name: 'GET /me (HTTP, token check, no read)', run: get('/me', token) },
    { name: 'GET crisis-plan as the patient (consent-checked: 1 GetItem)', run: get('/patients/sally/crisis-plan', token) },
    { name: 'GET crisis-plan as a grantee (1 BatchGetItem + audit TransactWriteItems)', run: get('/patients/sally/crisis-plan', miriam) },
    { name: 'GET /me/patients as a clinician (index Queries in parallel)', run: get('/me/patients', miriam) },
    { name: 'GET plan as the patient (1 GetItem)', run: get('/patients/sally/plan', token) },
    { name: 'GET plan as a clinician (1 BatchGetItem + audit TransactWriteItems)', run: get('/patients/sally/plan', miriam) },
    { name: 'POST RAG update as the patient (1 BatchGetItem + 1 TransactWriteItems)', run: () => post('/patients/sally/goals/seed-goal-walk/updates', token, { status: 'green' }, 201) },
    { name: 'POST measurement as the patient (1 BatchGetItem + 1 TransactWriteItems)', run: () => post('/patients/sally/measurements', token, { type: 'wellbeing', value: 7 }, 201) },
  ];
  process.stdout.write(`bench: ${rounds} rounds of ${probes.length} probes...\n`);
  const samples = await measure(probes, rounds, Math.min(200, rounds));
  // A 100-entry GP import is heavier: fewer rounds, interleaved with the floor again.
  const importRounds = Math.max(10, Math.round(rounds / 20));
  process.stdout.write(`bench: ${importRounds} rounds of a 100-entry GP import...\n`);
  const importProbes: Probe[] = [probes[0]!, { name: 'POST /imports/gp, 100 new Observations (3 transactions of up to 40)', run: () => post('/imports/gp', gpSystem, gpBundle(), 200) }];
  const importSamples = await measure(importProbes, importRounds, 3);
  samples.set(importProbes[1]!.name, importSamples.get(importProbes[1]!.name)!);
  probes.push(importProbes[1]!);
  // From a red update's 201 to the care team's inbox item, through the local stream poller.
  const redRounds = Math.max(20, Math.round(rounds / 20));
  process.stdout.write(`bench: ${redRounds} red updates to the inbox...\n`);
  const runtime = platform.boroughs.get(BOROUGH)!;
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
  const outdir = tempDir();
  const env = { TABLE_NAME: 'bench', BOROUGH_CONFIG: JSON.stringify(boroughs[0]), AWS_REGION: 'eu-west-2' };
  const functions = [];
  for (const { service } of SERVICES) {
    const full = await bundle(service, serviceEntry(service), outdir);
    const untraced = await bundle(`${service}-without-tracer`, serviceEntry(service), outdir, [withoutTracer]);
    const clients = sdkClientsOf(full.metafile);
    const skeleton = await bundleSkeleton(`${service}-skeleton`, clients, outdir);
    // Interleaved so that drift on a shared machine hits the three alike.
    const cold = { skeleton: [] as number[], full: [] as number[], untraced: [] as number[] };
    for (let i = 0; i < coldRuns; i++) {
      cold.skeleton.push(coldImportMs(skeleton.file, env, 1));
      cold.full.push(coldImportMs(full.file, env, 1));
      cold.untraced.push(coldImportMs(untraced.file, env, 1));
    }
    functions.push({
      service,
      clients,
      bytes: full.bytes,
      beyondSdk: full.bytes - sdkBytes(full.metafile),
      tracer: tracerBytes(full.metafile),
      untracedBeyondSdk: untraced.bytes - sdkBytes(untraced.metafile),
      skeletonMs: median(cold.skeleton),
      fullMs: median(cold.full),
      untracedMs: median(cold.untraced),
    });
  }

  const floor = median(samples.get(probes[0]!.name)!);
  const kb = (bytes: number) => (bytes / 1024).toFixed(1);
  const lines = [
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB,`,
    `DynamoDB Local (in memory) on loopback. Timings on a shared machine are noisy: compare the ratios within this run, not across runs.`,
    '',
    `## Latency (${rounds} interleaved rounds after warm-up)`,
    '',
    '| probe | median ms | p99 ms | median / floor |',
    '| --- | ---: | ---: | ---: |',
    ...probes.map((p) => {
      const s = samples.get(p.name)!;
      return `| ${p.name} | ${ms(median(s))} | ${ms(quantile(s, 0.99))} | ${(median(s) / floor).toFixed(2)}x |`;
    }),
    '',
    'The route probes go through the local HTTP server (request to HTTP API event, token verification, middy,',
    'router, handler) with keep-alive `fetch`; the floor is one GetItem from the same process.',
    '',
    `## Bundles (esbuild, minified, as the CDK bundles them) and cold import (median of ${coldRuns} fresh processes each)`,
    '',
    'Size beyond the SDK: the bundle less every module reached only through `@aws-sdk/*` and `@smithy/*` (from the',
    "esbuild metafile). Each function's skeleton imports and constructs the same SDK clients and the router, nothing",
    'else; its cold import is measured interleaved with the function\'s. "Without Tracer" is the same function with',
    'the Powertools Tracer replaced by a no-op (an experiment, not what is deployed).',
    '',
    '| function | SDK clients | size KB | beyond SDK KB | of which Tracer KB | skeleton ms | cold ms | cold / skeleton | without Tracer: beyond SDK KB | without Tracer: cold / skeleton |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...functions.map(
      (f) =>
        `| ${f.service} | ${f.clients.map((c) => c.replace('@aws-sdk/client-', '')).join(', ')} | ${kb(f.bytes)} | ${kb(f.beyondSdk)} | ${kb(f.tracer)} | ${ms(f.skeletonMs)} | ${ms(f.fullMs)} | ${(f.fullMs / f.skeletonMs).toFixed(2)}x | ${kb(f.untracedBeyondSdk)} | ${(f.untracedMs / f.skeletonMs).toFixed(2)}x |`,
    ),
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
