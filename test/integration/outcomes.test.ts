import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeOutcomesStreamHandler } from '../../functions/outcomes/stream';
import { seedSynthetic, syntheticPatientId } from '../../infra/local/synthetic';
import { startStreamPoller, type StreamPoller } from '../../infra/local/stream-poller';
import type { OutcomeReport } from '../../shared/domain/outcomes';
import type { Store } from '../../shared/runtime/deps';
import { rebuildOutcomes } from '../../shared/store/outcomes-rebuild';
import { outcomesPartition, outcomeStateKey, readGenerations } from '../../shared/store/outcomes-repository';
import { scanAll } from '../../shared/store/query-all';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Item = Record<string, unknown>;
const NOW = new Date('2026-11-20T12:00:00.000Z');
/** Nine calendar months before NOW: a patient whose first activity is on or before this day counts. */
const COHORT_SINCE = '2026-02-20';
const FY = 2026;
const RELIABLE_CHANGE = 5;

/**
 * The report's figures computed straight from the raw items of the table, written apart from the
 * aggregator: what the report must say.
 */
const expectedFrom = (items: readonly Item[]) => {
  const byPatient = new Map<string, Item[]>();
  for (const item of items) {
    const match = /^B#city-and-hackney#P#(.+)$/.exec(String(item.pk));
    if (match) byPatient.set(match[1]!, [...(byPatient.get(match[1]!) ?? []), item]);
  }
  const ownActivity = (i: Item): string | undefined => {
    const by = i.by as { asPatient?: boolean } | undefined;
    if ((i.entity === 'rag-update' || i.entity === 'comment') && by?.asPatient) return String(i.at);
    if (i.entity === 'log-entry' || i.entity === 'reqol') return String(i.at);
    if (i.entity === 'measurement' && i.source === 'self') return String(i.at);
    if (i.entity === 'phb-request' && (i.submittedBy as { asPatient: boolean }).asPatient) return String(i.submittedAt);
    return undefined;
  };
  let activeThisMonth = 0;
  let onPlatform = 0;
  const cohort = { patients: 0, closed: 0, achieved: 0, partly: 0, reqol: 0, improved: 0, reliably: 0 };
  const phbUsers = new Set<string>();
  const phbByCategory: Record<string, { approved: number; approvedPence: number }> = {};
  for (const [patientId, mine] of byPatient) {
    const times = mine.map(ownActivity).filter((t): t is string => t !== undefined).sort();
    if (times.some((t) => t.startsWith('2026-11'))) activeThisMonth += 1;
    if (times.length > 0) onPlatform += 1;
    for (const r of mine.filter((i) => i.entity === 'phb-request' && i.financialYear === FY && ['approved', 'purchased', 'closed'].includes(String(i.status)))) {
      phbUsers.add(patientId);
      const cell = (phbByCategory[String(r.category)] ??= { approved: 0, approvedPence: 0 });
      cell.approved += 1;
      cell.approvedPence += Number(r.amountPence);
    }
    if (times.length === 0 || times[0]!.slice(0, 10) > COHORT_SINCE) continue;
    cohort.patients += 1;
    const plan = mine.find((i) => i.entity === 'plan');
    for (const goal of Object.values((plan?.goals ?? {}) as Record<string, { status: string; achievement?: string }>)) {
      if (goal.status !== 'closed') continue;
      cohort.closed += 1;
      if (goal.achievement === 'achieved') cohort.achieved += 1;
      if (goal.achievement === 'partly-achieved') cohort.partly += 1;
    }
    const reqol = mine.filter((i) => i.entity === 'reqol').sort((a, b) => String(a.at).localeCompare(String(b.at)));
    if (reqol.length >= 2) {
      const change = Number(reqol.at(-1)!.total) - Number(reqol[0]!.total);
      cohort.reqol += 1;
      if (change > 0) cohort.improved += 1;
      if (change >= RELIABLE_CHANGE) cohort.reliably += 1;
    }
  }
  const share = (n: number, of: number) => (of >= 5 ? Math.round((n / of) * 1000) / 1000 : null);
  return {
    activeThisMonth,
    onPlatform,
    cohortPatients: cohort.patients,
    closedGoals: cohort.closed,
    fullyAchieved: share(cohort.achieved, cohort.closed),
    partlyAchieved: share(cohort.partly, cohort.closed),
    reqolPatients: cohort.reqol,
    improved: share(cohort.improved, cohort.reqol),
    reliablyImproved: share(cohort.reliably, cohort.reqol),
    phbUsers: phbUsers.size,
    phbByCategory,
  };
};

const reported = (r: OutcomeReport) => ({
  activeThisMonth: r.patients.activeThisMonth,
  onPlatform: r.patients.onPlatform,
  cohortPatients: r.cohort.patients,
  closedGoals: r.cohort.closedGoals,
  fullyAchieved: r.cohort.fullyAchieved.share,
  partlyAchieved: r.cohort.partlyAchieved.share,
  reqolPatients: r.cohort.reqol.withTwoOrMoreResponses,
  improved: r.cohort.reqol.improved.share,
  reliablyImproved: r.cohort.reqol.reliablyImproved.share,
  phbUsers: r.phb.users,
  phbByCategory: Object.fromEntries(Object.entries(r.phb.byCategory).filter(([, c]) => c.approved > 0)),
});

describe('GET /borough/outcomes from aggregates kept by the stream', () => {
  let t: TestPlatform;
  let poller: StreamPoller;
  let store: Store;
  let operator: string;
  const report = async () => {
    const res = await t.call({ method: 'GET', path: '/borough/outcomes', token: operator });
    expect(res.status).toBe(200);
    return res.body as OutcomeReport;
  };
  const raw = () => scanAll(store, {});

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => NOW } });
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    store = runtime.deps.store;
    operator = await t.tokenFor('operator');
    const stream = makeOutcomesStreamHandler(runtime.deps);
    poller = startStreamPoller({
      endpoint: testEndpoint(),
      clients: t.platform.clients,
      tableName: store.tableName,
      // Every batch twice: at-least-once delivery must still count each fact once.
      handler: async (event, context) => {
        await stream(event, context);
        return stream(event, context);
      },
      deadLetterFile: join(mkdtempSync(join(tmpdir(), 'outcomes-')), 'dead.jsonl'),
      intervalMs: 0,
      functionName: 'outcomes',
    });
    await seedSynthetic(store, BOROUGH, { patients: 60, now: NOW, seed: 11 });
    await poller.drain();
  }, 120_000);
  afterAll(async () => {
    poller.stop();
    await t.stop();
  });

  it('reports what the raw items say, for a synthetic borough of 60 patients', async () => {
    const expected = expectedFrom(await raw());
    // The dataset is rich enough to mean something: a cohort, closed goals, ReQoL pairs, PHB users.
    expect(expected.cohortPatients).toBeGreaterThan(20);
    expect(expected.closedGoals).toBeGreaterThan(10);
    expect(expected.reqolPatients).toBeGreaterThan(5);
    expect(expected.phbUsers).toBeGreaterThan(0);
    const r = await report();
    expect(reported(r)).toEqual(expected);
    expect(r.cohort.since).toBe(COHORT_SINCE);
    expect(r.patients.activeByMonth).toHaveLength(12);
    expect(r.patients.activeByMonth.at(-1)).toEqual({ month: '2026-11', patients: expected.activeThisMonth });
  });

  it('follows changes made through the API (a goal closed, a questionnaire answered, a PHB approval)', async () => {
    const patientId = syntheticPatientId(3);
    const token = await t.issuer.sign({ id: patientId, roles: ['patient'], borough: BOROUGH });
    const plan = (await t.call({ method: 'GET', path: `/patients/${patientId}/plan`, token })).body as { goals: { goalId: string; status: string }[]; version: number };
    const open = plan.goals.find((g) => g.status === 'active');
    expect(open).toBeDefined();
    if (open) {
      const res = await t.call({ method: 'PATCH', path: `/patients/${patientId}/goals/${open.goalId}`, token, headers: { 'if-match': `"${plan.version}"` }, body: { achievement: 'achieved' } });
      expect(res.body).toMatchObject({ status: 'closed' });
    }
    const reqol = await t.call({ method: 'POST', path: `/patients/${patientId}/questionnaires`, token, body: { scores: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4] } });
    expect(reqol.status).toBe(201);
    // A PHB approval: the patient asks, an advisor approves within the budget.
    const advisor = await t.tokenFor('advisor');
    const before = ((await t.call({ method: 'GET', path: '/phb-requests/stats', token: advisor })).body as { users: number; byCategory: Record<string, { approved: number }> }).byCategory['cinema-club']!.approved;
    expect((await t.call({ method: 'PUT', path: `/patients/${patientId}/budget`, token: advisor, body: { allocatedPence: 200_000 } })).status).toBe(200);
    const goalId = plan.goals[0]!.goalId;
    const ask = await t.call({ method: 'POST', path: `/patients/${patientId}/phb-requests`, token, body: { category: 'cinema-club', item: 'Membership', amountPence: 4_000, goalId, whyItHelps: 'Going out', alternativesConsidered: 'None' } });
    expect(ask.status).toBe(201);
    expect((await t.call({ method: 'POST', path: `/phb-requests/${(ask.body as { requestId: string }).requestId}/decision`, token: advisor, body: { decision: 'approve' } })).status).toBe(200);
    await poller.drain();
    const expected = expectedFrom(await raw());
    expect(reported(await report())).toEqual(expected);
    const stats = (await t.call({ method: 'GET', path: '/phb-requests/stats', token: advisor })).body as { users: number; byCategory: Record<string, { approved: number; group: string }> };
    expect(stats.byCategory['cinema-club']).toMatchObject({ approved: before + 1, group: 'activity' });
    expect(stats.users).toBe(expected.phbUsers);
  });

  it('comes back right from a rebuild after the aggregates went wrong', async () => {
    const { current } = await readGenerations(store, BOROUGH);
    await store.doc.send(new UpdateCommand({ TableName: store.tableName, Key: { pk: outcomesPartition(BOROUGH), sk: `G#${current}#ACTIVE#2026-11` }, UpdateExpression: 'ADD patients :n', ExpressionAttributeValues: { ':n': 7 } }));
    await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: outcomeStateKey(BOROUGH, syntheticPatientId(5), current) }));
    const expected = expectedFrom(await raw());
    expect(reported(await report()).activeThisMonth).toBe(expected.activeThisMonth + 7);

    const result = await rebuildOutcomes(store, BOROUGH, { clinicalCutoff: 24, reliableChange: RELIABLE_CHANGE });
    expect(result.previous).toBe(current);
    expect(reported(await report())).toEqual(expected);
    // The old generation is gone, and the stream records still to come change nothing.
    const left = (await raw()).filter((i) => String(i.sk).startsWith(`G#${current}#`) || String(i.sk) === `OUTCOME#${current}`);
    expect(left).toEqual([]);
    await poller.drain();
    expect(reported(await report())).toEqual(expected);
  }, 60_000);

  it('loses nothing written while a rebuild runs', async () => {
    const writes = async () => {
      for (const i of [7, 8, 9, 10]) {
        const patientId = syntheticPatientId(i);
        const token = await t.issuer.sign({ id: patientId, roles: ['patient'], borough: BOROUGH });
        const res = await t.call({ method: 'POST', path: `/patients/${patientId}/log`, token, body: { date: '2026-11-20', text: 'A day.', mood: 3 } });
        expect(res.status).toBe(201);
        await poller.drain();
      }
    };
    await Promise.all([rebuildOutcomes(store, BOROUGH, { clinicalCutoff: 24, reliableChange: RELIABLE_CHANGE }), writes()]);
    await poller.drain();
    expect(reported(await report())).toEqual(expectedFrom(await raw()));
  }, 60_000);

  it('refuses a second rebuild while one is in progress, unless forced', async () => {
    const { current } = await readGenerations(store, BOROUGH);
    await store.doc.send(new UpdateCommand({ TableName: store.tableName, Key: { pk: outcomesPartition(BOROUGH), sk: 'META' }, UpdateExpression: 'SET building = :b', ExpressionAttributeValues: { ':b': 'stuck' } }));
    await expect(rebuildOutcomes(store, BOROUGH, { clinicalCutoff: 24, reliableChange: RELIABLE_CHANGE })).rejects.toThrow(/already in progress/);
    const forced = await rebuildOutcomes(store, BOROUGH, { clinicalCutoff: 24, reliableChange: RELIABLE_CHANGE }, { force: true });
    expect(forced.previous).toBe(current);
    expect(reported(await report())).toEqual(expectedFrom(await raw()));
  }, 60_000);

  it('is for operators only', async () => {
    for (const user of ['sally', 'miriam', 'advisor']) {
      const res = await t.call({ method: 'GET', path: '/borough/outcomes', token: await t.tokenFor(user) });
      expect(res.status).toBe(403);
    }
  });
});
