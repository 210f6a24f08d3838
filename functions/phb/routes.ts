import * as z from 'zod/mini';
import {
  CATEGORY_GROUP,
  DecisionBody,
  FinancialYearQuery,
  financialYear,
  financialYearLabel,
  londonDay,
  PatientActionBody,
  PHB_CATEGORIES,
  PHB_STATES,
  PhbRequestBody,
  plainText,
  type Budget,
  type PhbCategory,
} from '../../shared/domain/phb';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, pageQuery, pageSchema, type Page } from '../../shared/http/pagination';
import { patientRecord } from '../../shared/record/patient-record';
import { newestFirstPage } from '../../shared/record/patient-lists';
import { ValidationProblemError } from '../../shared/http/problem';
import { jsonResponse } from '../../shared/http/responses';
import { defineRoute, type Route } from '../../shared/http/route';
import { decideForQueue } from '../../shared/record/queue-access';
import { keyId } from '../../shared/store/batch-get';
import { SK } from '../../shared/store/keys';
import { budgetKey, fromBudgetItem, fromRequestItem, putBudgetItem, queuePage, queuePosition, reviewsDueUpTo } from '../../shared/store/phb-repository';
import { WITHHOLDING_NOTE } from '../../shared/domain/disclosure';
import { PhbCategoryView, phbSection, PhbSectionView } from '../../shared/domain/outcomes';
import { readCurrentAggregates } from '../../shared/store/outcomes-repository';
import { actOnRequest, decideRequest } from './decide';
import { submitRequest } from './submit';
import { requestPage, RequestPageView, type RequestPageViewT } from './request-page';
import { phbRequestView, phbRequestViews, PhbRequestView, queueItemViews, QueueItemView, queuePeopleIds, type PhbRequestViewT, type QueueItemViewT } from './views';
import { PatientBanner, type Person } from '../../shared/domain/people';
import { bannerFrom, callerKey, callerView, patientPageSchema } from '../../shared/record/named-people';
import { getPeople } from '../../shared/store/directory-repository';
import { changeOf } from '../../shared/domain/budget-ledger';
import { fromMovementItem, movementsPrefix } from '../../shared/store/budget-ledger-repository';
import { budgetLine } from './budget-lines';
import { patientEvent } from '../../shared/events/outbox';
import { BudgetMovementView, movementViews, type BudgetMovementViewT } from './movement-views';

/** A budget of one financial year, in pence, with its label (`2026/27`). */
const BudgetView = z.strictObject({
  patientId: z.string(),
  financialYear: z.int(),
  allocatedPence: z.int(),
  committedPence: z.int(),
  spentPence: z.int(),
  remainingPence: z.int(),
  version: z.int(),
  label: z.string(),
  /** On a read by staff: the patient banner. */
  patient: z.optional(PatientBanner),
});
const BudgetQuery = FinancialYearQuery;
const BudgetBody = z.strictObject({
  financialYear: z.optional(z.int().check(z.minimum(2000), z.maximum(2100))),
  allocatedPence: z.int().check(z.minimum(0), z.maximum(10_000_000)),
  /** Why it was set or changed, in the advisor's words: the patient reads it on their statement. */
  reason: plainText(500),
});
const MovementsQuery = z.strictObject({ ...FinancialYearQuery.shape, ...pageQuery });
const QueueQuery = z.strictObject({
  status: z._default(z.enum(PHB_STATES), 'submitted'),
  /** With `status=delivered`: only those whose review is due (today, as London counts it, or before). */
  reviewDue: z.optional(z.enum(['true'])),
  ...pageQuery,
});
const ListQuery = z.strictObject(pageQuery);
const id = z.string().check(z.regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be an id'));
const RequestParams = z.strictObject({ patientId: id, requestId: id });

const PhbStatsView = z.extend(PhbSectionView, {
  label: z.string(),
  withholding: z.string(),
  byCategory: z.record(z.string(), z.extend(PhbCategoryView, { group: z.string() })),
});

const budgetView = (b: Budget) => ({ ...b, label: financialYearLabel(b.financialYear) });

const PHB_READ = { kind: 'patient-data', action: 'phb:read', roles: ['clinician', 'phb-advisor'] } as const;
const PHB_REQUEST = { kind: 'patient-data', action: 'phb:request', roles: ['clinician'] } as const;

/** Personal health budgets: budgets, requests, the advisor queue and decisions. */
export const routes: readonly Route[] = [
  defineRoute<undefined, z.infer<typeof BudgetQuery>, { patientId: string }, Record<string, unknown>>({
    method: 'GET',
    path: '/patients/{patientId}/budget',
    summary: 'PHB budget of a financial year (1 April to 31 March; default the current): allocated, committed, spent, remaining, in pence',
    tags: ['phb'],
    access: PHB_READ,
    query: BudgetQuery,
    response: { status: 200, schema: BudgetView },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const fy = ctx.query.financialYear ?? financialYear(ctx.deps.clock());
      const read = await patientRecord(ctx).read((patientId) => [budgetKey(borough, patientId, fy)]);
      return { ...budgetView(fromBudgetItem(read.patientId, fy, read.item(budgetKey(borough, read.patientId, fy)))), ...bannerFrom(ctx, read) };
    },
  }),
  defineRoute<z.infer<typeof BudgetBody>, Record<string, never>, { patientId: string }, Record<string, unknown>>({
    method: 'PUT',
    path: '/patients/{patientId}/budget',
    summary: "Set a patient's allocation for a financial year (PHB advisors); never below what is committed and spent",
    tags: ['phb'],
    access: { kind: 'patient-data', action: 'phb:manage', roles: ['phb-advisor'] },
    body: BudgetBody,
    response: { status: 200, schema: BudgetView },
    example: { body: { allocatedPence: 100000, reason: 'Allocated at the annual review' } },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const now = ctx.deps.clock();
      const fy = ctx.body.financialYear ?? financialYear(now);
      const budget = await patientRecord(ctx).write(
        (patientId) => [budgetKey(borough, patientId, fy), callerKey(ctx)],
        (write) => {
          const current = fromBudgetItem(write.patientId, fy, write.found.get(keyId(budgetKey(borough, write.patientId, fy))));
          const used = current.committedPence + current.spentPence;
          if (ctx.body.allocatedPence < used)
            throw new ValidationProblemError(422, 'Invalid input: body.allocatedPence.', [{ field: 'body.allocatedPence', detail: `must be at least ${used}, already committed or spent` }]);
          const next: Budget = { ...current, allocatedPence: ctx.body.allocatedPence, remainingPence: ctx.body.allocatedPence - used, version: current.version + 1 };
          const line = budgetLine(ctx, write.patientId, {
            kind: 'allocated',
            financialYear: fy,
            change: changeOf.allocated(current, ctx.body.allocatedPence),
            reason: ctx.body.reason,
            by: write.actor.id,
            byName: callerView(ctx, write.found),
          });
          // The patient is told their budget changed (the event carries the year, never the reason).
          const event = patientEvent(ctx.deps, 'phb.budget-changed', write.patientId, now.toISOString(), { financialYear: fy });
          return {
            items: [putBudgetItem(ctx.deps.store, borough, next, current.version), line, ctx.deps.publisher.outboxItem(event)],
            result: next,
            onConditionFailed: () => 'retry' as const,
          };
        },
      );
      return budgetView(budget);
    },
  }),
  defineRoute<undefined, z.infer<typeof MovementsQuery>, { patientId: string }, Page<BudgetMovementViewT> & { patient?: PatientBanner }>({
    method: 'GET',
    path: '/patients/{patientId}/budget/movements',
    summary: "A budget's statement for a financial year (default the current), newest first, paginated: each movement of its money, how each column changed, why, and who moved it",
    tags: ['phb'],
    access: PHB_READ,
    query: MovementsQuery,
    response: { status: 200, schema: patientPageSchema(BudgetMovementView) },
    handle: async (ctx) => {
      const fy = ctx.query.financialYear ?? financialYear(ctx.deps.clock());
      const read = await newestFirstPage(ctx, movementsPrefix(fy), { map: fromMovementItem });
      return { ...read.page, items: await movementViews(ctx, read.page.items), ...bannerFrom(ctx, read) };
    },
  }),
  defineRoute<z.infer<typeof PhbRequestBody>, Record<string, never>, { patientId: string }, PhbRequestViewT>({
    method: 'POST',
    path: '/patients/{patientId}/phb-requests',
    summary: 'Ask for a PHB item for a goal of the plan (the patient, or a clinician with phb:request); Idempotency-Key makes retries safe',
    tags: ['phb'],
    access: PHB_REQUEST,
    body: PhbRequestBody,
    response: { status: 201, schema: PhbRequestView },
    example: { body: { category: 'phone', item: 'Basic smartphone', amountPence: 9900, goalId: 'goal-example', whyItHelps: 'To join video sessions', alternativesConsidered: 'Library computers' } },
    handle: async (ctx) => jsonResponse(201, await phbRequestView(ctx, await submitRequest(ctx))),
  }),
  defineRoute<undefined, z.infer<typeof ListQuery>, { patientId: string }, Page<PhbRequestViewT> & { patient?: PatientBanner }>({
    method: 'GET',
    path: '/patients/{patientId}/phb-requests',
    summary: "A patient's PHB requests, newest first, paginated",
    tags: ['phb'],
    access: PHB_READ,
    query: ListQuery,
    response: { status: 200, schema: patientPageSchema(PhbRequestView) },
    handle: async (ctx) => {
      const read = await newestFirstPage(ctx, SK.phbPrefix, { map: fromRequestItem });
      return { ...read.page, items: await phbRequestViews(ctx, read.page.items), ...bannerFrom(ctx, read) };
    },
  }),
  defineRoute<z.infer<typeof PatientActionBody>, Record<string, never>, z.infer<typeof RequestParams>, PhbRequestViewT>({
    method: 'PATCH',
    path: '/patients/{patientId}/phb-requests/{requestId}',
    summary:
      "Withdraw a request (an approved one gives its money back), answer an advisor's question and send it back, or (the patient alone, once delivered) review it: did it help with the goal, in their own words; the review closes it",
    tags: ['phb'],
    access: PHB_REQUEST,
    params: RequestParams,
    body: PatientActionBody,
    response: { status: 200, schema: PhbRequestView },
    example: { params: { requestId: 'req-example' }, body: { action: 'withdraw' } },
    handle: async (ctx) => jsonResponse(200, await phbRequestView(ctx, await actOnRequest(ctx, ctx.params.requestId, ctx.body))),
  }),
  defineRoute<undefined, z.infer<typeof QueueQuery>, Record<string, string>, Page<QueueItemViewT>>({
    method: 'GET',
    path: '/phb-requests',
    summary:
      'The advisor queue: requests of a status (default submitted), oldest first (delivered ones by the day their review falls due; `reviewDue=true` for those due by today), paginated, each with its patient banner; each patient shown is audited',
    tags: ['phb'],
    access: { kind: 'roles', roles: ['phb-advisor'] },
    query: QueueQuery,
    response: { status: 200, schema: pageSchema(QueueItemView) },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const position = decodeCursor(ctx.query.cursor, z.strictObject({ after: z.string().check(z.maxLength(200)) }));
      if (ctx.query.reviewDue && ctx.query.status !== 'delivered')
        throw new ValidationProblemError(422, 'Invalid input: query.reviewDue.', [{ field: 'query.reviewDue', detail: 'goes only with status=delivered' }]);
      // Delivered requests stand in their queue by the day their review falls due: those due are the range up to today.
      const upTo = ctx.query.reviewDue ? reviewsDueUpTo(londonDay(ctx.deps.clock())) : undefined;
      const page = await queuePage(ctx.deps.store, borough, ctx.query.status, {
        limit: ctx.query.limit ?? DEFAULT_LIMIT,
        ...(position ? { after: position.after } : {}),
        ...(upTo ? { upTo } : {}),
      });
      // Each patient shown passes the decision point on the basis of the PHB process, in their access log;
      // the names on their requests are read with the audit heads (no extra round trip).
      const { shown, read: people } = await decideForQueue(
        ctx,
        page.items.map((r) => r.patientId),
        'phb:read',
        (ids) => getPeople(ctx.deps.store, borough, queuePeopleIds(page.items.filter((r) => ids.includes(r.patientId)))),
      );
      const items = queueItemViews(
        ctx,
        page.items.filter((r) => shown.has(r.patientId)),
        people ?? new Map<string, Person>(),
      );
      const last = page.items.at(-1);
      // A request indexed before delivered ones stood by their review day may sit in the range without being due.
      const due = ctx.query.reviewDue ? items.filter((r) => r.reviewDueOn !== undefined && r.reviewDueOn <= londonDay(ctx.deps.clock())) : items;
      return { items: due, ...(page.more && last ? { nextCursor: encodeCursor({ after: queuePosition(last) }) } : {}) };
    },
  }),
  defineRoute<undefined, z.infer<typeof BudgetQuery>, Record<string, string>, z.infer<typeof PhbStatsView>>({
    method: 'GET',
    path: '/phb-requests/stats',
    summary:
      "The borough's PHB users, and by category the items approved and bought with their pence approved and spent, for a financial year (no patient data), from the outcome aggregates; counts of 1 to 4 are withheld (null), with the pence of a withheld number of items",
    tags: ['phb'],
    access: { kind: 'roles', roles: ['phb-advisor', 'operator'] },
    query: BudgetQuery,
    response: { status: 200, schema: PhbStatsView },
    handle: async (ctx) => {
      const fy = ctx.query.financialYear ?? financialYear(ctx.deps.clock());
      const phb = phbSection(await readCurrentAggregates(ctx.deps.store, ctx.deps.config.borough.id), fy, PHB_CATEGORIES);
      const byCategory = Object.fromEntries(Object.entries(phb.byCategory).map(([c, cell]) => [c, { ...cell, group: CATEGORY_GROUP[c as PhbCategory] }]));
      return { financialYear: fy, label: financialYearLabel(fy), users: phb.users, withholding: WITHHOLDING_NOTE, byCategory };
    },
  }),
  defineRoute<undefined, Record<string, never>, { requestId: string }, RequestPageViewT>({
    method: 'GET',
    path: '/phb-requests/{requestId}',
    summary:
      "An advisor's page of one request: the request with its goal and every step by name, the patient's banner, the current year's budget and the patient's other requests (the newest 50); audited in the patient's access log. Not one's own request.",
    tags: ['phb'],
    access: { kind: 'roles', roles: ['phb-advisor'] },
    params: z.strictObject({ requestId: id }),
    response: { status: 200, schema: RequestPageView },
    example: { params: { requestId: 'req-example' } },
    handle: (ctx) => requestPage(ctx),
  }),
  defineRoute<z.infer<typeof DecisionBody>, Record<string, never>, { requestId: string }, PhbRequestViewT>({
    method: 'POST',
    path: '/phb-requests/{requestId}/decision',
    summary:
      'approve | decline (reason) | request-info (question) | order (supplier, order reference, actual cost: less than approved gives the rest back, more is refused) | reprice (a higher cost and why: the approval’s money goes back and it waits for approval again) | deliver (date; the review falls due after the borough’s months) | close; above the borough threshold approval takes two advisors',
    tags: ['phb'],
    access: { kind: 'roles', roles: ['phb-advisor'] },
    body: DecisionBody,
    response: { status: 200, schema: PhbRequestView },
    example: { params: { requestId: 'req-example' }, body: { decision: 'request-info', question: 'Which model, and where from?' } },
    handle: async (ctx) => jsonResponse(200, await phbRequestView(ctx, await decideRequest(ctx, ctx.params.requestId, ctx.body))),
  }),
];
