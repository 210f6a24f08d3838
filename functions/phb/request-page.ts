import * as z from 'zod/mini';
import { financialYear, financialYearLabel, PHB_CATEGORIES, PHB_STATES, type PhbRequest } from '../../shared/domain/phb';
import { PatientBanner, patientBanner } from '../../shared/domain/people';
import { ForbiddenError, NotFoundError } from '../../shared/http/problem';
import type { RouteContext } from '../../shared/http/route';
import { bannerFrom } from '../../shared/record/named-people';
import { patientRecord } from '../../shared/record/patient-record';
import { patientPartition, SK } from '../../shared/store/keys';
import { newestFirst } from '../../shared/store/newest-first';
import { budgetKey, fromBudgetItem, fromRequestItem } from '../../shared/store/phb-repository';
import { locate } from './decide';
import { phbRequestView, PhbRequestView } from './views';

type AnyContext = RouteContext<unknown, unknown, { requestId: string }>;

/** How many of the patient's other requests the page lists (newest first): what happened to earlier ones. */
export const EARLIER_SHOWN = 50;

const pence = z.int();

/** The advisor's page of one request: the request with its goal and every step, the patient, their budget, their other requests. */
export const RequestPageView = z.strictObject({
  request: PhbRequestView,
  patient: PatientBanner,
  /** The budget of the current financial year, which an approval would commit. */
  budget: z.strictObject({ financialYear: z.int(), label: z.string(), allocatedPence: pence, committedPence: pence, spentPence: pence, remainingPence: pence }),
  /** The patient's other requests, newest first (at most 50): what they asked for before and what became of it. */
  others: z.array(z.strictObject({ requestId: z.string(), category: z.enum(PHB_CATEGORIES), item: z.string(), amountPence: pence, status: z.enum(PHB_STATES), submittedAt: z.string() })),
});
export type RequestPageViewT = z.infer<typeof RequestPageView>;

/**
 * One round trip after the request's lookup: its patient's requests (the newest 50), the request
 * itself, the budget and what the decision needs, read together; audited in the patient's access log.
 * Only on the PHB process: an advisor's own request is not theirs to handle.
 */
export const requestPage = async (ctx: AnyContext): Promise<RequestPageViewT> => {
  const borough = ctx.deps.config.borough.id;
  const { patientId, key } = await locate(ctx, ctx.params.requestId);
  const fy = financialYear(ctx.deps.clock());
  const read = await patientRecord(ctx, { patientId }).list(
    () => newestFirst(ctx.deps.store, { pk: patientPartition(borough, patientId), prefix: SK.phbPrefix, limit: EARLIER_SHOWN + 1 }),
    () => [key, budgetKey(borough, patientId, fy)],
    { action: 'phb:read' },
  );
  if (read.decision.reason !== 'phb-process') throw new ForbiddenError('Nobody acts as staff on their own record: another advisor handles this request.');
  const item = read.item(key);
  if (!item) throw new NotFoundError('No such PHB request.');
  // Someone no longer in the directory still gets a banner, saying their name is not recorded.
  const patient = bannerFrom(ctx, { patientId, item: read.item }).patient ?? patientBanner({ userId: patientId, roles: ['patient'] });
  const request: PhbRequest = fromRequestItem(item);
  const budget = fromBudgetItem(patientId, fy, read.item(budgetKey(borough, patientId, fy)));
  const others = read.data.items
    .map(fromRequestItem)
    .filter((r) => r.requestId !== request.requestId)
    .slice(0, EARLIER_SHOWN)
    .map(({ requestId, category, item: what, amountPence, status, submittedAt }) => ({ requestId, category, item: what, amountPence, status, submittedAt }));
  const { version: _v, patientId: _p, ...money } = budget;
  return { request: await phbRequestView(ctx, request), patient, budget: { ...money, label: financialYearLabel(fy) }, others };
};
