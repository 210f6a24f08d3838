import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { financialYear } from '../../shared/domain/phb';
import { openStatements } from '../../shared/store/budget-ledger-repository';
import { budgetKey } from '../../shared/store/phb-repository';
import { startPhbHarness, type Json, type PhbHarness } from '../support/phb-harness';
import { BOROUGH } from '../support/platform';

/** The budget's statement (each movement of its money, with its reason) and re-approval at a higher cost. */
describe('PHB budget statement and reprices on DynamoDB Local', () => {
  let h: PhbHarness;
  beforeAll(async () => {
    h = await startPhbHarness();
  });
  afterAll(() => h.t.stop());

  const statement = async (patientId: string, token = patientId, query = 'limit=100') => {
    const res = await h.t.call({ method: 'GET', path: `/patients/${patientId}/budget/movements`, query, token: h.as(token) });
    expect(res.status).toBe(200);
    return res.body as { items: Json[]; nextCursor?: string; patient?: Json };
  };
  const setAllocation = (patientId: string, body: Json, as = 'advisor') => h.t.call({ method: 'PUT', path: `/patients/${patientId}/budget`, token: h.as(as), body });
  const order = (requestId: string, actualCostPence: number) => h.decide(requestId, { decision: 'order', supplier: 'Argos', orderReference: 'AB-1', actualCostPence });
  const sumOf = (items: Json[], column: string) => items.reduce((sum, m) => sum + ((m.change as Record<string, number>)[column] ?? 0), 0);

  it('each movement of money is a line of the statement with its reason and who moved it by name; the lines add up to the budget', async () => {
    // Prepare: an allocation, a change of it, an approval, an order that cost less, an approval withdrawn.
    const p = await h.newPatient(30_000);
    expect((await setAllocation(p.id, { allocatedPence: 50_000, reason: 'More sessions agreed at the review' })).status).toBe(200);
    const phone = (await h.ask(p, 12_000)).body as Json;
    await h.decide(phone.requestId as string, { decision: 'approve' });
    expect((await order(phone.requestId as string, 9_999)).status).toBe(200);
    const gym = (await h.ask(p, 5_000)).body as Json;
    await h.decide(gym.requestId as string, { decision: 'approve' });
    await h.t.call({ method: 'PATCH', path: `/patients/me/phb-requests/${gym.requestId as string}`, token: h.as(p.id), body: { action: 'withdraw' } });

    // Act
    const { items } = await statement(p.id);

    // Assess: newest first, each with its change and its reason.
    expect(items.map((m) => [m.kind, m.change, m.reason, (m.by as Json).name])).toEqual([
      ['withdrawn', { allocatedPence: 0, committedPence: -5_000, spentPence: 0, remainingPence: 5_000 }, undefined, expect.any(String)],
      ['approved', { allocatedPence: 0, committedPence: 5_000, spentPence: 0, remainingPence: -5_000 }, undefined, 'Tom Fielding'],
      ['ordered', { allocatedPence: 0, committedPence: -12_000, spentPence: 9_999, remainingPence: 2_001 }, undefined, 'Tom Fielding'],
      ['approved', { allocatedPence: 0, committedPence: 12_000, spentPence: 0, remainingPence: -12_000 }, undefined, 'Tom Fielding'],
      ['allocated', { allocatedPence: 20_000, committedPence: 0, spentPence: 0, remainingPence: 20_000 }, 'More sessions agreed at the review', 'Tom Fielding'],
      ['allocated', { allocatedPence: 30_000, committedPence: 0, spentPence: 0, remainingPence: 30_000 }, 'Allocated at the annual review', 'Tom Fielding'],
    ]);
    expect(items[0]).toMatchObject({ requestId: gym.requestId, category: 'phone', by: { userId: p.id } });
    const budget = await h.budget(p.id);
    for (const column of ['allocatedPence', 'committedPence', 'spentPence', 'remainingPence']) expect(sumOf(items, column)).toBe(budget[column]);
  });

  it('pages the statement newest first, and a year with no movements is an empty statement', async () => {
    const p = await h.newPatient(10_000);
    for (const pence of [11_000, 12_000, 13_000]) expect((await setAllocation(p.id, { allocatedPence: pence, reason: `Now ${pence}` })).status).toBe(200);
    const first = await statement(p.id, p.id, 'limit=2');
    expect(first.items.map((m) => m.reason)).toEqual(['Now 13000', 'Now 12000']);
    const second = await statement(p.id, p.id, `limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second.items.map((m) => m.reason)).toEqual(['Now 11000', 'Allocated at the annual review']);
    expect(second.nextCursor).toBeUndefined();
    expect((await statement(p.id, p.id, 'financialYear=2031')).items).toEqual([]);
  });

  it('an allocation needs a reason and never goes below what is committed and spent; a refused one leaves no line; the patient is told of a change, not why', async () => {
    const p = await h.newPatient(20_000);
    const req = (await h.ask(p, 15_000)).body as Json;
    await h.decide(req.requestId as string, { decision: 'approve' });
    const before = await statement(p.id);

    const noReason = await setAllocation(p.id, { allocatedPence: 30_000 });
    const blankReason = await setAllocation(p.id, { allocatedPence: 30_000, reason: '   ' });
    const belowCommitted = await setAllocation(p.id, { allocatedPence: 14_999, reason: 'Cut' });

    for (const res of [noReason, blankReason]) {
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(res.body)).toContain('body.reason');
    }
    expect(belowCommitted.status).toBe(422);
    expect(JSON.stringify(belowCommitted.body)).toContain('body.allocatedPence');
    expect(await statement(p.id)).toEqual(before);
    const events = (await h.items(p.id, 'OUTBOX#')).filter((e) => e.type === 'phb.budget-changed');
    expect(events.map((e) => e.data)).toEqual([{ patientId: p.id, financialYear: expect.any(Number) }]);
  });

  it("staff read the statement with the patient's banner, audited in the patient's access log; another patient cannot", async () => {
    const p = await h.newPatient(10_000);
    const asAdvisor = await statement(p.id, 'advisor');
    expect(asAdvisor.items).toHaveLength(1);
    expect(asAdvisor.patient).toBeDefined();
    const log = ((await h.t.call({ method: 'GET', path: '/patients/me/access-log', query: 'limit=100', token: h.as(p.id) })).body as { items: Json[] }).items;
    expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: 'advisor', action: 'phb:read', decision: 'allow', operation: 'GET /patients/{patientId}/budget/movements' })]));
    const other = await h.newPatient(10_000);
    expect((await h.t.call({ method: 'GET', path: `/patients/${p.id}/budget/movements`, token: h.as(other.id) })).status).toBe(404);
  });

  it('a request that will cost more goes back for approval at the new cost: its money released, the patient told, every step in its history', async () => {
    // Prepare
    const p = await h.newPatient(50_000);
    const req = (await h.ask(p, 10_000)).body as Json;
    const id = req.requestId as string;
    await h.decide(id, { decision: 'approve' });

    // Act
    const repriced = await h.decide(id, { decision: 'reprice', amountPence: 12_500, reason: 'The supplier put the price up' });

    // Assess
    expect(repriced.status).toBe(200);
    expect(repriced.body).toMatchObject({ status: 'submitted', amountPence: 12_500 });
    expect(repriced.body).not.toHaveProperty('deciders');
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 0, remainingPence: 50_000 });
    const news = (await h.items(p.id, 'OUTBOX#')).filter((e) => e.type === 'phb.decided').map((e) => (e.data as Json).status);
    expect(news).toEqual(['approved', 'submitted']);
    expect((await statement(p.id)).items[0]).toMatchObject({ kind: 'repriced', change: { committedPence: -10_000, remainingPence: 10_000 }, requestId: id });

    // Approved again at the new cost, it can be ordered at that cost.
    expect((await h.decide(id, { decision: 'approve' })).status).toBe(200);
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 12_500, remainingPence: 37_500 });
    const ordered = await order(id, 12_500);
    expect(ordered.status).toBe(200);
    expect(((ordered.body as Json).history as Json[]).map((s) => [s.step, (s.by as Json).name, s.note ?? null, s.amountPence ?? null])).toEqual([
      ['submitted', expect.any(String), null, null],
      ['approved', 'Tom Fielding', null, null],
      ['repriced', 'Tom Fielding', 'The supplier put the price up', 12_500],
      ['approved', 'Tom Fielding', null, null],
      ['ordered', 'Tom Fielding', null, null],
    ]);
  });

  it('refuses a reprice that is not dearer, of a request not approved, or without a reason, changing nothing', async () => {
    const p = await h.newPatient(50_000);
    const req = (await h.ask(p, 10_000)).body as Json;
    const id = req.requestId as string;
    expect((await h.decide(id, { decision: 'reprice', amountPence: 12_000, reason: 'x' })).status).toBe(409);
    await h.decide(id, { decision: 'approve' });
    const before = await h.items(p.id, 'PHB#');
    const same = await h.decide(id, { decision: 'reprice', amountPence: 10_000, reason: 'x' });
    const noReason = await h.decide(id, { decision: 'reprice', amountPence: 12_000 });
    const blankReason = await h.decide(id, { decision: 'reprice', amountPence: 12_000, reason: '   ' });
    const controlReason = await h.decide(id, { decision: 'reprice', amountPence: 12_000, reason: 'Price \u202Eup' });
    expect(same.status).toBe(409);
    for (const refused of [noReason, blankReason, controlReason]) {
      expect(refused.status).toBe(422);
      expect(JSON.stringify(refused.body)).toContain('body.reason');
    }
    expect(await h.items(p.id, 'PHB#')).toEqual(before);
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 10_000 });
  });

  it('a repriced request above the threshold needs two advisors again, and cannot be approved past what is left', async () => {
    const p = await h.newPatient(60_000);
    const req = (await h.ask(p, 40_000)).body as Json;
    const id = req.requestId as string;
    await h.decide(id, { decision: 'approve' });
    // 55,000 is above the borough's threshold for a second approval.
    expect((await h.decide(id, { decision: 'reprice', amountPence: 55_000, reason: 'Price rise' })).status).toBe(200);
    expect((await h.decide(id, { decision: 'approve' })).body).toMatchObject({ status: 'submitted', firstApproval: { advisorId: 'advisor' } });
    expect((await h.decide(id, { decision: 'approve' }, 'advisor-2')).body).toMatchObject({ status: 'approved' });
    expect((await h.decide(id, { decision: 'reprice', amountPence: 70_000, reason: 'Again' })).status).toBe(200);
    await h.decide(id, { decision: 'approve' });
    const tooMuch = await h.decide(id, { decision: 'approve' }, 'advisor-2');
    expect(tooMuch.status).toBe(409);
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 0, remainingPence: 60_000 });
  });

  it('a budget from before statements were kept gets one opening line, once, and its statement adds up from then on', async () => {
    // Prepare: a budget written as before (no lines): 450 allocated, 160 committed, 40 spent.
    const p = await h.newPatient(1);
    const store = h.t.platform.boroughs.get(BOROUGH)!.deps.store;
    const fy = financialYear(new Date());
    const legacy = { patientId: p.id, financialYear: fy, allocatedPence: 45_000, committedPence: 16_000, spentPence: 4_000, remainingPence: 25_000, version: 7 };
    await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...budgetKey(BOROUGH, p.id, fy), entity: 'budget', ...legacy } }));

    // Act: opened twice (a rerun), then an allocation change.
    const opened = [await openStatements(store, BOROUGH, p.id), await openStatements(store, BOROUGH, p.id)];
    expect((await setAllocation(p.id, { allocatedPence: 50_000, reason: 'Review' })).status).toBe(200);

    // Assess: one opening line, the oldest, with what the earlier line left unexplained; the lines add up.
    expect(opened).toEqual([1, 0]);
    const { items } = await statement(p.id);
    expect(items.map((m) => m.kind)).toEqual(['allocated', 'allocated', 'opening']);
    expect(items[2]).toMatchObject({ change: { allocatedPence: 44_999, committedPence: 16_000, spentPence: 4_000, remainingPence: 24_999 }, by: { name: 'The personal health budget team' } });
    const budget = await h.budget(p.id);
    for (const column of ['allocatedPence', 'committedPence', 'spentPence', 'remainingPence']) expect(sumOf(items, column)).toBe(budget[column]);
  });
});
