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

  it('orders giving money back, new approvals and a cut in the allocation, all at once, never overspend; the statement adds up (6 runs)', async () => {
    for (let run = 0; run < 6; run++) {
      // Prepare: 10,000 allocated, all of it committed to ten approved requests of 1,000.
      const p = await h.newPatient(10_000);
      const approved = (await Promise.all(Array.from({ length: 10 }, () => h.ask(p, 1_000)))).map((r) => (r.body as Json).requestId as string);
      for (const id of approved) expect((await h.decide(id, { decision: 'approve' })).status).toBe(200);
      const waiting = (await Promise.all(Array.from({ length: 20 }, () => h.ask(p, 1_000)))).map((r) => (r.body as Json).requestId as string);

      // Act: each order costs 600 (400 back each, 4,000 in all) while 20 approvals of 1,000 and a cut of the allocation by 2,000 race them.
      const [orders, approvals, cut] = await Promise.all([
        Promise.all(approved.map((id) => h.decide(id, { decision: 'order', supplier: 'Argos', orderReference: `R-${id}`, actualCostPence: 600 }))),
        Promise.all(waiting.map((id) => h.decide(id, { decision: 'approve' }))),
        h.t.call({ method: 'PUT', path: `/patients/${p.id}/budget`, token: h.as('advisor'), body: { allocatedPence: 8_000, reason: 'Cut' } }),
      ]);

      // Assess: every order went through; no more approved than the money back allows; the columns add up.
      expect({ run, orders: orders.map((r) => r.status) }).toEqual({ run, orders: approved.map(() => 200) });
      expect({ run, approvals: approvals.every((r) => r.status === 200 || r.status === 409), cut: [200, 422].includes(cut.status) }).toEqual({ run, approvals: true, cut: true });
      const b = await h.budget(p.id);
      const newlyApproved = approvals.filter((r) => r.status === 200).length;
      expect({ run, spent: b.spentPence, committed: b.committedPence }).toEqual({ run, spent: 6_000, committed: newlyApproved * 1_000 });
      expect(b.remainingPence).toBeGreaterThanOrEqual(0);
      expect(b.allocatedPence).toBe((b.committedPence as number) + (b.spentPence as number) + (b.remainingPence as number));
      expect(b.allocatedPence).toBe(cut.status === 200 ? 8_000 : 10_000);
      const lines = await h.items(p.id, 'BUDGETMOVE#');
      for (const column of ['allocatedPence', 'committedPence', 'spentPence', 'remainingPence'] as const) {
        expect({ run, column, sum: lines.reduce((sum, m) => sum + (m.change as Record<string, number>)[column]!, 0) }).toEqual({ run, column, sum: b[column] });
      }
    }
  }, 300_000);
});
