import { addMonths, applyDecision, checkTransition, londonDay, patientAction, type PhbRequest } from '../../shared/domain/phb';
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
    const reviewed = patientAction(request('delivered'), { action: 'review', helped: 'partly', inTheirWords: 'Some' }, at);
    expect(reviewed.next).toMatchObject({ status: 'closed', review: { helped: 'partly', inTheirWords: 'Some', at: at.toISOString() } });
    expect(reviewed.release).toBeUndefined();
    expect(() => checkTransition('delivered', 'closed', 'advisor')).not.toThrow();
    expect(() => patientAction(request('ordered'), { action: 'review', helped: 'yes' }, at)).toThrow(/cannot become closed/);
    expect(() => patientAction(request('closed'), { action: 'review', helped: 'yes' }, at)).toThrow(/cannot become closed/);
  });

  it('counts days as London does: 00:30 on 1 June BST is 1 June, not 31 May', () => {
    expect(londonDay(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    expect(londonDay(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });

  it('reads a request bought before orders were recorded (`purchased`) as ordered', () => {
    expect(fromRequestItem({ pk: 'B#x#P#sally', sk: 'PHB#1', entity: 'phb-request', ...request('approved'), status: 'purchased' }).status).toBe('ordered');
  });
});
