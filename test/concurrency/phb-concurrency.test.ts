import { startPhbHarness, type Json, type PhbHarness } from '../support/phb-harness';

describe('personal health budgets under concurrency (run alone, after the other suites)', () => {
  let h: PhbHarness;
  beforeAll(async () => {
    h = await startPhbHarness();
  });
  afterAll(() => h.t.stop());

  it('100 concurrent retries of one submission with one key create one request and one event', async () => {
    const p = await h.newPatient(50_000);
    const results = await Promise.all(Array.from({ length: 100 }, () => h.ask(p, 2_500, { 'idempotency-key': 'retry-storm-0001' })));
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => (r.body as Json).requestId));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(await h.items(p.id, 'PHB#')).toHaveLength(1);
    expect((await h.items(p.id, 'OUTBOX#')).filter((e) => e.type === 'phb.submitted')).toHaveLength(1);
  });

  it('50 concurrent approvals of requests worth five times the budget approve only what fits (20 runs)', async () => {
    const started = Date.now();
    for (let run = 0; run < 20; run++) {
      const p = await h.newPatient(10_000);
      const requests = (await Promise.all(Array.from({ length: 50 }, () => h.ask(p, 1_000)))).map((r) => (r.body as Json).requestId as string);
      const results = await Promise.all(requests.map((id) => h.decide(id, { decision: 'approve' })));
      const statuses = results.map((r) => r.status).reduce<Record<number, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {});
      expect({ run, statuses }).toEqual({ run, statuses: { 200: 10, 409: 40 } });
      const b = await h.budget(p.id);
      expect({ run, committed: b.committedPence, remaining: b.remainingPence }).toEqual({ run, committed: 10_000, remaining: 0 });
    }
    process.stdout.write(`20 runs of 50 concurrent approvals: ${Date.now() - started} ms\n`);
  }, 180_000);
});
