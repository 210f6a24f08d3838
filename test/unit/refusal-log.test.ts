import type { AuditFacts } from '../../shared/domain/audit';
import { chainEntries, GENESIS_HASH, verifyChain } from '../../shared/domain/audit';
import { TEST_AUDIT_MAC, TEST_KEYRING } from '../support/audit-key';
import { logDecision, type RefusalTally } from '../../shared/domain/refusal-log';

const limit = { perWindow: 3, windowMs: 60_000 };
const start = Date.parse('2026-11-23T12:00:00.000Z');
const at = (ms: number) => new Date(start + ms).toISOString();

const refusal = (ms: number, operation = 'GET /patients/{patientId}/plan'): AuditFacts => ({
  at: at(ms),
  patientId: 'sally',
  actorId: 'mallory',
  actorRoles: ['clinician'],
  action: 'plan:read',
  operation,
  decision: 'deny',
  reason: 'no-grant',
});
const allowed = (ms: number): AuditFacts => ({ ...refusal(ms), decision: 'allow', reason: 'grant', grantId: 'g1' });

/** Runs decisions through the rule as the glue does, keeping the tally it returns. */
const run = (decisions: AuditFacts[], tally?: RefusalTally) => {
  const logged: AuditFacts[] = [];
  let current = tally;
  for (const facts of decisions) {
    const { entries, next } = logDecision(current, facts, limit);
    logged.push(...entries);
    if (next) current = next;
  }
  return { logged, tally: current };
};

describe('refusals of one caller on one patient: logged one by one up to a limit, then summarised', () => {
  it('logs each refusal up to the limit, then the first over it as rate-limited, then holds the rest back', () => {
    // Prepare: ten refusals within one window.
    const decisions = Array.from({ length: 10 }, (_, i) => refusal(i * 1000));
    // Act
    const { logged, tally } = run(decisions);
    // Assess
    expect(logged.map((e) => e.reason)).toEqual(['no-grant', 'no-grant', 'no-grant', 'rate-limited']);
    expect(tally).toMatchObject({ windowStartedAt: at(0), refused: 10, held: { count: 6, from: at(4000), to: at(9000), action: 'plan:read' } });
  });

  it('summarises the held-back refusals before the first refusal of the next window', () => {
    const { tally } = run(Array.from({ length: 10 }, (_, i) => refusal(i * 1000)));
    const { logged, tally: after } = run([refusal(60_000, 'GET /patients/{patientId}/crisis-plan')], tally);
    expect(logged).toEqual([
      expect.objectContaining({ decision: 'deny', reason: 'rate-limited', actorId: 'mallory', refusals: { count: 6, from: at(4000), to: at(9000) }, at: at(60_000) }),
      expect.objectContaining({ decision: 'deny', reason: 'no-grant', operation: 'GET /patients/{patientId}/crisis-plan' }),
    ]);
    expect(after).toMatchObject({ windowStartedAt: at(60_000), refused: 1 });
    expect(after?.held).toBeUndefined();
  });

  it('summarises them before an allowed access of the same caller, even within the window', () => {
    const { tally } = run(Array.from({ length: 6 }, (_, i) => refusal(i * 1000)));
    const { logged, tally: after } = run([allowed(7000)], tally);
    expect(logged.map((e) => [e.decision, e.reason, e.refusals?.count])).toEqual([
      ['deny', 'rate-limited', 2],
      ['allow', 'grant', undefined],
    ]);
    expect(after?.held).toBeUndefined();
    expect(after?.refused).toBe(6);
  });

  it('leaves the tally alone for an allowed access when nothing was held back (no extra write)', () => {
    expect(logDecision(undefined, allowed(0), limit)).toEqual({ entries: [allowed(0)] });
    const { tally } = run([refusal(0)]);
    expect(logDecision(tally, allowed(1000), limit)).toEqual({ entries: [allowed(1000)] });
  });

  it('each new tally moves its version on, so that concurrent writers cannot both count from the same one', () => {
    const { tally } = run([refusal(0), refusal(1000)]);
    expect(tally?.version).toBe(2);
  });

  it('the summary and the entries after it chain like any other entries', () => {
    const { logged } = run([...Array.from({ length: 8 }, (_, i) => refusal(i * 1000)), refusal(61_000), allowed(62_000)]);
    const entries = chainEntries(logged, { seq: 0, hash: GENESIS_HASH }, TEST_AUDIT_MAC);
    // Three one by one, the rate-limited one, the summary of four, the next refusal, the allowed read.
    expect(entries.map((e) => [e.seq, e.reason, e.refusals?.count])).toEqual([
      [1, 'no-grant', undefined],
      [2, 'no-grant', undefined],
      [3, 'no-grant', undefined],
      [4, 'rate-limited', undefined],
      [5, 'rate-limited', 4],
      [6, 'no-grant', undefined],
      [7, 'grant', undefined],
    ]);
    const head = { seq: 7, hash: entries[6]!.hash };
    expect(verifyChain(entries, head, TEST_KEYRING)).toEqual([]);
    const tampered = entries.map((e) => (e.refusals ? { ...e, refusals: { ...e.refusals, count: 1 } } : e));
    expect(verifyChain(tampered, head, TEST_KEYRING)).toEqual([{ seq: 5, problem: 'edited' }]);
  });
});
