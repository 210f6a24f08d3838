import { startPhbHarness, type Json, type PhbHarness } from '../support/phb-harness';

/**
 * Idempotency-Key on RAG updates, on DynamoDB Local with the real handlers: the phone sends the
 * updates it kept offline when it is back online, and again when an answer was lost; a retry must
 * get the first answer back, never a second update (a second red would raise a second alert).
 */
describe('RAG updates with an Idempotency-Key', () => {
  let h: PhbHarness;
  beforeAll(async () => {
    h = await startPhbHarness();
  });
  afterAll(() => h.t.stop());

  const rag = (patient: { id: string; goalId: string }, body: Json, headers: Record<string, string> = {}, path = `/patients/${patient.id}/goals/${patient.goalId}/updates`) =>
    h.t.call({ method: 'POST', path, token: h.as(patient.id), headers, body });

  /** What the update wrote: its items, the goal's alerts and the help-requested events of the patient. */
  const written = async (patientId: string) => ({
    updates: await h.items(patientId, 'RAG#'),
    alerts: await h.items(patientId, 'ALERT#'),
    helpRequested: (await h.items(patientId, 'OUTBOX#')).filter((e) => e.type === 'help-requested'),
  });

  it('a retried red update answers the first update (same updateId and help) and writes no second update, alert or event', async () => {
    // Prepare
    const p = await h.newPatient(10_000);
    const first = await rag(p, { status: 'red', note: 'A very bad night' }, { 'idempotency-key': 'rag-red-0001' });
    // Act: the same again, then the same through `me`.
    const again = await rag(p, { status: 'red', note: 'A very bad night' }, { 'idempotency-key': 'rag-red-0001' });
    const viaMe = await rag(p, { status: 'red', note: 'A very bad night' }, { 'idempotency-key': 'rag-red-0001' }, `/patients/me/goals/${p.goalId}/updates`);
    // Assess
    expect([first.status, again.status, viaMe.status]).toEqual([201, 201, 201]);
    expect(first.body).toMatchObject({ status: 'red', goalId: p.goalId, help: { urgentNumbers: expect.any(Array) } });
    expect(again.body).toEqual(first.body);
    expect(viaMe.body).toEqual(first.body);
    const after = await written(p.id);
    expect(after.updates.map((u) => u.updateId)).toEqual([(first.body as Json).updateId]);
    expect(after.alerts).toHaveLength(1);
    expect(after.helpRequested).toHaveLength(1);
  });

  it('retries sent at once make one update and one alert: each answers the first update or 409 to retry', async () => {
    const p = await h.newPatient(10_000);
    const results = await Promise.all(Array.from({ length: 5 }, () => rag(p, { status: 'red' }, { 'idempotency-key': 'rag-storm-0001' })));
    const answered = results.filter((r) => r.status === 201);
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.headers['retry-after'] === '1'))).toBe(true);
    expect(answered.length).toBeGreaterThan(0);
    expect(new Set(answered.map((r) => (r.body as Json).updateId)).size).toBe(1);
    const after = await written(p.id);
    expect(after.updates).toHaveLength(1);
    expect(after.alerts).toHaveLength(1);
    expect(after.helpRequested).toHaveLength(1);
  });

  it('the same key with another body, or on another goal, is 422 on header.idempotency-key and writes nothing', async () => {
    const p = await h.newPatient(10_000);
    const other = await h.t.call({ method: 'POST', path: '/patients/me/goals', token: h.as(p.id), body: { category: 'physical', description: 'Walk every day' } });
    const first = await rag(p, { status: 'orange', note: 'Missed a walk' }, { 'idempotency-key': 'rag-body-0001' });
    const otherBody = await rag(p, { status: 'red', note: 'Missed a walk' }, { 'idempotency-key': 'rag-body-0001' });
    const otherGoal = await rag({ id: p.id, goalId: (other.body as Json).goalId as string }, { status: 'orange', note: 'Missed a walk' }, { 'idempotency-key': 'rag-body-0001' });
    expect(first.status).toBe(201);
    for (const refused of [otherBody, otherGoal]) {
      expect(refused.status).toBe(422);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ errors: [{ field: 'header.idempotency-key' }] });
    }
    const after = await written(p.id);
    expect(after.updates).toHaveLength(1);
    expect(after.alerts).toHaveLength(0);
  });

  it('a malformed key is 400 problem+json on header.idempotency-key and writes nothing', async () => {
    const p = await h.newPatient(10_000);
    for (const key of ['short', 'has spaces in it', 'x'.repeat(129), 'with/a-slash']) {
      const res = await rag(p, { status: 'red' }, { 'idempotency-key': key });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ errors: [{ field: 'header.idempotency-key' }] });
    }
    expect(await written(p.id)).toEqual({ updates: [], alerts: [], helpRequested: [] });
  });

  it('the same key value on a PHB request and on a RAG update is two requests, each answered as first', async () => {
    const p = await h.newPatient(50_000);
    const key = { 'idempotency-key': 'shared-key-0001' };
    const phb = await h.ask(p, 4_000, key);
    const update = await rag(p, { status: 'green' }, key);
    expect([phb.status, update.status]).toEqual([201, 201]);
    expect(update.body).toMatchObject({ status: 'green', updateId: expect.any(String) });
    expect(update.body).not.toHaveProperty('requestId');
    // Each retry gets its own route's first answer back.
    expect((await h.ask(p, 4_000, key)).body).toEqual(phb.body);
    expect((await rag(p, { status: 'green' }, key)).body).toEqual(update.body);
    expect(await h.items(p.id, 'PHB#')).toHaveLength(1);
    expect((await written(p.id)).updates).toHaveLength(1);
  });

  it('a first attempt that failed (stale If-Match: 412) holds no answer: the retry with the key is made', async () => {
    const p = await h.newPatient(10_000);
    const stale = await rag(p, { status: 'orange' }, { 'idempotency-key': 'rag-stale-0001', 'if-match': '"999"' });
    expect(stale.status).toBe(412);
    const retry = await rag(p, { status: 'orange' }, { 'idempotency-key': 'rag-stale-0001' });
    expect(retry.status).toBe(201);
    expect((await written(p.id)).updates).toHaveLength(1);
  });

  it('without the header every post is a new update, as before', async () => {
    const p = await h.newPatient(10_000);
    const [a, b] = [await rag(p, { status: 'green' }), await rag(p, { status: 'green' })];
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((a.body as Json).updateId).not.toBe((b.body as Json).updateId);
    expect((await written(p.id)).updates).toHaveLength(2);
  });

  it('a log entry written offline and sent twice (the first answer lost) is one entry; the same key with other words is 422', async () => {
    const p = await h.newPatient(10_000);
    const entry = { text: 'Walked to the park', mood: 4, date: '2026-11-30' };
    const log = (body: Json, key: string) => h.t.call({ method: 'POST', path: '/patients/me/log', token: h.as(p.id), headers: { 'idempotency-key': key }, body });
    const first = await log(entry, 'log-entry-0001');
    const again = await log(entry, 'log-entry-0001');
    const otherWords = await log({ ...entry, text: 'Stayed in' }, 'log-entry-0001');
    expect([first.status, again.status, otherWords.status]).toEqual([201, 201, 422]);
    expect(again.body).toEqual(first.body);
    expect(otherWords.body).toMatchObject({ errors: [{ field: 'header.idempotency-key' }] });
    expect((await h.items(p.id, 'LOG#')).map((e) => e.entryId)).toEqual([(first.body as Json).entryId]);
  });
});
