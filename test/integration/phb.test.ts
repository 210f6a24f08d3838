import { startPhbHarness, type Json, type PhbHarness } from '../support/phb-harness';
import { BOROUGH } from '../support/platform';
import { addMonths } from '../../shared/domain/phb';
import { addDays } from '../../shared/domain/reviews';
import { sendPhbReviewReminders } from '../../functions/notifications/phb-review-reminders';
import { countCalls, roundTrips } from '../support/call-counter';
import { scanAll } from '../../shared/store/query-all';
import { noPatientPartition } from '../../shared/store/refusal-repository';

describe('personal health budgets on DynamoDB Local', () => {
  let h: PhbHarness;
  beforeAll(async () => {
    h = await startPhbHarness();
  });
  afterAll(() => h.t.stop());
  const accessLog = async (patientId: string) => ((await h.t.call({ method: 'GET', path: '/patients/me/access-log', query: 'limit=100', token: h.as(patientId) })).body as { items: Json[] }).items;

  it('an advisor sets the budget; the patient sees allocated, committed, spent, remaining', async () => {
    const p = await h.newPatient(50_000);
    expect(await h.budget(p.id)).toMatchObject({ allocatedPence: 50_000, committedPence: 0, spentPence: 0, remainingPence: 50_000, label: expect.stringMatching(/^\d{4}\/\d{2}$/) });
    expect((await h.t.call({ method: 'PUT', path: `/patients/${p.id}/budget`, token: h.as(p.id), body: { allocatedPence: 9_999_999, reason: 'More' } })).status).toBe(404);
  });

  it('a request must serve a goal of the plan', async () => {
    const p = await h.newPatient(50_000);
    const res = await h.ask({ ...p, goalId: 'not-a-goal' }, 1000);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ errors: [{ field: 'body.goalId' }] });
  });

  const order = (requestId: unknown, actualCostPence: number) => h.decide(String(requestId), { decision: 'order', supplier: 'Argos', orderReference: 'AB-1234', actualCostPence });
  const review = (patientId: string, requestId: unknown, body: Json, token = h.as(patientId)) =>
    h.t.call({ method: 'PATCH', path: `/patients/${patientId}/phb-requests/${String(requestId)}`, token, body: { action: 'review', ...body } });

  it('approval commits the amount, the order spends what it really cost, and events go to advisors and the patient', async () => {
    const p = await h.newPatient(50_000);
    const req = (await h.ask(p, 12_000)).body as Json;
    expect(req).toMatchObject({ status: 'submitted', submittedBy: { userId: p.id, asPatient: true } });
    const approved = await h.decide(req.requestId, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 12_000, remainingPence: 38_000 });
    const ordered = await order(req.requestId, 12_000);
    expect(ordered.status).toBe(200);
    expect(ordered.body).toMatchObject({ status: 'ordered', order: { supplier: 'Argos', orderReference: 'AB-1234', actualCostPence: 12_000, by: { userId: 'advisor', name: 'Tom Fielding' } } });
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 0, spentPence: 12_000, remainingPence: 38_000 });
    const events = (await h.items(p.id, 'OUTBOX#')).map((e) => e.type);
    expect(events.filter((e) => e.startsWith('phb.'))).toEqual(['phb.budget-changed', 'phb.submitted', 'phb.decided', 'phb.decided']);
  });

  it('an order that cost less gives the difference back; one that cost more is refused whole, the approval kept', async () => {
    const p = await h.newPatient(50_000);
    const cheaper = (await h.ask(p, 20_000)).body as Json;
    await h.decide(cheaper.requestId, { decision: 'approve' });
    expect((await order(cheaper.requestId, 17_550)).status).toBe(200);
    expect(await h.budget(p.id)).toMatchObject({ allocatedPence: 50_000, committedPence: 0, spentPence: 17_550, remainingPence: 32_450 });
    const dearer = (await h.ask(p, 10_000)).body as Json;
    await h.decide(dearer.requestId, { decision: 'approve' });
    const before = await h.items(p.id, 'PHB#');
    const refused = await order(dearer.requestId, 10_001);
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('needs approving again');
    expect(await h.items(p.id, 'PHB#')).toEqual(before);
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 10_000, spentPence: 17_550, remainingPence: 22_450 });
  });

  it("delivered on a day between the order and today, the review falls due after the borough's months; the patient's review closes it", async () => {
    const p = await h.newPatient(50_000);
    const req = (await h.ask(p, 5_000)).body as Json;
    // Not yet ordered: it cannot be delivered, nor reviewed.
    await h.decide(req.requestId, { decision: 'approve' });
    expect((await h.decide(req.requestId, { decision: 'deliver', deliveredOn: '2026-01-01' })).status).toBe(409);
    expect((await review(p.id, req.requestId, { helped: 'yes' })).status).toBe(409);
    await order(req.requestId, 5_000);
    const today = new Date().toISOString().slice(0, 10);
    expect((await h.decide(req.requestId, { decision: 'deliver', deliveredOn: '2099-01-01' })).status).toBe(409);
    expect((await h.decide(req.requestId, { decision: 'deliver', deliveredOn: 'yesterday' })).status).toBe(422);
    const delivered = await h.decide(req.requestId, { decision: 'deliver', deliveredOn: today });
    expect(delivered.body).toMatchObject({ status: 'delivered', deliveredOn: today, reviewDueOn: addMonths(today, h.t.platform.boroughs.get(BOROUGH)!.config.phb.reviewAfterMonths) });
    // Only the patient says whether it helped: not the clinician who may act on her requests.
    const byClinician = await review(p.id, req.requestId, { helped: 'yes' }, h.as('miriam'));
    expect([403, 404]).toContain(byClinician.status);
    const reviewed = await review(p.id, req.requestId, { helped: 'partly', inTheirWords: 'I call my sister more; the app drains the battery.' });
    expect(reviewed.body).toMatchObject({ status: 'closed', review: { helped: 'partly', inTheirWords: 'I call my sister more; the app drains the battery.' } });
    expect((await review(p.id, req.requestId, { helped: 'yes' })).status).toBe(409);
    expect((await h.decide(req.requestId, { decision: 'close' })).status).toBe(409);
  });

  it("the advisor queue is one Query, one read of the audit heads (with the names on the page beside it) and one audit transaction, after the advisor's account status, whatever the page size; each patient shown sees why in their access log", async () => {
    const asked = [];
    for (let i = 0; i < 3; i++) {
      const p = await h.newPatient(50_000);
      asked.push({ p, req: (await h.ask(p, 1_000 + i)).body as Json });
    }
    const counter = countCalls(h.t.platform.clients.client);
    const trips = roundTrips(await counter.timedDuring(async () => expect((await h.t.call({ method: 'GET', path: '/phb-requests', query: 'limit=100', token: h.as('advisor') })).status).toBe(200)));
    // The advisor's account status first; the audit heads and the directory entries of the patients shown at the same time.
    expect(trips.map((trip) => [...trip].sort())).toEqual([['GetItem'], ['Query'], ['BatchGetItem', 'BatchGetItem'], ['TransactWriteItems']]);
    for (const { p } of asked) {
      const log = (await h.t.call({ method: 'GET', path: `/patients/${p.id}/access-log`, token: h.as(p.id) })).body as Json;
      expect(log.items).toEqual(
        expect.arrayContaining([expect.objectContaining({ actorId: 'advisor', action: 'phb:read', operation: 'GET /phb-requests', decision: 'allow', reason: 'phb-process' })]),
      );
    }
  });

  it('a transition that is not allowed is 409 and changes nothing', async () => {
    const p = await h.newPatient(50_000);
    const req = (await h.ask(p, 5_000)).body as Json;
    await h.decide(req.requestId, { decision: 'decline', reason: 'Please try the library scheme first' });
    const before = await h.items(p.id, 'PHB#');
    const again = await h.decide(req.requestId, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(await h.items(p.id, 'PHB#')).toEqual(before);
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 0 });
  });

  it('asks the patient once, on the day the review falls due, whether it helped (the clock injected)', async () => {
    const p = await h.newPatient(50_000);
    const req = (await h.ask(p, 3_000)).body as Json;
    await h.decide(req.requestId, { decision: 'approve' });
    await order(req.requestId, 3_000);
    const delivered = (await h.decide(req.requestId, { decision: 'deliver', deliveredOn: new Date().toISOString().slice(0, 10) })).body as { reviewDueOn: string };
    const deps = h.t.platform.boroughs.get(BOROUGH)!.deps;
    const sweepOn = (day: string) => sendPhbReviewReminders({ ...deps, clock: () => new Date(`${day}T08:00:00Z`) });
    const asked = async () => (await h.items(p.id, 'OUTBOX#')).filter((e) => e.type === 'phb.review-due');
    await sweepOn(addDays(delivered.reviewDueOn, -1));
    expect(await asked()).toEqual([]);
    await sweepOn(delivered.reviewDueOn);
    await sweepOn(delivered.reviewDueOn);
    await sweepOn(addDays(delivered.reviewDueOn, 7));
    // Once, naming nothing of what was bought.
    expect((await asked()).map((e) => e.data)).toEqual([{ patientId: p.id, requestId: req.requestId }]);
  });

  it('the patient withdraws an approved request and the money comes back; answers a question', async () => {
    const p = await h.newPatient(50_000);
    const a = (await h.ask(p, 7_000)).body as Json;
    await h.decide(a.requestId, { decision: 'approve' });
    const withdrawn = await h.t.call({ method: 'PATCH', path: `/patients/me/phb-requests/${a.requestId}`, token: h.as(p.id), body: { action: 'withdraw' } });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 0, remainingPence: 50_000 });
    const b = (await h.ask(p, 3_000)).body as Json;
    await h.decide(b.requestId, { decision: 'request-info', question: 'Which model?' });
    const answered = await h.t.call({ method: 'PATCH', path: `/patients/me/phb-requests/${b.requestId}`, token: h.as(p.id), body: { action: 'answer', answer: 'The cheapest Android' } });
    expect(answered.body).toMatchObject({ status: 'submitted', answer: 'The cheapest Android' });
    // The advisors hear of both (the withdrawn one is not to be ordered), by request only.
    const forAdvisors = (await h.items(p.id, 'OUTBOX#')).filter((e) => e.type === 'phb.withdrawn' || e.type === 'phb.answered');
    expect(forAdvisors.map((e) => [e.type, e.data])).toEqual([
      ['phb.withdrawn', { patientId: p.id, requestId: a.requestId }],
      ['phb.answered', { patientId: p.id, requestId: b.requestId }],
    ]);
  });

  it('above the borough threshold approval takes two different advisors; nobody approves what they submitted', async () => {
    const threshold = h.t.platform.boroughs.get(BOROUGH)!.config.phb.secondApprovalAbovePence;
    const p = await h.newPatient(threshold * 3);
    const big = (await h.ask(p, threshold + 1)).body as Json;
    const first = await h.decide(big.requestId, { decision: 'approve' });
    expect(first.body).toMatchObject({ status: 'submitted', firstApproval: { advisorId: 'advisor' } });
    expect(await h.budget(p.id)).toMatchObject({ committedPence: 0 });
    expect((await h.decide(big.requestId, { decision: 'approve' })).status).toBe(403);
    const second = await h.decide(big.requestId, { decision: 'approve' }, 'advisor-2');
    expect(second.body).toMatchObject({ status: 'approved', decidedBy: ['advisor', 'advisor-2'] });
    expect(await h.budget(p.id)).toMatchObject({ committedPence: threshold + 1 });

    // A clinician who is also an advisor submits on the patient's behalf, then may not decide it.
    await h.t.call({ method: 'POST', path: `/patients/${p.id}/grants`, token: h.as(p.id), body: { grantee: { type: 'person', userId: 'dual' }, scopes: ['phb:request'] } });
    const onBehalf = await h.ask(p, 1_000, {}, 'dual');
    expect(onBehalf.body).toMatchObject({ submittedBy: { userId: 'dual', asPatient: false } });
    expect((await h.decide((onBehalf.body as Json).requestId, { decision: 'approve' }, 'dual')).status).toBe(403);
    // The decision point refused it, and the patient's access log says why.
    expect(await accessLog(p.id)).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: 'dual', action: 'phb:decide', decision: 'deny', reason: 'own-submission' })]));
  });

  it('a patient who is also an advisor neither sets their own budget nor decides their own request; their access log says why', async () => {
    // Prepare: a patient of the borough who is also one of its PHB advisors, with a request of their own.
    const p = await h.newPatient(50_000, ['patient', 'phb-advisor']);
    const req = (await h.ask(p, 1_000)).body as Json;
    // Act
    const budget = await h.t.call({ method: 'PUT', path: '/patients/me/budget', token: h.as(p.id), body: { allocatedPence: 9_999_999, reason: 'More' } });
    const decision = await h.decide(req.requestId, { decision: 'approve' }, p.id);
    const queue = (await h.t.call({ method: 'GET', path: '/phb-requests', query: 'limit=100', token: h.as(p.id) })).body as { items: Json[] };
    // Assess
    expect(budget.status).toBe(403);
    expect(budget.headers['content-type']).toBe('application/problem+json');
    expect(decision.status).toBe(403);
    expect(await h.budget(p.id)).toMatchObject({ allocatedPence: 50_000, committedPence: 0 });
    expect((await h.items(p.id, 'PHB#'))[0]).toMatchObject({ status: 'submitted', version: 1 });
    expect(queue.items.some((r) => r.patientId === p.id)).toBe(false);
    const refused = (await accessLog(p.id)).filter((e) => e.actorId === p.id);
    expect(refused.map((e) => [e.action, e.decision, e.reason])).toEqual([
      ['phb:decide', 'deny', 'own-record'],
      ['phb:manage', 'deny', 'own-record'],
    ]);
    // As another patient's advisor they act as usual.
    const other = await h.newPatient(10_000);
    expect((await h.t.call({ method: 'PUT', path: `/patients/${other.id}/budget`, token: h.as(p.id), body: { allocatedPence: 20_000, reason: 'Annual review' } })).status).toBe(200);
  });

  it("an advisor's PUT budget for a patient who does not exist is 404 and writes nothing but its refusal in the no-patient log", async () => {
    const store = h.t.platform.boroughs.get(BOROUGH)!.deps.store;
    const elsewhere = (items: Record<string, unknown>[]) => items.filter((i) => i.pk !== noPatientPartition(BOROUGH, 'nobody-by-this-id'));
    const before = elsewhere(await scanAll(store, { ConsistentRead: true }));
    const res = await h.t.call({ method: 'PUT', path: '/patients/nobody-by-this-id/budget', token: h.as('advisor'), body: { allocatedPence: 100_000, reason: 'Annual review' } });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(elsewhere(await scanAll(store, { ConsistentRead: true }))).toEqual(before);
  });

  it('the advisor queue is oldest first and paginated, from the index', async () => {
    const p = await h.newPatient(100_000);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await h.ask(p, 100 + i)).body as Json).requestId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await h.t.call({ method: 'GET', path: '/phb-requests', token: h.as('advisor'), query: `status=submitted&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      const page = res.body as { items: Json[]; nextCursor?: string };
      seen.push(...page.items.map((r) => r.requestId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    // The advisor sees the goal each request serves, as worded when asked, without reading the plan.
    const first = (await h.t.call({ method: 'GET', path: '/phb-requests', token: h.as('advisor'), query: 'status=submitted&limit=100' })).body as { items: Json[] };
    expect(first.items.find((r) => r.requestId === ids[0])?.goalDescription).toBe('Keep in touch with my family');
    const submittedAts = seen.map((id) => id);
    expect(submittedAts.length).toBe(new Set(submittedAts).size);
    expect((await h.t.call({ method: 'GET', path: '/phb-requests', token: h.as('miriam') })).status).toBe(403);
  });

  it('Idempotency-Key: a retry returns the first result; another body with the same key is refused', async () => {
    const p = await h.newPatient(50_000);
    const first = await h.ask(p, 4_000, { 'idempotency-key': 'key-0001-abcdef' });
    const again = await h.ask(p, 4_000, { 'idempotency-key': 'key-0001-abcdef' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect((again.body as Json).requestId).toBe((first.body as Json).requestId);
    const other = await h.ask(p, 4_500, { 'idempotency-key': 'key-0001-abcdef' });
    expect(other.status).toBe(422);
    expect(await h.items(p.id, 'PHB#')).toHaveLength(1);
  });

  it('Idempotency-Key binds to the patient, not the literal path: a retry through `me` is the same request', async () => {
    // Prepare: a first submission by the patient's id.
    const p = await h.newPatient(50_000);
    const first = await h.ask(p, 4_000, { 'idempotency-key': 'key-me-0001' });
    // Act: the same request through /patients/me.
    const body = { category: 'phone', item: 'Smartphone', amountPence: 4_000, goalId: p.goalId, whyItHelps: 'Video calls with my care team', alternativesConsidered: "Borrowing my sister's phone" };
    const viaMe = await h.t.call({ method: 'POST', path: '/patients/me/phb-requests', token: h.as(p.id), headers: { 'idempotency-key': 'key-me-0001' }, body });
    // Assess: one request, answered twice.
    expect([first.status, viaMe.status]).toEqual([201, 201]);
    expect((viaMe.body as Json).requestId).toBe((first.body as Json).requestId);
    expect(await h.items(p.id, 'PHB#')).toHaveLength(1);
  });
});
