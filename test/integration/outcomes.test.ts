import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { seedSynthetic } from '../../infra/local/synthetic';
import { syntheticPatientId } from '../../infra/local/synthetic-people';
import type { StreamPoller } from '../../infra/local/stream-poller';
import { startOutcomesPoller } from '../support/outcomes-poller';
import type { OutcomeReport } from '../../shared/domain/outcomes';
import type { Store } from '../../shared/runtime/deps';
import { rebuildOutcomes } from '../../shared/store/outcomes-rebuild';
import { outcomesPartition, outcomeStateKey, readGenerations } from '../../shared/store/outcomes-repository';
import { scanAll } from '../../shared/store/query-all';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Item = Record<string, unknown>;
const NOW = new Date('2026-11-20T12:00:00.000Z');
/** Nine calendar months before NOW: a patient whose first activity is on or before this day counts. */
const COHORT_SINCE = '2026-02-20';
const FY = 2026;
const RELIABLE_CHANGE = 5;

const MONTHS = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2025, 11 + i, 1)).toISOString().slice(0, 7));

/**
 * The report's figures computed straight from the raw items of the table, written apart from the
 * aggregator: what the report counts before anything is withheld.
 */
const rawFigures = (items: readonly Item[]) => {
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
    if (i.entity === 'message' && i.fromPatient === true) return String(i.sentAt);
    return undefined;
  };
  const activeByMonth = new Map(MONTHS.map((m) => [m, 0]));
  let onPlatform = 0;
  const cohort = { patients: 0, closed: 0, achieved: 0, partly: 0, reqol: 0, improved: 0, reliably: 0 };
  const phbUsers = new Set<string>();
  const phbByCategory: Record<string, { approved: number; approvedPence: number; bought: number; spentPence: number }> = {};
  const deliveryDays: number[] = [];
  for (const [patientId, mine] of byPatient) {
    const times = mine
      .map(ownActivity)
      .filter((t): t is string => t !== undefined)
      .sort();
    for (const month of new Set(times.map((t) => t.slice(0, 7)))) if (activeByMonth.has(month)) activeByMonth.set(month, activeByMonth.get(month)! + 1);
    if (times.length > 0) onPlatform += 1;
    for (const r of mine.filter((i) => i.entity === 'phb-request' && i.financialYear === FY && ['approved', 'ordered', 'delivered', 'closed'].includes(String(i.status)))) {
      phbUsers.add(patientId);
      const cell = (phbByCategory[String(r.category)] ??= { approved: 0, approvedPence: 0, bought: 0, spentPence: 0 });
      cell.approved += 1;
      cell.approvedPence += Number(r.amountPence);
      const order = r.order as { actualCostPence: number } | undefined;
      if (order && r.status !== 'approved') {
        cell.bought += 1;
        cell.spentPence += order.actualCostPence;
      }
    }
    // Delivered in the financial year (1 April 2026 to 31 March 2027): days from the submission's London day.
    for (const r of mine.filter((i) => i.entity === 'phb-request' && ['delivered', 'closed'].includes(String(i.status)))) {
      const on = String(r.deliveredOn);
      if (on < `${FY}-04-01` || on > `${FY + 1}-03-31`) continue;
      const asked = new Date(String(r.submittedAt)).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
      deliveryDays.push(Math.max(0, (Date.parse(on) - Date.parse(asked)) / 86_400_000));
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
  return { activeByMonth: [...activeByMonth].map(([month, patients]) => ({ month, patients })), onPlatform, cohort, phbUsers: phbUsers.size, phbByCategory, deliveryDays };
};
type Raw = ReturnType<typeof rawFigures>;

/**
 * What the report must show of the raw figures, by the rule of docs/outcomes.md: a count of 1 to 4 is withheld,
 * and so is a figure that would leave 1 to 4 when taken from a shown figure holding it (or from its
 * total beside the other shown part).
 */
const asShown = (raw: Raw) => {
  const small = (n: number): boolean => n > 0 && n < 5;
  const leaves = (whole: number | null, part: number): boolean => whole !== null && small(whole - part);
  const share = (n: number, of: number) => (of === 0 ? null : Math.round((n / of) * 1000) / 1000);
  const c = raw.cohort;
  const onPlatform = small(raw.onPlatform) ? null : raw.onPlatform;
  const cohortPatients = small(c.patients) || leaves(onPlatform, c.patients) ? null : c.patients;
  const reqolPatients = small(c.reqol) || leaves(cohortPatients, c.reqol) || leaves(onPlatform, c.reqol) ? null : c.reqol;
  // Everyone active before February 2026 started before COHORT_SINCE: they are all in the cohort.
  const activeByMonth = raw.activeByMonth.map(({ month, patients }) => ({
    month,
    patients: small(patients) || leaves(onPlatform, patients) || (month < COHORT_SINCE.slice(0, 7) && leaves(cohortPatients, patients)) ? null : patients,
  }));
  const closedGoals = small(c.closed) ? null : c.closed;
  const fully = closedGoals === null || small(c.achieved) || leaves(c.closed, c.achieved) ? null : share(c.achieved, c.closed);
  const partly = closedGoals === null || small(c.partly) || leaves(c.closed, c.partly) || (fully !== null && leaves(c.closed - c.achieved, c.partly)) ? null : share(c.partly, c.closed);
  const improved = reqolPatients === null || small(c.improved) || leaves(c.reqol, c.improved) ? null : share(c.improved, c.reqol);
  const reliably = reqolPatients === null || small(c.reliably) || leaves(c.reqol, c.reliably) || (improved !== null && leaves(c.improved, c.reliably)) ? null : share(c.reliably, c.reqol);
  const phbByCategory = Object.fromEntries(
    Object.entries(raw.phbByCategory).map(([k, cell]) => {
      const approved = small(cell.approved) ? null : cell.approved;
      // Bought is part of approved: withheld too when it leaves 1 to 4 approved and not yet bought.
      const bought = small(cell.bought) || leaves(approved, cell.bought) ? null : cell.bought;
      return [k, { approved, approvedPence: approved === null ? null : cell.approvedPence, bought, spentPence: bought === null ? null : cell.spentPence }];
    }),
  );
  // PERCENTILE.INC of the sorted list, to one decimal.
  const days = [...raw.deliveryDays].sort((a, b) => a - b);
  const percentile = (p: number) => {
    const rank = p * (days.length - 1);
    const low = days[Math.floor(rank)]!;
    return Math.round((low + (rank - Math.floor(rank)) * (days[Math.ceil(rank)]! - low)) * 10) / 10;
  };
  const timeToDelivery =
    small(days.length) || days.length === 0
      ? { delivered: small(days.length) ? null : 0, medianDays: null, p90Days: null }
      : { delivered: days.length, medianDays: percentile(0.5), p90Days: percentile(0.9) };
  return {
    activeThisMonth: activeByMonth.at(-1)!.patients,
    activeByMonth,
    onPlatform,
    cohortPatients,
    closedGoals,
    fullyAchieved: fully,
    partlyAchieved: partly,
    reqolPatients,
    improved,
    reliablyImproved: reliably,
    phbUsers: small(raw.phbUsers) ? null : raw.phbUsers,
    phbByCategory,
    timeToDelivery,
  };
};

const reported = (r: OutcomeReport) => ({
  activeThisMonth: r.patients.activeThisMonth,
  activeByMonth: r.patients.activeByMonth,
  onPlatform: r.patients.onPlatform,
  cohortPatients: r.cohort.patients,
  closedGoals: r.cohort.closedGoals,
  fullyAchieved: r.cohort.fullyAchieved.share,
  partlyAchieved: r.cohort.partlyAchieved.share,
  reqolPatients: r.cohort.reqol.withTwoOrMoreResponses,
  improved: r.cohort.reqol.improved.share,
  reliablyImproved: r.cohort.reqol.reliablyImproved.share,
  phbUsers: r.phb.users,
  phbByCategory: Object.fromEntries(Object.entries(r.phb.byCategory).filter(([, c]) => c.approved !== 0)),
  timeToDelivery: r.phb.timeToDelivery,
});

interface PhbStats {
  financialYear: number;
  label: string;
  withholding: string;
  users: number | null;
  byCategory: Record<string, { approved: number | null; approvedPence: number | null; bought: number | null; spentPence: number | null; group: string }>;
}

/** The stats' categories with something approved (or withheld), as the report's. */
const shownCategories = (s: PhbStats) =>
  Object.fromEntries(
    Object.entries(s.byCategory)
      .filter(([, c]) => c.approved !== 0)
      .map(([k, c]) => [k, { approved: c.approved, approvedPence: c.approvedPence, bought: c.bought, spentPence: c.spentPence }]),
  );

/** Every count the report shows, shares' included. */
const countsIn = (r: OutcomeReport): (number | null)[] => [
  r.patients.activeThisMonth,
  r.patients.onPlatform,
  ...r.patients.activeByMonth.map((m) => m.patients),
  r.cohort.patients,
  r.cohort.closedGoals,
  r.cohort.reqol.withTwoOrMoreResponses,
  ...[r.cohort.fullyAchieved, r.cohort.partlyAchieved, r.cohort.reqol.improved, r.cohort.reqol.reliablyImproved].flatMap((s) => [s.of, s.count]),
  r.phb.users,
  ...Object.values(r.phb.byCategory).flatMap((c) => [c.approved, c.bought]),
  r.phb.timeToDelivery.delivered,
];

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
  const stats = async (token: string) => {
    const res = await t.call({ method: 'GET', path: '/phb-requests/stats', token });
    expect(res.status).toBe(200);
    return res.body as PhbStats;
  };

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => NOW }, streams: true });
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    store = runtime.deps.store;
    operator = await t.tokenFor('operator');
    poller = startOutcomesPoller(t);
    await seedSynthetic(store, runtime.config, { patients: 60, now: NOW, seed: 11 });
    await poller.drain();
  }, 120_000);
  afterAll(async () => {
    poller.stop();
    await t.stop();
  });

  it('reports what the raw items say, with counts of 1 to 4 withheld, for a synthetic borough of 60 patients', async () => {
    const figures = rawFigures(await raw());
    // The dataset is rich enough to mean something: a cohort, closed goals, ReQoL pairs, PHB users.
    expect(figures.cohort.patients).toBeGreaterThan(20);
    expect(figures.cohort.closed).toBeGreaterThan(10);
    expect(figures.cohort.reqol).toBeGreaterThan(5);
    expect(figures.phbUsers).toBeGreaterThan(0);
    expect(figures.deliveryDays.length).toBeGreaterThanOrEqual(5);
    const expected = asShown(figures);
    expect(expected.timeToDelivery.medianDays).toBeGreaterThan(1);
    const r = await report();
    expect(reported(r)).toEqual(expected);
    expect(r.cohort.since).toBe(COHORT_SINCE);
    expect(r.withholding).toMatch(/1 to 4 are withheld/);
    expect(r.patients.activeByMonth).toHaveLength(12);
    expect(r.patients.activeByMonth.at(-1)).toEqual({ month: '2026-11', patients: expected.activeThisMonth });
    // Something is withheld here, and nothing shown is 1 to 4.
    expect(countsIn(r)).toContain(null);
    expect(countsIn(r).filter((n) => n !== null && n > 0 && n < 5)).toEqual([]);
  });

  it('gives PHB advisors the same PHB figures, withheld the same way', async () => {
    const expected = asShown(rawFigures(await raw()));
    const s = await stats(await t.tokenFor('advisor'));
    expect(s).toMatchObject({ financialYear: FY, label: '2026/27', users: expected.phbUsers, withholding: expect.stringMatching(/1 to 4 are withheld/) });
    expect(shownCategories(s)).toEqual(expected.phbByCategory);
    expect(s.byCategory['cinema-club']!.group).toBe('activity');
  });

  it('follows changes made through the API (a goal closed, a questionnaire answered, a PHB request approved, bought for less and delivered)', async () => {
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
    const before = rawFigures(await raw());
    const cinemaBefore = before.phbByCategory['cinema-club'] ?? { approved: 0, bought: 0, spentPence: 0 };
    const deliveriesBefore = before.deliveryDays.length;
    expect((await t.call({ method: 'PUT', path: `/patients/${patientId}/budget`, token: advisor, body: { allocatedPence: 200_000, reason: 'Annual review' } })).status).toBe(200);
    const goalId = plan.goals[0]!.goalId;
    const ask = await t.call({
      method: 'POST',
      path: `/patients/${patientId}/phb-requests`,
      token,
      body: { category: 'cinema-club', item: 'Membership', amountPence: 4_000, goalId, whyItHelps: 'Going out', alternativesConsidered: 'None' },
    });
    expect(ask.status).toBe(201);
    // Approved, then bought for less, then delivered: counted approved at the amount asked, bought at its cost.
    const decide = async (body: Record<string, unknown>) =>
      expect((await t.call({ method: 'POST', path: `/phb-requests/${(ask.body as { requestId: string }).requestId}/decision`, token: advisor, body })).status).toBe(200);
    await decide({ decision: 'approve' });
    await decide({ decision: 'order', supplier: 'Picturehouse', orderReference: 'PH-1', actualCostPence: 3_500 });
    await decide({ decision: 'deliver', deliveredOn: '2026-11-20' });
    await poller.drain();
    const figures = rawFigures(await raw());
    expect(figures.phbByCategory['cinema-club']).toMatchObject({ approved: cinemaBefore.approved + 1, bought: cinemaBefore.bought + 1, spentPence: cinemaBefore.spentPence + 3_500 });
    expect(figures.deliveryDays).toHaveLength(deliveriesBefore + 1);
    const expected = asShown(figures);
    expect(reported(await report())).toEqual(expected);
    const s = await stats(advisor);
    expect(shownCategories(s)).toEqual(expected.phbByCategory);
    expect(s.users).toBe(expected.phbUsers);
  });

  it('counts the conversations with a message in the month (never who or what), as a rebuild does', async () => {
    // Prepare: six patients share messages with Adam (the synthetic petals never name him); five of them write, one twice; Adam answers one.
    const adam = await t.tokenFor('adam');
    const patients = [20, 21, 22, 23, 24, 25].map((i) => syntheticPatientId(i));
    const countOf = (r: OutcomeReport) => r.messages.activeConversationsByMonth.find((m) => m.month === '2026-11')?.conversations;
    const before = (await report()).messages.activeConversationsThisMonth ?? 0;
    for (const patientId of patients) {
      const token = await t.issuer.sign({ id: patientId, roles: ['patient'], borough: BOROUGH });
      expect((await t.call({ method: 'POST', path: '/patients/me/grants', token, body: { grantee: { type: 'person', userId: 'adam' }, scopes: ['messages'] } })).status).toBe(201);
      if (patientId === patients[5]) continue;
      const send = (text: string) => t.call({ method: 'POST', path: '/patients/me/conversations/person:adam/messages', token, body: { text } });
      expect((await send('Hello')).status).toBe(201);
      if (patientId === patients[0]) expect((await send('Again')).status).toBe(201);
    }
    expect((await t.call({ method: 'POST', path: `/patients/${patients[1]}/conversations/person:adam/messages`, token: adam, body: { text: 'Hello back' } })).status).toBe(201);

    // Act
    await poller.drain();
    const r = await report();

    // Assess: five conversations more this month; the report holds no words; a rebuild counts the same.
    expect(r.messages.activeConversationsThisMonth).toBe(before + 5);
    expect(countOf(r)).toBe(before + 5);
    expect(JSON.stringify(r)).not.toMatch(/Hello|Again/);
    await rebuildOutcomes(store, BOROUGH, { clinicalCutoff: 24, reliableChange: RELIABLE_CHANGE });
    expect((await report()).messages).toEqual(r.messages);
  }, 60_000);

  it('comes back right from a rebuild after the aggregates went wrong', async () => {
    const { current } = await readGenerations(store, BOROUGH);
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: { pk: outcomesPartition(BOROUGH), sk: `G#${current}#ACTIVE#2026-11` },
        UpdateExpression: 'ADD patients :n',
        ExpressionAttributeValues: { ':n': 7 },
      }),
    );
    await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: outcomeStateKey(BOROUGH, syntheticPatientId(5), current) }));
    const figures = rawFigures(await raw());
    const expected = asShown(figures);
    const wrong = { ...figures, activeByMonth: figures.activeByMonth.map((m) => (m.month === '2026-11' ? { ...m, patients: m.patients + 7 } : m)) };
    expect(reported(await report())).toEqual(asShown(wrong));
    expect(asShown(wrong)).not.toEqual(expected);

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
    expect(reported(await report())).toEqual(asShown(rawFigures(await raw())));
  }, 60_000);

  it('refuses a second rebuild while one is in progress, unless forced', async () => {
    const { current } = await readGenerations(store, BOROUGH);
    await store.doc.send(
      new UpdateCommand({ TableName: store.tableName, Key: { pk: outcomesPartition(BOROUGH), sk: 'META' }, UpdateExpression: 'SET building = :b', ExpressionAttributeValues: { ':b': 'stuck' } }),
    );
    await expect(rebuildOutcomes(store, BOROUGH, { clinicalCutoff: 24, reliableChange: RELIABLE_CHANGE })).rejects.toThrow(/already in progress/);
    const forced = await rebuildOutcomes(store, BOROUGH, { clinicalCutoff: 24, reliableChange: RELIABLE_CHANGE }, { force: true });
    expect(forced.previous).toBe(current);
    expect(reported(await report())).toEqual(asShown(rawFigures(await raw())));
  }, 60_000);

  it('is for operators only', async () => {
    for (const user of ['sally', 'miriam', 'advisor']) {
      const res = await t.call({ method: 'GET', path: '/borough/outcomes', token: await t.tokenFor(user) });
      expect(res.status).toBe(403);
    }
  });
});
