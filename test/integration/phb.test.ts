import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { patientPartition } from '../../shared/store/keys';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, any>;

describe('personal health budgets on DynamoDB Local', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  let n = 0;

  beforeAll(async () => {
    t = await startTestPlatform();
    for (const u of ['sally', 'miriam', 'advisor', 'coach']) tokens[u] = await t.tokenFor(u);
    tokens['advisor-2'] = await t.issuer.sign({ id: 'advisor-2', borough: BOROUGH, roles: ['phb-advisor'], org: 'advocacy-project' });
    tokens['dual'] = await t.issuer.sign({ id: 'dual', borough: BOROUGH, roles: ['clinician', 'phb-advisor'], org: 'elft' });
  });
  afterAll(() => t.stop());

  /** A patient with a plan goal and a budget, ready to ask. */
  const newPatient = async (allocatedPence: number) => {
    const id = `phb-${++n}`;
    tokens[id] = await t.tokenFor(id);
    const goal = await t.call({ method: 'POST', path: '/patients/me/goals', token: as(id), body: { category: 'social', description: 'Keep in touch with my family' } });
    const budget = await t.call({ method: 'PUT', path: `/patients/${id}/budget`, token: as('advisor'), body: { allocatedPence } });
    expect(budget.status).toBe(200);
    return { id, goalId: (goal.body as Json).goalId as string };
  };
  const ask = (patient: { id: string; goalId: string }, amountPence: number, headers: Record<string, string> = {}, by = patient.id) =>
    t.call({
      method: 'POST',
      path: `/patients/${patient.id}/phb-requests`,
      token: as(by),
      headers,
      body: { category: 'phone', item: 'Smartphone', amountPence, goalId: patient.goalId, whyItHelps: 'Video calls with my care team', alternativesConsidered: 'Borrowing my sister\'s phone' },
    });
  const decide = (requestId: string, body: Json, advisor = 'advisor') => t.call({ method: 'POST', path: `/phb-requests/${requestId}/decision`, token: as(advisor), body });
  const budget = async (patientId: string) => (await t.call({ method: 'GET', path: `/patients/${patientId}/budget`, token: as(patientId) })).body as Json;
  const items = async (patientId: string, prefix: string) => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const { Items = [] } = await store.doc.send(new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, patientId), ':s': prefix }, ConsistentRead: true }));
    return Items;
  };

  it('an advisor sets the budget; the patient sees allocated, committed, spent, remaining', async () => {
    const p = await newPatient(50_000);
    expect(await budget(p.id)).toMatchObject({ allocatedPence: 50_000, committedPence: 0, spentPence: 0, remainingPence: 50_000, label: expect.stringMatching(/^\d{4}\/\d{2}$/) });
    expect((await t.call({ method: 'PUT', path: `/patients/${p.id}/budget`, token: as(p.id), body: { allocatedPence: 9_999_999 } })).status).toBe(404);
  });

  it('a request must serve a goal of the plan', async () => {
    const p = await newPatient(50_000);
    const res = await ask({ ...p, goalId: 'not-a-goal' }, 1000);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ errors: [{ field: 'body.goalId' }] });
  });

  it('approval commits the amount, purchase spends it, and events go to advisors and the patient', async () => {
    const p = await newPatient(50_000);
    const req = (await ask(p, 12_000)).body as Json;
    expect(req).toMatchObject({ status: 'submitted', submittedBy: { userId: p.id, asPatient: true } });
    const approved = await decide(req.requestId, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(await budget(p.id)).toMatchObject({ committedPence: 12_000, remainingPence: 38_000 });
    expect((await decide(req.requestId, { decision: 'record-purchase' })).status).toBe(200);
    expect(await budget(p.id)).toMatchObject({ committedPence: 0, spentPence: 12_000, remainingPence: 38_000 });
    const stats = (await t.call({ method: 'GET', path: '/phb-requests/stats', token: as('advisor') })).body as Json;
    expect(stats.byCategory.phone).toMatchObject({ approved: expect.any(Number), group: 'device' });
    expect(stats.byCategory.phone.approved).toBeGreaterThanOrEqual(1);
    const events = (await items(p.id, 'OUTBOX#')).map((e) => e.type);
    expect(events.filter((e) => e.startsWith('phb.'))).toEqual(['phb.submitted', 'phb.decided', 'phb.decided']);
  });

  it('a transition that is not allowed is 409 and changes nothing', async () => {
    const p = await newPatient(50_000);
    const req = (await ask(p, 5_000)).body as Json;
    await decide(req.requestId, { decision: 'decline', reason: 'Please try the library scheme first' });
    const before = await items(p.id, 'PHB#');
    const again = await decide(req.requestId, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(await items(p.id, 'PHB#')).toEqual(before);
    expect(await budget(p.id)).toMatchObject({ committedPence: 0 });
  });

  it('the patient withdraws an approved request and the money comes back; answers a question', async () => {
    const p = await newPatient(50_000);
    const a = (await ask(p, 7_000)).body as Json;
    await decide(a.requestId, { decision: 'approve' });
    const withdrawn = await t.call({ method: 'PATCH', path: `/patients/me/phb-requests/${a.requestId}`, token: as(p.id), body: { action: 'withdraw' } });
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    expect(await budget(p.id)).toMatchObject({ committedPence: 0, remainingPence: 50_000 });
    const b = (await ask(p, 3_000)).body as Json;
    await decide(b.requestId, { decision: 'request-info', question: 'Which model?' });
    const answered = await t.call({ method: 'PATCH', path: `/patients/me/phb-requests/${b.requestId}`, token: as(p.id), body: { action: 'answer', answer: 'The cheapest Android' } });
    expect(answered.body).toMatchObject({ status: 'submitted', answer: 'The cheapest Android' });
  });

  it('above the borough threshold approval takes two different advisors; nobody approves what they submitted', async () => {
    const threshold = t.platform.boroughs.get(BOROUGH)!.config.phb.secondApprovalAbovePence;
    const p = await newPatient(threshold * 3);
    const big = (await ask(p, threshold + 1)).body as Json;
    const first = await decide(big.requestId, { decision: 'approve' });
    expect(first.body).toMatchObject({ status: 'submitted', firstApproval: { advisorId: 'advisor' } });
    expect(await budget(p.id)).toMatchObject({ committedPence: 0 });
    expect((await decide(big.requestId, { decision: 'approve' })).status).toBe(403);
    const second = await decide(big.requestId, { decision: 'approve' }, 'advisor-2');
    expect(second.body).toMatchObject({ status: 'approved', decidedBy: ['advisor', 'advisor-2'] });
    expect(await budget(p.id)).toMatchObject({ committedPence: threshold + 1 });

    // A clinician who is also an advisor submits on the patient's behalf, then may not decide it.
    await t.call({ method: 'POST', path: `/patients/${p.id}/grants`, token: as(p.id), body: { grantee: { type: 'person', userId: 'dual' }, scopes: ['phb:request'] } });
    const onBehalf = await ask(p, 1_000, {}, 'dual');
    expect(onBehalf.body).toMatchObject({ submittedBy: { userId: 'dual', asPatient: false } });
    expect((await decide((onBehalf.body as Json).requestId, { decision: 'approve' }, 'dual')).status).toBe(403);
  });

  it('the advisor queue is oldest first and paginated, from the index', async () => {
    const p = await newPatient(100_000);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(((await ask(p, 100 + i)).body as Json).requestId);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.call({ method: 'GET', path: '/phb-requests', token: as('advisor'), query: `status=submitted&limit=2${cursor ? `&cursor=${cursor}` : ''}` });
      const page = res.body as { items: Json[]; nextCursor?: string };
      seen.push(...page.items.map((r) => r.requestId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((id) => ids.includes(id))).toEqual(ids);
    const submittedAts = seen.map((id) => id);
    expect(submittedAts.length).toBe(new Set(submittedAts).size);
    expect((await t.call({ method: 'GET', path: '/phb-requests', token: as('miriam') })).status).toBe(403);
  });

  it('Idempotency-Key: a retry returns the first result; another body with the same key is refused', async () => {
    const p = await newPatient(50_000);
    const first = await ask(p, 4_000, { 'idempotency-key': 'key-0001-abcdef' });
    const again = await ask(p, 4_000, { 'idempotency-key': 'key-0001-abcdef' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect((again.body as Json).requestId).toBe((first.body as Json).requestId);
    const other = await ask(p, 4_500, { 'idempotency-key': 'key-0001-abcdef' });
    expect(other.status).toBe(422);
    expect(await items(p.id, 'PHB#')).toHaveLength(1);
  });

  it('100 concurrent retries of one submission with one key create one request and one event', async () => {
    const p = await newPatient(50_000);
    const results = await Promise.all(Array.from({ length: 100 }, () => ask(p, 2_500, { 'idempotency-key': 'retry-storm-0001' })));
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => (r.body as Json).requestId));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(await items(p.id, 'PHB#')).toHaveLength(1);
    expect((await items(p.id, 'OUTBOX#')).filter((e) => e.type === 'phb.submitted')).toHaveLength(1);
  });

  it('50 concurrent approvals of requests worth five times the budget approve only what fits (20 runs)', async () => {
    const started = Date.now();
    for (let run = 0; run < 20; run++) {
      const p = await newPatient(10_000);
      const requests = (await Promise.all(Array.from({ length: 50 }, () => ask(p, 1_000)))).map((r) => (r.body as Json).requestId as string);
      const results = await Promise.all(requests.map((id) => decide(id, { decision: 'approve' })));
      const statuses = results.map((r) => r.status).reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
      expect({ run, statuses }).toEqual({ run, statuses: { 200: 10, 409: 40 } });
      const b = await budget(p.id);
      expect({ run, committed: b.committedPence, remaining: b.remainingPence }).toEqual({ run, committed: 10_000, remaining: 0 });
    }
    process.stdout.write(`20 runs of 50 concurrent approvals: ${Date.now() - started} ms\n`);
  }, 180_000);
});
