import { addMonths, applyDecision, checkTransition, londonDay, MAX_QUESTIONS, MAX_REPRICES, patientAction, type PhbRequest } from '../../shared/domain/phb';
import { changeOf } from '../../shared/domain/budget-ledger';
import { fromRequestItem } from '../../shared/store/phb-repository';

const RULES = { secondApprovalAbovePence: 50_000, reviewAfterMonths: 6 };
const request = (status: PhbRequest['status'], more: Partial<PhbRequest> = {}): PhbRequest => ({
  requestId: 'r1',
  patientId: 'sally',
  category: 'phone',
  item: 'A phone',
  amountPence: 12_000,
  goalId: 'g1',
  whyItHelps: 'x',
  alternativesConsidered: 'y',
  status,
  submittedBy: { userId: 'sally', asPatient: true },
  submittedAt: '2026-11-01T10:00:00.000Z',
  version: 3,
  ...more,
});
const at = new Date('2026-11-30T12:00:00Z');

describe('a PHB request from approval to review', () => {
  it.each([
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2027-12-15', 3, '2028-03-15'],
    ['2028-02-29', 12, '2029-02-28'],
  ])('%s plus %i months is %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it('settles an order: spends what it cost from the year the approval committed, the rest back', () => {
    const outcome = applyDecision(request('approved', { financialYear: 2026 }), { decision: 'order', supplier: 'Argos', orderReference: 'A1', actualCostPence: 9_999 }, 'advisor', at, RULES);
    expect(outcome).toMatchObject({
      kind: 'ordered',
      settle: { approvedPence: 12_000, actualPence: 9_999 },
      financialYear: 2026,
      next: { status: 'ordered', version: 4, order: { by: 'advisor', orderedAt: at.toISOString() } },
    });
  });

  it('refuses an order that cost more than approved, and one on a request not approved', () => {
    expect(() => applyDecision(request('approved', { financialYear: 2026 }), { decision: 'order', supplier: 'A', orderReference: 'B', actualCostPence: 12_001 }, 'advisor', at, RULES)).toThrow(
      /approving again/,
    );
    expect(() => applyDecision(request('submitted'), { decision: 'order', supplier: 'A', orderReference: 'B', actualCostPence: 1 }, 'advisor', at, RULES)).toThrow(/cannot become ordered/);
  });

  it("delivers on a day from the order to today, the review due the borough's months later", () => {
    const ordered = request('ordered', { financialYear: 2026, order: { supplier: 'A', orderReference: 'B', actualCostPence: 1, orderedAt: '2026-11-20T09:00:00.000Z', by: 'advisor' } });
    expect(applyDecision(ordered, { decision: 'deliver', deliveredOn: '2026-11-25' }, 'advisor', at, RULES).next).toMatchObject({
      status: 'delivered',
      deliveredOn: '2026-11-25',
      reviewDueOn: '2027-05-25',
    });
    expect(() => applyDecision(ordered, { decision: 'deliver', deliveredOn: '2026-11-19' }, 'advisor', at, RULES)).toThrow(/between its order and today/);
    expect(() => applyDecision(ordered, { decision: 'deliver', deliveredOn: '2026-12-01' }, 'advisor', at, RULES)).toThrow(/between its order and today/);
  });

  it("closes with the patient's review, or an advisor's close; nothing after", () => {
    const reviewed = patientAction(request('delivered'), { action: 'review', helped: 'partly', inTheirWords: 'Some' }, at, 'sally');
    expect(reviewed.next).toMatchObject({ status: 'closed', review: { helped: 'partly', inTheirWords: 'Some', at: at.toISOString() } });
    expect(reviewed.release).toBeUndefined();
    expect(() => checkTransition('delivered', 'closed', 'advisor')).not.toThrow();
    expect(() => patientAction(request('ordered'), { action: 'review', helped: 'yes' }, at, 'sally')).toThrow(/cannot become closed/);
    expect(() => patientAction(request('closed'), { action: 'review', helped: 'yes' }, at, 'sally')).toThrow(/cannot become closed/);
  });

  it('counts days as London does: 00:30 on 1 June BST is 1 June, not 31 May', () => {
    expect(londonDay(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(londonDay(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('reads a request bought before orders were recorded (`purchased`) as ordered', () => {
    expect(fromRequestItem({ pk: 'B#x#P#sally', sk: 'PHB#1', entity: 'phb-request', ...request('approved'), status: 'purchased' }).status).toBe('ordered');
  });

  it('reprices an approved request that will cost more: its approval undone and released, waiting for approval at the new cost', () => {
    const approved = request('approved', { financialYear: 2026, decidedBy: ['advisor'], decidedAt: '2026-11-20T09:00:00.000Z', firstApproval: { advisorId: 'a0', at: '2026-11-19T09:00:00.000Z' } });
    const outcome = applyDecision(approved, { decision: 'reprice', amountPence: 13_500, reason: 'The price went up' }, 'advisor', at, RULES);
    expect(outcome).toMatchObject({ kind: 'repriced', release: { pence: 12_000, financialYear: 2026 }, next: { status: 'submitted', amountPence: 13_500, version: 4 } });
    expect(outcome.next).not.toHaveProperty('decidedBy');
    expect(outcome.next).not.toHaveProperty('firstApproval');
    expect(outcome.next).not.toHaveProperty('financialYear');
    expect(outcome.next.history).toEqual([{ step: 'repriced', at: at.toISOString(), by: 'advisor', note: 'The price went up', amountPence: 13_500 }]);
    // Approving it again commits the new cost.
    expect(applyDecision(outcome.next, { decision: 'approve' }, 'advisor', at, RULES)).toMatchObject({ kind: 'approved', commitPence: 13_500 });
  });

  it('refuses a reprice that is not higher, or of a request not approved', () => {
    const approved = request('approved', { financialYear: 2026 });
    expect(() => applyDecision(approved, { decision: 'reprice', amountPence: 12_000, reason: 'x' }, 'advisor', at, RULES)).toThrow(/within the 12000 approved/);
    expect(() => applyDecision(request('ordered'), { decision: 'reprice', amountPence: 20_000, reason: 'x' }, 'advisor', at, RULES)).toThrow(/cannot be repriced/);
    expect(() => applyDecision(request('submitted'), { decision: 'reprice', amountPence: 20_000, reason: 'x' }, 'advisor', at, RULES)).toThrow(/cannot be repriced/);
  });

  it('keeps each step with who took it, the question and the answer in their words', () => {
    const asked = applyDecision(
      request('submitted', { history: [{ step: 'submitted', at: '2026-11-01T10:00:00.000Z', by: 'sally' }] }),
      { decision: 'request-info', question: 'Which model?' },
      'tom',
      at,
      RULES,
    ).next;
    const answered = patientAction(asked, { action: 'answer', answer: 'The cheapest' }, at, 'sally').next;
    const approved = applyDecision(answered, { decision: 'approve' }, 'tom', at, RULES).next;
    expect(approved.history?.map((h) => [h.step, h.by, h.note])).toEqual([
      ['submitted', 'sally', undefined],
      ['info-requested', 'tom', 'Which model?'],
      ['answered', 'sally', 'The cheapest'],
      ['approved', 'tom', undefined],
    ]);
  });

  it(`refuses a question after ${MAX_QUESTIONS} on one request`, () => {
    const history = Array.from({ length: MAX_QUESTIONS }, () => ({ step: 'info-requested' as const, at: at.toISOString(), by: 'tom' }));
    expect(() => applyDecision(request('submitted', { history }), { decision: 'request-info', question: 'Again?' }, 'tom', at, RULES)).toThrow(/call the patient/);
  });

  it(`refuses a reprice after ${MAX_REPRICES} on one request`, () => {
    const history = Array.from({ length: MAX_REPRICES }, () => ({ step: 'repriced' as const, at: at.toISOString(), by: 'tom' }));
    expect(() => applyDecision(request('approved', { financialYear: 2026, history }), { decision: 'reprice', amountPence: 99_000, reason: 'Again' }, 'tom', at, RULES)).toThrow(/withdraws it/);
  });

  it('moves the budget columns so that what is left always follows', () => {
    for (const change of [changeOf.allocated({ allocatedPence: 10_000 }, 25_000), changeOf.approved(500), changeOf.released(500), changeOf.ordered(12_000, 9_999)]) {
      expect(change.remainingPence).toBe(change.allocatedPence - change.committedPence - change.spentPence);
    }
    expect(changeOf.ordered(12_000, 9_999)).toEqual({ allocatedPence: 0, committedPence: -12_000, spentPence: 9_999, remainingPence: 2_001 });
  });
});
