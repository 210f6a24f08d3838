import { startPhbHarness, type Json, type PhbHarness } from '../support/phb-harness';
import { addDays } from '../../shared/domain/reviews';
import { londonDay } from '../../shared/domain/phb';
import { fromRequestItem, replaceRequestItem } from '../../shared/store/phb-repository';
import { transactWrite } from '../../shared/store/transact';
import { BOROUGH } from '../support/platform';

/** The advisor's workspace: a request's own page, and the queue of reviews due. */
describe("the PHB advisor's workspace on DynamoDB Local", () => {
  let h: PhbHarness;
  beforeAll(async () => {
    h = await startPhbHarness();
  });
  afterAll(() => h.t.stop());

  const page = (requestId: string, as = 'advisor') => h.t.call({ method: 'GET', path: `/phb-requests/${requestId}`, token: h.as(as) });
  const queue = (query: string) => h.t.call({ method: 'GET', path: '/phb-requests', query, token: h.as('advisor') });

  it("a request's page: the request and its steps by name, the patient's banner, the budget and their other requests, audited", async () => {
    // Prepare
    const p = await h.newPatient(40_000);
    const earlier = (await h.ask(p, 5_000)).body as Json;
    await h.decide(earlier.requestId as string, { decision: 'decline', reason: 'Try the library first' });
    const req = (await h.ask(p, 12_000)).body as Json;
    await h.decide(req.requestId as string, { decision: 'request-info', question: 'Which model?' });
    await h.t.call({ method: 'PATCH', path: `/patients/me/phb-requests/${req.requestId as string}`, token: h.as(p.id), body: { action: 'answer', answer: 'The cheapest' } });

    // Act
    const res = await page(req.requestId as string);

    // Assess
    expect(res.status).toBe(200);
    const body = res.body as Json;
    expect(body.request).toMatchObject({ requestId: req.requestId, status: 'submitted', goalDescription: 'Keep in touch with my family', answer: 'The cheapest' });
    expect(((body.request as Json).history as Json[]).map((s) => [s.step, s.note ?? null])).toEqual([
      ['submitted', null],
      ['info-requested', 'Which model?'],
      ['answered', 'The cheapest'],
    ]);
    expect(body.patient).toMatchObject({ patientId: p.id });
    expect(body.budget).toMatchObject({ allocatedPence: 40_000, remainingPence: 40_000, label: expect.stringMatching(/^\d{4}\/\d{2}$/) });
    expect((body.others as Json[]).map((o) => [o.requestId, o.status])).toEqual([[earlier.requestId, 'declined']]);
    const log = ((await h.t.call({ method: 'GET', path: '/patients/me/access-log', query: 'limit=100', token: h.as(p.id) })).body as { items: Json[] }).items;
    expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ actorId: 'advisor', action: 'phb:read', operation: 'GET /phb-requests/{requestId}', decision: 'allow' })]));
  });

  it('is for advisors only, never on their own request, and an unknown id is 404 problem+json', async () => {
    const p = await h.newPatient(10_000);
    const req = (await h.ask(p, 1_000)).body as Json;
    for (const who of ['miriam', 'sally', p.id]) expect({ who, status: (await page(req.requestId as string, who)).status }).toEqual({ who, status: 403 });
    const dual = await h.newPatient(10_000, ['patient', 'phb-advisor']);
    const own = (await h.ask(dual, 1_000)).body as Json;
    const refused = await page(own.requestId as string, dual.id);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('own record');
    for (const id of ['no-such-request', 'constructor', '__proto__']) {
      const res = await page(id);
      expect({ id, status: res.status, type: res.headers['content-type'] }).toEqual({ id, status: 404, type: expect.stringContaining('application/problem+json') });
    }
    expect((await page('not an id!')).status).toBe(422);
    // The static route beside it is still itself.
    expect((await h.t.call({ method: 'GET', path: '/phb-requests/stats', token: h.as('advisor') })).status).toBe(200);
  });

  it('the reviews-due queue: delivered requests by the day their review falls due, only those due by today, paginated', async () => {
    // Prepare: three delivered requests, delivered 7, 6 and 0 months ago (reviews due 1 month ago, today, in 6 months).
    const p = await h.newPatient(90_000);
    const today = londonDay(new Date());
    const deliver = async (deliveredOn: string) => {
      const id = ((await h.ask(p, 1_000)).body as Json).requestId as string;
      await h.decide(id, { decision: 'approve' });
      await h.decide(id, { decision: 'order', supplier: 'Argos', orderReference: 'R', actualCostPence: 1_000 });
      // Ordered today, so delivered today at the earliest: the review's day is moved back in the item below.
      expect((await h.decide(id, { decision: 'deliver', deliveredOn: today })).status).toBe(200);
      return { id, deliveredOn };
    };
    const due = [await deliver(addDays(today, -213)), await deliver(addDays(today, -183)), await deliver(today)];
    await backdateReviews(
      h,
      p.id,
      due.map((d, i) => ({ id: d.id, reviewDueOn: [addDays(today, -30), today, addDays(today, 180)][i]! })),
    );

    // Act
    const first = await queue('status=delivered&reviewDue=true&limit=1');
    const firstBody = first.body as { items: Json[]; nextCursor?: string };
    const second = (await queue(`status=delivered&reviewDue=true&limit=1&cursor=${encodeURIComponent(firstBody.nextCursor ?? '')}`)).body as { items: Json[]; nextCursor?: string };
    const all = (await queue('status=delivered&limit=10')).body as { items: Json[] };

    // Assess
    expect(first.status).toBe(200);
    expect(firstBody.items.map((r) => r.requestId)).toEqual([due[0]!.id]);
    expect(second.items.map((r) => r.requestId)).toEqual([due[1]!.id]);
    expect(second.nextCursor).toBeUndefined();
    expect(all.items.map((r) => r.requestId)).toEqual(expect.arrayContaining(due.map((d) => d.id)));
    const refused = await queue('status=ordered&reviewDue=true');
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('query.reviewDue');
    // A cursor past the range is an empty page, not an error.
    const past = Buffer.from(JSON.stringify({ after: '9999-12-31#zzz' })).toString('base64url');
    const beyond = await queue(`status=delivered&reviewDue=true&cursor=${past}`);
    expect({ status: beyond.status, items: (beyond.body as Json).items }).toEqual({ status: 200, items: [] });
    // Past today by UTF-8 bytes but not by JavaScript's order (a character above U+FFFF): still an empty page.
    const astral = Buffer.from(JSON.stringify({ after: `${today}#😀` })).toString('base64url');
    const astralPage = await queue(`status=delivered&reviewDue=true&cursor=${astral}`);
    expect({ status: astralPage.status, items: (astralPage.body as Json).items }).toEqual({ status: 200, items: [] });
  });
});

/** Moves the reviews' days (as if delivered months ago), re-putting the item with its queue position as the repository would. */
const backdateReviews = async (h: PhbHarness, patientId: string, changes: { id: string; reviewDueOn: string }[]) => {
  const store = h.t.platform.boroughs.get(BOROUGH)!.deps.store;
  for (const item of await h.items(patientId, 'PHB#')) {
    const change = changes.find((c) => c.id === item.requestId);
    if (!change) continue;
    const request = fromRequestItem(item);
    await transactWrite(store, [replaceRequestItem(store, BOROUGH, { ...request, reviewDueOn: change.reviewDueOn, version: request.version + 1 }, request.version)]);
  }
};
