// `npm run load`: the local platform with 5,000 synthetic patients under a mixed, bounded workload on
// loopback; throughput, median and p99 per route and the errors, printed (with --write also put into
// bench/RESULTS.md).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../infra/local/cli-args';
import { startBoroughPollers } from '../infra/local/borough-pollers';
import { seedSynthetic } from '../infra/local/synthetic';
import { syntheticPatientId } from '../infra/local/synthetic-people';
import { required } from '../infra/required';
import { rebuildOutcomes } from '../shared/store/outcomes-rebuild';
import { tempDir } from './bundles';
import { reportResults } from './results-file';
import { BOROUGH, startDemoPlatform } from './demo-platform';
import { consumedCapacityMeter } from './capacity';
import { median, ms, quantile } from './stats';
import { countCalls, roundTrips } from '../test/support/call-counter';

const WRITE_OPS = new Set(['TransactWriteItems', 'PutItem', 'UpdateItem', 'BatchWriteItem']);

interface Call {
  route: string;
  method: 'GET' | 'POST';
  path: string;
  token: string;
  body?: unknown;
}

/** A workload: each kind of call with its weight, as a borough's day might mix them. */
interface Kind {
  route: string;
  weight: number;
  next(): Call;
}

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const patients = Number(args.patients ?? 5000);
  const seconds = Number(args.seconds ?? 30);
  const connections = Number(args.connections ?? 16);
  const demo = await startDemoPlatform();
  const { config, dynamo, issuer, platform, runtime, port } = demo;
  const store = runtime.deps.store;
  const base = `http://127.0.0.1:${port}/${BOROUGH}`;

  const sign = (id: string, roles: ('patient' | 'clinician' | 'phb-advisor' | 'operator')[], org?: string) => issuer.sign({ id, roles, borough: BOROUGH, ...(org ? { org } : {}) });
  const miriam = await sign('miriam', ['clinician'], 'elft');
  const advisor = await sign('advisor', ['phb-advisor'], 'advocacy-project');
  const operator = await sign('operator', ['operator'], 'nel-ics');
  const get = async (path: string, token: string) => (await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Record<string, unknown>>;

  // What the questions that cross patients cost, at 100 patients and again at the full size.
  const capacity = consumedCapacityMeter(platform.clients.client);
  const firstShared = async (): Promise<string> => required(((await get('/me/patients?limit=1', miriam)) as { items: { patientId: string }[] }).items[0], 'a patient who shares with miriam').patientId;
  const costs = async (): Promise<Record<string, number>> => {
    const shared = await firstShared();
    const probes: [string, string, string][] = [
      ['advisor queue, a page of 5 (GET /phb-requests?limit=5), with its audit', '/phb-requests?status=submitted&limit=5', advisor],
      ["a clinician's list, a page of 20 (GET /me/patients?limit=20)", '/me/patients?limit=20', miriam],
      ['consent check and read of a shared plan (GET /patients/{id}/plan), with its audit', `/patients/${shared}/plan`, miriam],
    ];
    const out: Record<string, number> = {};
    for (const [name, path, token] of probes) {
      let units = 0;
      for (let i = 0; i < 10; i++) units += await capacity.during(() => get(path, token));
      out[name] = units / 10;
    }
    return out;
  };
  // The caseload reads everyone on it to put those needing attention first: its round trips and time, as the caseload grows.
  const calls = countCalls(platform.clients.client);
  const caseload = async (): Promise<{ shared: number; reads: number; writes: number; medianMs: number; units: number }> => {
    const first = (await get('/me/caseload', miriam)) as { total: number };
    const trips = roundTrips(await calls.timedDuring(() => get('/me/caseload', miriam)));
    const writes = trips.filter((t) => t.some((name) => WRITE_OPS.has(name))).length;
    const times: number[] = [];
    let units = 0;
    for (let i = 0; i < 10; i++) {
      const began = performance.now();
      units += await capacity.during(() => get('/me/caseload', miriam));
      times.push(performance.now() - began);
    }
    // The first trip is the caller's account status (is it disabled?), made before any route's own.
    return { shared: first.total, reads: trips.length - writes - 1, writes, medianMs: median(times), units: units / 10 };
  };
  let started = performance.now();
  const small = Math.min(100, patients);
  await seedSynthetic(store, config, { patients: small, now: new Date(), seed: 1 });
  await rebuildOutcomes(store, BOROUGH, config.reqol);
  const atSmall = await costs();
  const caseloadSmall = await caseload();
  process.stdout.write(`load: seeding ${patients} synthetic patients...\n`);
  await seedSynthetic(store, config, { patients: patients - small, from: small + 1, now: new Date(), seed: 1 });
  await rebuildOutcomes(store, BOROUGH, config.reqol, { force: true });
  const atFull = await costs();
  const caseloadFull = await caseload();
  process.stdout.write(`load: seeded and aggregated in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

  // The seed needs no deliveries and its aggregates are built: the stream is read from here on, as in AWS after a deploy.
  const pollers = startBoroughPollers(runtime, {
    endpoint: dynamo.endpoint,
    clients: platform.clients,
    deadLetters: { notifications: join(tempDir(), 'dead.jsonl'), outcomes: join(tempDir(), 'outcome-dead.jsonl') },
    startAt: 'LATEST',
  });

  // 200 patients who use the platform during the run, each with a goal open for RAG updates.
  const users: { id: string; token: string; goalId: string }[] = [];
  for (let i = 1; users.length < 200 && i <= patients; i += Math.max(1, Math.floor(patients / 400))) {
    const id = syntheticPatientId(i);
    const token = await sign(id, ['patient']);
    const plan = (await get('/patients/me/plan', token)) as { goals?: { goalId: string; status: string }[] };
    const open = plan.goals?.find((g) => g.status === 'active');
    if (open) users.push({ id, token, goalId: open.goalId });
  }
  // Patients who shared their plan with miriam (her list, as she would page through it).
  const shared: string[] = [];
  for (let cursor: string | undefined, pages = 0; pages < 20; pages++) {
    const page = (await get(`/me/patients?limit=100${cursor ? `&cursor=${cursor}` : ''}`, miriam)) as { items: { patientId: string; scopes: string[] }[]; nextCursor?: string };
    shared.push(...page.items.filter((p) => p.scopes.includes('plan:read')).map((p) => p.patientId));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  const any = <T>(xs: readonly T[]): T => required(xs[Math.floor(Math.random() * xs.length)], 'a choice (from an empty list)');
  const RAG = ['green', 'green', 'orange', 'red'] as const;
  const kinds: Kind[] = [
    { route: 'GET /patients/me/plan (patient)', weight: 25, next: () => ({ route: '', method: 'GET', path: '/patients/me/plan', token: any(users).token }) },
    {
      route: 'POST .../goals/{goalId}/updates (patient RAG)',
      weight: 10,
      next: () => {
        const u = any(users);
        return { route: '', method: 'POST', path: `/patients/me/goals/${u.goalId}/updates`, token: u.token, body: { status: any(RAG) } };
      },
    },
    { route: 'GET /patients/me/health-summary (patient)', weight: 8, next: () => ({ route: '', method: 'GET', path: '/patients/me/health-summary', token: any(users).token }) },
    { route: 'GET /me/notifications (patient)', weight: 8, next: () => ({ route: '', method: 'GET', path: '/me/notifications', token: any(users).token }) },
    { route: 'GET /patients/me/budget (patient)', weight: 5, next: () => ({ route: '', method: 'GET', path: '/patients/me/budget', token: any(users).token }) },
    { route: 'GET /patients/{id}/plan (clinician, audited)', weight: 15, next: () => ({ route: '', method: 'GET', path: `/patients/${any(shared)}/plan`, token: miriam }) },
    { route: 'GET /me/patients (clinician)', weight: 8, next: () => ({ route: '', method: 'GET', path: '/me/patients', token: miriam }) },
    { route: 'GET /me/notifications (clinician)', weight: 6, next: () => ({ route: '', method: 'GET', path: '/me/notifications', token: miriam }) },
    { route: 'GET /phb-requests (advisor queue)', weight: 2, next: () => ({ route: '', method: 'GET', path: '/phb-requests?status=submitted', token: advisor }) },
    { route: 'GET /borough/outcomes (operator)', weight: 2, next: () => ({ route: '', method: 'GET', path: '/borough/outcomes', token: operator }) },
  ];
  const total = kinds.reduce((n, k) => n + k.weight, 0);
  const pick = (): Call => {
    let x = Math.random() * total;
    const kind = required(kinds.find((k) => (x -= k.weight) < 0) ?? kinds[0], 'a kind of call');
    return { ...kind.next(), route: kind.route };
  };

  process.stdout.write(`load: ${connections} connections for ${seconds} s over ${users.length} patients and ${shared.length} shared plans...\n`);
  const samples = new Map(kinds.map((k) => [k.route, [] as number[]]));
  const errors = new Map<string, number>();
  let redOk = 0;
  const until = performance.now() + seconds * 1000;
  started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const call = pick();
        const t0 = performance.now();
        try {
          const res = await fetch(`${base}${call.path}`, {
            method: call.method,
            headers: { authorization: `Bearer ${call.token}`, ...(call.body ? { 'content-type': 'application/json' } : {}) },
            ...(call.body ? { body: JSON.stringify(call.body) } : {}),
          });
          await res.arrayBuffer();
          const took = performance.now() - t0;
          required(samples.get(call.route), `samples of ${call.route}`).push(took);
          if (res.status >= 400) errors.set(`${call.route}: ${res.status}`, (errors.get(`${call.route}: ${res.status}`) ?? 0) + 1);
          else if ((call.body as { status?: string } | undefined)?.status === 'red') redOk += 1;
        } catch (error) {
          errors.set(`${call.route}: ${(error as Error).message}`, (errors.get(`${call.route}: ${(error as Error).message}`) ?? 0) + 1);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const count = [...samples.values()].reduce((n, s) => n + s.length, 0);
  const errorCount = [...errors.values()].reduce((n, e) => n + e, 0);
  for (const p of pollers) p.stop();
  await demo.stop();

  const lines = [
    `## Load (\`npm run load\`, ${new Date().toISOString().slice(0, 10)})`,
    '',
    `The local platform (one process, DynamoDB Local in memory, ${cpus().length} cores shared by both) with ${patients} synthetic patients`,
    `seeded, under ${connections} concurrent keep-alive connections for ${seconds} s on loopback: ${users.length} patients, miriam with`,
    `${shared.length} shared plans, an advisor and an operator, in the mix below. The stream pollers run meanwhile.`,
    '',
    `**${count} requests in ${elapsed.toFixed(1)} s: ${(count / elapsed).toFixed(0)} requests/s, ${errorCount} errors; ${redOk} red updates answered 2xx.**`,
    '',
    '| route | share | requests | median ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...kinds.map((k) => {
      const s = required(samples.get(k.route), `samples of ${k.route}`);
      return `| ${k.route} | ${Math.round((k.weight / total) * 100)}% | ${s.length} | ${s.length ? ms(median(s)) : '-'} | ${s.length ? ms(quantile(s, 0.99)) : '-'} |`;
    }),
    '',
    ...(errorCount > 0 ? ['Errors:', '', ...[...errors].map(([e, n]) => `- ${e}: ${n}`), ''] : []),
    `### Cost of the questions that cross patients, at ${small} and at ${patients} patients`,
    '',
    'Consumed capacity units (as DynamoDB Local reports them, reads and writes together) per request, mean of 10:',
    '',
    `| request | at ${small} | at ${patients} | ratio |`,
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(atSmall).map(([k, smallUnits]) => {
      const fullUnits = required(atFull[k], `cost of ${k} at ${patients} patients`);
      return `| ${k} | ${smallUnits.toFixed(1)} | ${fullUnits.toFixed(1)} | ${(fullUnits / smallUnits).toFixed(2)}x |`;
    }),
    '',
    `### The caseload (GET /me/caseload, a page of 50), at ${small} and at ${patients} patients`,
    '',
    "Miriam's caseload is everyone who shares with her; the page puts those needing attention first, so it reads each of them by key.",
    '',
    '| patients in the borough | sharing with Miriam | read round trips | audit writes | median ms | capacity units |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...(
      [
        [small, caseloadSmall],
        [patients, caseloadFull],
      ] as const
    ).map(([n, row]) => `| ${n} | ${row.shared} | ${row.reads} | ${row.writes} | ${ms(row.medianMs)} | ${row.units.toFixed(1)} |`),
    '',
    'Round trips: calls in flight together count once (the BatchGetItems of names, glances and audit heads go together);',
    "the account-status read every person's request makes first is not counted. Its cost grows with the caseload (every",
    'patient on it is read by key), its round trips do not.',
    '',
    'Each is a Query or BatchGetItem by key (and the audit transaction), so the cost follows what is on the page, not how',
    'many patients there are: small differences come from the items themselves (how many distinct patients are on a queue',
    'page, how large a plan is).',
    '',
    'DynamoDB Local is one Java process that serialises much of its work, so these figures say more about',
    "the platform's overhead and its behaviour under concurrency (no errors, bounded tails) than about AWS throughput.",
    'Reproduce: `npm run load` (options: `-- --patients 5000 --seconds 30 --connections 16`; `--write` records the run here).',
  ];
  reportResults('load', lines.join('\n'), args);
  process.exit(errorCount === 0 ? 0 : 1);
};

main().catch((error: unknown) => {
  process.stderr.write(`load failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
