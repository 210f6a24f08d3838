import * as z from 'zod/mini';
import { RuleError } from './rule-error';
import { addMonths, londonDay } from './calendar';

/** What a personal health budget buys, by group: devices, activities, therapy apps, other. */
export const PHB_CATEGORIES = ['phone', 'laptop', 'tablet', 'gym', 'swimming', 'class', 'cinema-club', 'therapy-app', 'other'] as const;
export type PhbCategory = (typeof PHB_CATEGORIES)[number];
export const CATEGORY_GROUP: Record<PhbCategory, 'device' | 'activity' | 'therapy-app' | 'other'> = {
  phone: 'device',
  laptop: 'device',
  tablet: 'device',
  gym: 'activity',
  swimming: 'activity',
  class: 'activity',
  'cinema-club': 'activity',
  'therapy-app': 'therapy-app',
  other: 'other',
};

/**
 * A request's life: submitted (information requested and answered on the way) -> approved (two
 * advisors above the borough's threshold) -> ordered (supplier, reference, actual cost) -> delivered
 * (the review falls due after the borough's `reviewAfterMonths`) -> closed (the patient's review, or
 * an advisor); declined or withdrawn on the way.
 */
export const PHB_STATES = ['submitted', 'info-requested', 'approved', 'declined', 'withdrawn', 'ordered', 'delivered', 'closed'] as const;
export type PhbState = (typeof PHB_STATES)[number];

/** `?financialYear=2026` (the year it starts in); the current one when absent. */
export const FinancialYearQuery = z.strictObject({ financialYear: z.optional(z.coerce.number().check(z.int(), z.minimum(2000), z.maximum(2100))) });

export const PhbRequestBody = z.strictObject({
  category: z.enum(PHB_CATEGORIES),
  item: z.string().check(z.minLength(1), z.maxLength(120)),
  amountPence: z.int().check(z.minimum(1), z.maximum(1_000_000)),
  goalId: z.string().check(z.regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be a goal id')),
  whyItHelps: z.string().check(z.minLength(1), z.maxLength(1000)),
  alternativesConsidered: z.string().check(z.minLength(1), z.maxLength(1000)),
});
export type PhbRequestInput = z.infer<typeof PhbRequestBody>;

/**
 * Words an advisor writes that others read (the patient, finance): trimmed, never blank, and without
 * control characters or direction overrides, which would garble the patient's page or a spreadsheet.
 */
export const plainText = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((text) => !/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(text), 'must not hold control characters'),
  );

export const DecisionBody = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({
    decision: z.literal('order'),
    supplier: plainText(120),
    orderReference: plainText(60),
    /** What it really cost: less than approved gives the difference back to the budget. */
    actualCostPence: z.int().check(z.minimum(0), z.maximum(1_000_000)),
  }),
  z.strictObject({ decision: z.literal('deliver'), deliveredOn: z.iso.date() }),
  z.strictObject({ decision: z.literal('close') }),
  /** It will cost more than was approved: the approval's money goes back and the request waits for approval again at the new cost. */
  z.strictObject({
    decision: z.literal('reprice'),
    amountPence: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    reason: plainText(500),
  }),
  z.strictObject({ decision: z.literal('decline'), reason: plainText(1000) }),
  z.strictObject({ decision: z.literal('request-info'), question: plainText(1000) }),
]);
export type Decision = z.infer<typeof DecisionBody>;

/** What happened to a request, step by step: the page of a request shows it. */
export const PHB_STEPS = ['submitted', 'info-requested', 'answered', 'first-approval', 'approved', 'declined', 'withdrawn', 'repriced', 'ordered', 'delivered', 'reviewed', 'closed'] as const;
export type PhbStep = (typeof PHB_STEPS)[number];
/** One step: who took it and when; `note` is the question, answer or reason in the words of who took it; `amountPence` the new cost of a reprice. */
export interface PhbHistoryEntry {
  step: PhbStep;
  at: string;
  by: string;
  note?: string;
  amountPence?: number;
}

/** A question and its answer make two steps: more than this many questions on one request is a conversation for the phone. */
export const MAX_QUESTIONS = 20;
/** A price that keeps rising is a new request: the patient withdraws this one and asks again. */
export const MAX_REPRICES = 5;

const stepsOf = (request: PhbRequest, step: PhbStep): number => (request.history ?? []).filter((h) => h.step === step).length;

export interface PhbRequest extends PhbRequestInput {
  /** The goal it serves, as worded when the request was made (set by the server). */
  goalDescription?: string;
  requestId: string;
  patientId: string;
  status: PhbState;
  submittedBy: { userId: string; org?: string; asPatient: boolean };
  submittedAt: string;
  /** Above the borough's threshold, the first of the two approvals. */
  firstApproval?: { advisorId: string; at: string };
  decidedBy?: string[];
  decidedAt?: string;
  declineReason?: string;
  question?: string;
  /** The financial year whose budget the approval committed. */
  financialYear?: number;
  answer?: string;
  /** How it was bought, by whom and when; `actualCostPence` is what the budget was charged. */
  order?: { supplier: string; orderReference: string; actualCostPence: number; orderedAt: string; by: string };
  deliveredOn?: string;
  /** When the patient is asked whether it helped: `reviewAfterMonths` after delivery. */
  reviewDueOn?: string;
  /** The patient's answer, in their own words: did it help with the goal? */
  review?: { helped: PhbHelped; inTheirWords?: string; at: string };
  /**
   * The names of those who submitted and decided it, as the directory had them when they did (by user
   * id): answers show people by name. Requests from before have none; answers look them up.
   */
  signatures?: Record<string, { name: string; label: string }>;
  /** Each step so far, oldest first (requests from before steps were kept have none). */
  history?: PhbHistoryEntry[];
  version: number;
}

/** The financial year (1 April to 31 March) an instant falls in, by its starting year. @example financialYear(new Date('2027-03-31')) // 2026 */
export const financialYear = (at: Date): number => (at.getUTCMonth() >= 3 ? at.getUTCFullYear() : at.getUTCFullYear() - 1);

export const financialYearLabel = (fy: number): string => `${fy}/${String((fy + 1) % 100).padStart(2, '0')}`;

/** Raised for a transition the states do not allow (a conflict) or a decision someone may not make. */
export class PhbRuleError extends RuleError {}

/** Who may move a request from one state to the next. */
const TRANSITIONS: Record<PhbState, Partial<Record<PhbState, 'patient' | 'advisor' | 'either'>>> = {
  submitted: { approved: 'advisor', declined: 'advisor', 'info-requested': 'advisor', withdrawn: 'patient' },
  'info-requested': { submitted: 'patient', withdrawn: 'patient', declined: 'advisor' },
  // Back to submitted when it will cost more than approved (`reprice`): approved again at its new cost.
  approved: { ordered: 'advisor', withdrawn: 'patient', submitted: 'advisor' },
  ordered: { delivered: 'advisor' },
  // The patient's review closes it; an advisor may close it without one (nobody answered).
  delivered: { closed: 'either' },
  declined: {},
  withdrawn: {},
  closed: {},
};

export const checkTransition = (from: PhbState, to: PhbState, by: 'patient' | 'advisor'): void => {
  const who = TRANSITIONS[from][to];
  if (!who) throw new PhbRuleError('conflict', `A ${from} request cannot become ${to}.`);
  if (who !== 'either' && who !== by) throw new PhbRuleError('not-allowed', `Only the ${who} may make a ${from} request ${to}.`);
};

export { addMonths, londonDay } from './calendar';

export type DecisionOutcome =
  | { kind: 'first-approval'; next: PhbRequest }
  | { kind: 'approved'; next: PhbRequest; commitPence: number; financialYear: number }
  | { kind: 'ordered'; next: PhbRequest; settle: { approvedPence: number; actualPence: number }; financialYear: number }
  | { kind: 'delivered'; next: PhbRequest }
  | { kind: 'repriced'; next: PhbRequest; release: { pence: number; financialYear: number } }
  | { kind: 'declined' | 'info-requested' | 'closed'; next: PhbRequest };

/**
 * An advisor's decision. Nobody decides on a request they submitted; above `secondApprovalAbovePence`
 * approval takes two different advisors, and only the second commits the money.
 */
export const applyDecision = (request: PhbRequest, decision: Decision, advisorId: string, at: Date, rules: { secondApprovalAbovePence: number; reviewAfterMonths: number }): DecisionOutcome => {
  const { secondApprovalAbovePence } = rules;
  if (request.submittedBy.userId === advisorId) throw new PhbRuleError('not-allowed', 'Nobody decides on a request they submitted.');
  const iso = at.toISOString();
  const base = { ...request, version: request.version + 1 };
  const step = (name: PhbStep, more: Pick<PhbHistoryEntry, 'note' | 'amountPence'> = {}) => ({ history: [...(request.history ?? []), { step: name, at: iso, by: advisorId, ...more }] });
  if (decision.decision === 'approve') {
    checkTransition(request.status, 'approved', 'advisor');
    const needsTwo = request.amountPence > secondApprovalAbovePence;
    if (needsTwo && !request.firstApproval) return { kind: 'first-approval', next: { ...base, firstApproval: { advisorId, at: iso }, ...step('first-approval') } };
    if (needsTwo && request.firstApproval?.advisorId === advisorId) throw new PhbRuleError('not-allowed', 'The second approval must come from another advisor.');
    const fy = financialYear(at);
    const decidedBy = [...(request.firstApproval ? [request.firstApproval.advisorId] : []), advisorId];
    return { kind: 'approved', next: { ...base, status: 'approved', decidedBy, decidedAt: iso, financialYear: fy, ...step('approved') }, commitPence: request.amountPence, financialYear: fy };
  }
  if (decision.decision === 'order') {
    checkTransition(request.status, 'ordered', 'advisor');
    if (decision.actualCostPence > request.amountPence) {
      throw new PhbRuleError('conflict', `It cost ${decision.actualCostPence} pence, more than the ${request.amountPence} approved: it needs approving again at its real cost (decision \`reprice\`).`);
    }
    const order = { supplier: decision.supplier, orderReference: decision.orderReference, actualCostPence: decision.actualCostPence, orderedAt: iso, by: advisorId };
    return {
      kind: 'ordered',
      next: { ...base, status: 'ordered', order, ...step('ordered') },
      settle: { approvedPence: request.amountPence, actualPence: decision.actualCostPence },
      financialYear: committedYear(request),
    };
  }
  if (decision.decision === 'deliver') {
    checkTransition(request.status, 'delivered', 'advisor');
    // Days as people in London count them (an advisor's "today" at 00:30 BST is not yet today in UTC).
    const orderedOn = request.order ? londonDay(new Date(request.order.orderedAt)) : '';
    if (decision.deliveredOn > londonDay(at) || decision.deliveredOn < orderedOn) throw new PhbRuleError('conflict', 'It was delivered between its order and today.');
    return {
      kind: 'delivered',
      next: { ...base, status: 'delivered', deliveredOn: decision.deliveredOn, reviewDueOn: addMonths(decision.deliveredOn, rules.reviewAfterMonths), ...step('delivered') },
    };
  }
  if (decision.decision === 'reprice') {
    // Back to submitted is also an answer's move: only an approved request is repriced.
    if (request.status !== 'approved') throw new PhbRuleError('conflict', `A ${request.status} request cannot be repriced: only an approved one.`);
    checkTransition(request.status, 'submitted', 'advisor');
    if (decision.amountPence <= request.amountPence) throw new PhbRuleError('conflict', `A new cost of ${decision.amountPence} pence is within the ${request.amountPence} approved: order it.`);
    if (stepsOf(request, 'repriced') >= MAX_REPRICES) throw new PhbRuleError('conflict', `Its cost has changed ${MAX_REPRICES} times: the patient withdraws it and asks again.`);
    // The approval was for the old cost: it is undone (its money goes back) and the approvals start again.
    const { firstApproval: _first, decidedBy: _by, decidedAt: _at, financialYear: _fy, ...unapproved } = base;
    return {
      kind: 'repriced',
      next: { ...unapproved, status: 'submitted', amountPence: decision.amountPence, ...step('repriced', { note: decision.reason, amountPence: decision.amountPence }) },
      release: { pence: request.amountPence, financialYear: committedYear(request) },
    };
  }
  if (decision.decision === 'close') {
    checkTransition(request.status, 'closed', 'advisor');
    return { kind: 'closed', next: { ...base, status: 'closed', ...step('closed') } };
  }
  if (decision.decision === 'decline') {
    checkTransition(request.status, 'declined', 'advisor');
    return { kind: 'declined', next: { ...base, status: 'declined', decidedBy: [advisorId], decidedAt: iso, declineReason: decision.reason, ...step('declined', { note: decision.reason }) } };
  }
  checkTransition(request.status, 'info-requested', 'advisor');
  if (stepsOf(request, 'info-requested') >= MAX_QUESTIONS) throw new PhbRuleError('conflict', `This request has had ${MAX_QUESTIONS} questions: call the patient, then approve or decline it.`);
  return { kind: 'info-requested', next: { ...base, status: 'info-requested', question: decision.question, ...step('info-requested', { note: decision.question }) } };
};

export const PHB_HELPED = ['yes', 'partly', 'no'] as const;
export type PhbHelped = (typeof PHB_HELPED)[number];

export const PatientActionBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('withdraw') }),
  /** Once delivered: did it help with the goal? In the patient's own words too, if they wish. */
  z.strictObject({ action: z.literal('review'), helped: z.enum(PHB_HELPED), inTheirWords: z.optional(z.string().check(z.minLength(1), z.maxLength(1000))) }),
  z.strictObject({ action: z.literal('answer'), answer: z.string().check(z.minLength(1), z.maxLength(1000)) }),
]);

/** The financial year an approved request's money was committed in (set by the approval). */
const committedYear = (request: PhbRequest): number => {
  if (request.financialYear === undefined) throw new Error(`PHB request ${request.requestId} is ${request.status} but has no financial year`);
  return request.financialYear;
};

/** The patient's (or their clinician's) moves: withdraw, or answer a question and send it back. */
export const patientAction = (request: PhbRequest, action: z.infer<typeof PatientActionBody>, at: Date, actorId: string): { next: PhbRequest; release?: { pence: number; financialYear: number } } => {
  const base = { ...request, version: request.version + 1 };
  // An answer's words go in its step too (a request can have several rounds of questions); a review's stay in `review`.
  const step = (name: PhbStep, note?: string) => ({ history: [...(request.history ?? []), { step: name, at: at.toISOString(), by: actorId, ...(note ? { note } : {}) }] });
  if (action.action === 'review') {
    checkTransition(request.status, 'closed', 'patient');
    return { next: { ...base, status: 'closed', review: { helped: action.helped, ...(action.inTheirWords ? { inTheirWords: action.inTheirWords } : {}), at: at.toISOString() }, ...step('reviewed') } };
  }
  if (action.action === 'withdraw') {
    checkTransition(request.status, 'withdrawn', 'patient');
    return {
      next: { ...base, status: 'withdrawn', ...step('withdrawn') },
      ...(request.status === 'approved' ? { release: { pence: request.amountPence, financialYear: committedYear(request) } } : {}),
    };
  }
  // Back to submitted is also a reprice's move: only a question is answered.
  if (request.status !== 'info-requested') throw new PhbRuleError('conflict', `A ${request.status} request has no question to answer.`);
  checkTransition(request.status, 'submitted', 'patient');
  return { next: { ...base, status: 'submitted', answer: action.answer, ...step('answered', action.answer) } };
};

export interface Budget {
  patientId: string;
  financialYear: number;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  /** allocated - committed - spent, kept as its own attribute so that a write's condition can guard it. */
  remainingPence: number;
  version: number;
}

export const emptyBudget = (patientId: string, fy: number): Budget => ({ patientId, financialYear: fy, allocatedPence: 0, committedPence: 0, spentPence: 0, remainingPence: 0, version: 0 });
