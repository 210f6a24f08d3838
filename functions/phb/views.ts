import * as z from 'zod/mini';
import { PatientBanner, patientBanner, type Person } from '../../shared/domain/people';
import { PHB_CATEGORIES, PHB_HELPED, PHB_STATES, PHB_STEPS, type PhbRequest } from '../../shared/domain/phb';
import type { RouteContext } from '../../shared/http/route';
import { signWith, signWriters, unsignedIds, viewsOf } from '../../shared/record/named-people';

type AnyContext = RouteContext<unknown, unknown, unknown>;

const Named = { userId: z.string(), name: z.string(), label: z.string() };

/** A PHB request as answered (shared/domain/phb.ts `PhbRequest`), everyone in it by name. */
export const PhbRequestView = z.strictObject({
  category: z.enum(PHB_CATEGORIES),
  item: z.string(),
  amountPence: z.int(),
  goalId: z.string(),
  whyItHelps: z.string(),
  alternativesConsidered: z.string(),
  goalDescription: z.optional(z.string()),
  requestId: z.string(),
  patientId: z.string(),
  status: z.enum(PHB_STATES),
  submittedBy: z.strictObject({ ...Named, org: z.optional(z.string()), asPatient: z.boolean() }),
  submittedAt: z.string(),
  /** Above the borough's threshold: the first of two approvals, and who gave it. */
  firstApproval: z.optional(z.strictObject({ advisorId: z.string(), at: z.string(), name: z.string(), label: z.string() })),
  decidedBy: z.optional(z.array(z.string())),
  /** Who decided (`decidedBy`), by name: both advisors of a two-advisor approval. */
  deciders: z.optional(z.array(z.strictObject(Named))),
  decidedAt: z.optional(z.string()),
  declineReason: z.optional(z.string()),
  question: z.optional(z.string()),
  financialYear: z.optional(z.int()),
  answer: z.optional(z.string()),
  /** How it was bought: `actualCostPence` is what the budget was charged (the rest of the approval went back); `by` the advisor, by name. */
  order: z.optional(z.strictObject({ supplier: z.string(), orderReference: z.string(), actualCostPence: z.int(), orderedAt: z.string(), by: z.strictObject(Named) })),
  deliveredOn: z.optional(z.string()),
  /** When the patient is asked whether it helped (the borough's `reviewAfterMonths` after delivery). */
  reviewDueOn: z.optional(z.string()),
  /** The patient's review: did it help with the goal (`yes`, `partly`, `no`), in their own words if they wished. */
  review: z.optional(z.strictObject({ helped: z.enum(PHB_HELPED), inTheirWords: z.optional(z.string()), at: z.string() })),
  /** Each step, oldest first, who took it by name: `note` is the question, answer or reason in their words; `amountPence` a reprice's new cost. */
  history: z.optional(z.array(z.strictObject({ step: z.enum(PHB_STEPS), at: z.string(), by: z.strictObject(Named), note: z.optional(z.string()), amountPence: z.optional(z.int()) }))),
  version: z.int(),
});
export type PhbRequestViewT = z.infer<typeof PhbRequestView>;

/** A request in the advisor queue: with the patient banner (name, date of birth, NHS number). */
export const QueueItemView = z.extend(PhbRequestView, { patient: PatientBanner });
export type QueueItemViewT = z.infer<typeof QueueItemView>;

/** Everyone a request names, with the signature they left on it where they did. */
const writersOf = (r: PhbRequest) =>
  [r.submittedBy.userId, ...(r.firstApproval ? [r.firstApproval.advisorId] : []), ...(r.decidedBy ?? []), ...(r.order ? [r.order.by] : []), ...(r.history ?? []).map((h) => h.by)].map((userId) => ({
    userId,
    ...r.signatures?.[userId],
  }));

/** Views of requests, everyone in them by name: signed, or else as `sign` finds them. */
const viewsWith = (requests: readonly PhbRequest[], sign: ReturnType<typeof signWith>): PhbRequestViewT[] =>
  requests.map((r) => {
    const named = (userId: string) => {
      const { name, label } = sign({ userId, ...r.signatures?.[userId] });
      return { name, label };
    };
    const { signatures: _s, firstApproval, order, history, ...rest } = r;
    return {
      ...rest,
      ...(history ? { history: history.map((h) => ({ ...h, by: { userId: h.by, ...named(h.by) } })) } : {}),
      ...(order ? { order: { ...order, by: { userId: order.by, ...named(order.by) } } } : {}),
      submittedBy: { ...r.submittedBy, ...named(r.submittedBy.userId) },
      ...(firstApproval ? { firstApproval: { ...firstApproval, ...named(firstApproval.advisorId) } } : {}),
      ...(r.decidedBy ? { deciders: r.decidedBy.map((userId) => ({ userId, ...named(userId) })) } : {}),
    };
  });

/**
 * Requests as answered, everyone in them by name: one directory lookup for those who did not sign
 * (requests from before signatures), none otherwise. Only on requests the caller was allowed to see.
 */
export const phbRequestViews = async (ctx: AnyContext, requests: readonly PhbRequest[]): Promise<PhbRequestViewT[]> => viewsWith(requests, await signWriters(ctx, requests.flatMap(writersOf)));

export const phbRequestView = async (ctx: AnyContext, request: PhbRequest): Promise<PhbRequestViewT> => {
  const [view] = await phbRequestViews(ctx, [request]);
  if (!view) throw new Error('a request view for one request');
  return view;
};

/** Whom a page of the queue names: its patients and those who did not sign. */
export const queuePeopleIds = (requests: readonly PhbRequest[]): string[] => [...new Set([...requests.map((r) => r.patientId), ...unsignedIds(requests.flatMap(writersOf))])];

/**
 * Queue items: each request with its people by name and its patient's banner, from `people` (read
 * by `queuePeopleIds`). Only for the patients the queue's decision allowed.
 */
export const queueItemViews = (ctx: AnyContext, requests: readonly PhbRequest[], people: Map<string, Person>): QueueItemViewT[] => {
  const views = viewsWith(requests, signWith(viewsOf(ctx, unsignedIds(requests.flatMap(writersOf)), people)));
  // Someone no longer in the directory still gets a banner, saying their name is not recorded.
  return views.map((v) => ({ ...v, patient: patientBanner(people.get(v.patientId) ?? { userId: v.patientId, roles: ['patient'] }) }));
};
