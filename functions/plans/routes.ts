import * as z from 'zod/mini';
import { CrisisPlanBody, CrisisPlanView, needsChecking } from '../../shared/domain/crisis-plan';
import { toFhirPlanBundle } from '../../shared/domain/fhir-plan';
import { CommentBody, GoalChangeBody, GoalCreateBody, PlanSectionsBody, planChanges, RagUpdateBody, StepChangeBody, StepCreateBody, type Author, type Goal, type Plan } from '../../shared/domain/plan';
import { PatientBanner } from '../../shared/domain/people';
import type { Page } from '../../shared/http/pagination';
import { etag, requireIfMatch, staleVersion } from '../../shared/http/preconditions';
import { defineRoute, type Route, type RouteContext } from '../../shared/http/route';
import { idempotentCall } from '../../shared/http/idempotent-call';
import { jsonResponse } from '../../shared/http/responses';
import { newestFirstPage } from '../../shared/record/patient-lists';
import { patientRecord } from '../../shared/record/patient-record';
import { bannerFrom, patientPageSchema, signOne, signWriters, type Signature } from '../../shared/record/named-people';
import { crisisPlanKey, fromCrisisPlanItem, putCrisisPlanItem, type StoredCrisisPlan } from '../../shared/store/crisis-plan-repository';
import { programmeKey, SK } from '../../shared/store/keys';
import { programmeActiveCheck } from '../../shared/store/library-repository';
import { stepProgramme } from './step-programme';
import { raiseAlert } from '../../shared/domain/red-alerts';
import { putNewAlertItem } from '../../shared/store/alert-repository';
import { keyId } from '../../shared/store/batch-get';
import { alertRoutes } from './alert-routes';
import { exportRoutes } from './export-routes';
import { messageRoutes } from './message-routes';
import { pdfRoutes } from './pdf-routes';
import { fromPlanItem, planKey, putCommentItem, putLogItem, putRagItem, type Comment, type LogEntry, type RagUpdate } from '../../shared/store/plan-repository';
import { changePlan, planEvent } from './plan-writes';
import { proposalRoutes } from './proposal-routes';
import { dayOf, reviewDateProblem, ReviewBody } from '../../shared/domain/reviews';
import { ValidationProblemError } from '../../shared/http/problem';
import { putReviewItem } from '../../shared/store/review-repository';
import { CommentView, GoalParams, GoalView, LogEntryBody, LogEntryView, PageQuery, PlanQuery, PlanView, RagUpdateView, StepParams, StepView, UrgentHelp } from './schemas';

type PlanViewT = z.infer<typeof PlanView>;
/** The crisis plan as read: with the patient banner for staff and paramedics. */
const CrisisPlanReadView = z.extend(CrisisPlanView, {
  patient: z.optional(PatientBanner),
  /** Last changed more than six months ago (or when is not recorded): check it with the person before relying on it. */
  needsChecking: z.boolean(),
});
type CrisisPlanViewT = z.infer<typeof CrisisPlanView>;
type LogEntryViewT = z.infer<typeof LogEntryView>;
type GoalViewT = z.infer<typeof GoalView>;
type Params = z.infer<typeof GoalParams>;
type StepParamsT = z.infer<typeof StepParams>;

type AnyContext = RouteContext<unknown, unknown, unknown>;

/** Goals with every step's author by name (looked up only for steps written before steps were signed). */
const signedGoals = async (ctx: AnyContext, goals: Goal[]): Promise<GoalViewT[]> => {
  const sign = await signWriters(
    ctx,
    goals.flatMap((g) => g.steps.map((s) => s.addedBy)),
  );
  return goals.map((g) => ({ ...g, steps: g.steps.map((s) => ({ ...s, addedBy: sign(s.addedBy) })) }));
};

const signedGoal = async (ctx: AnyContext, goal: Goal): Promise<GoalViewT> => (await signedGoals(ctx, [goal]))[0] ?? { ...goal, steps: [] };

const toView = async (ctx: AnyContext, { review, ...plan }: Plan): Promise<PlanViewT> => ({
  ...plan,
  goals: await signedGoals(
    ctx,
    Object.values(plan.goals).sort((a, b) => a.order - b.order),
  ),
  ...(review ? { review: { ...review, setBy: await signOne(ctx, review.setBy) } } : {}),
});

const jsonWithVersion = (status: number, body: unknown, version: number, headers: Record<string, string> = {}): Response => jsonResponse(status, body, { ...etag(version), ...headers });

const withEtag = (plan: StoredCrisisPlan, more: { patient?: PatientBanner; needsChecking?: boolean } = {}): Response => jsonResponse(200, { ...plan, ...more }, etag(plan.version));

const planResponse = async (ctx: AnyContext, plan: Plan, status = 200): Promise<Response> => jsonWithVersion(status, await toView(ctx, plan), plan.version);

/** A goal after a change, its steps signed, with the plan's version. */
const goalResponse = async (ctx: AnyContext, plan: Plan, goalId: string, status = 200, headers: Record<string, string> = {}): Promise<Response> =>
  jsonWithVersion(status, await signedGoal(ctx, planChanges.requireGoal(plan, goalId)), plan.version, headers);

/** A contributor's addition: the patient hears of it (notifications). */
const contributionEvents = (ctx: AnyContext, patientId: string, asPatient: boolean, at: string, data: Record<string, string>) =>
  asPatient ? [] : [ctx.deps.publisher.outboxItem(planEvent(ctx, patientId, 'plan.contributed', at, { ...data, byUserId: ctx.actor?.id ?? '' }))];

/**
 * A page of a goal's collection (updates, comments), newest first, read with the consent check; each
 * entry's author by name, and the patient banner for staff.
 */
const goalCollection = async <T extends { by: Author }>(
  ctx: RouteContext<undefined, z.infer<typeof PageQuery>, Params>,
  prefix: string,
): Promise<Page<T & { by: Author & Signature }> & { patient?: PatientBanner }> => {
  const read = await newestFirstPage<T>(ctx, `${prefix}${ctx.params.goalId}#`);
  const { page } = read;
  const sign = await signWriters(
    ctx,
    page.items.map((entry) => entry.by),
  );
  return { ...page, items: page.items.map((entry) => ({ ...entry, by: sign(entry.by) })), ...bannerFrom(ctx, read) };
};

/**
 * A RAG update: the goal's status on the plan and the update, in one transaction; red also raises an
 * alert and puts `help-requested` in the outbox. Answers the whole 201 body (what a retry gets back).
 */
const postRag = async (ctx: RouteContext<z.infer<typeof RagUpdateBody>, Record<string, never>, Params>): Promise<z.infer<typeof RagUpdateView>> => {
  const updateId = ctx.deps.ids();
  const borough = ctx.deps.config.borough.id;
  const red = ctx.body.status === 'red';
  const { rag, help } = await changePlan<{ rag: RagUpdate; help?: z.infer<typeof UrgentHelp> }>(
    ctx,
    'append',
    (current, write, at, author) => {
      const next = planChanges.setRag(current, ctx.params.goalId, { status: ctx.body.status, updateId }, at);
      const made: RagUpdate = { updateId, goalId: ctx.params.goalId, status: ctx.body.status, ...(ctx.body.note ? { note: ctx.body.note } : {}), at, by: author };
      const items = [putRagItem(ctx.deps.store, borough, write.patientId, made)];
      if (!red) return { next, items, result: { rag: made } };
      // Red raises an alert for the care team to answer (or the duty team, in time), and the patient
      // is shown at once whom to call meanwhile: nobody watches the platform round the clock.
      const alert = raiseAlert(ctx.deps.config.borough.alerts, ctx.params.goalId, updateId, at);
      const crisisPlan = fromCrisisPlanItem(write.patientId, write.found.get(keyId(crisisPlanKey(borough, write.patientId))));
      return {
        next,
        items: [
          ...items,
          putNewAlertItem(ctx.deps.store, borough, write.patientId, alert),
          ctx.deps.publisher.outboxItem(planEvent(ctx, write.patientId, 'help-requested', at, { goalId: ctx.params.goalId, updateId, alertId: alert.alertId })),
        ],
        result: { rag: made, help: { contacts: crisisPlan.contacts, urgentNumbers: ctx.deps.config.borough.alerts.urgentNumbers } },
      };
    },
    (patientId) => (red ? [crisisPlanKey(borough, patientId)] : []),
  );
  return { ...rag, by: await signOne(ctx, rag.by), ...(help ? { help } : {}) };
};

const PLAN_READ = { kind: 'patient-data', action: 'plan:read', roles: ['clinician', 'phb-advisor'] } as const;
const PLAN_WRITE = { kind: 'patient-data', action: 'plan:write', roles: [] } as const;
const PLAN_CONTRIBUTE = { kind: 'patient-data', action: 'plan:contribute', roles: ['clinician'] } as const;
const EXAMPLE_GOAL = { goalId: 'goal-example' };

/**
 * Plans: "Me and My Goals" (sections, goals, steps, RAG updates and comments), the crisis plan (one
 * document, readable under emergency access) and the personal log (private unless the patient grants
 * `log:read`).
 */
export const routes: readonly Route[] = [
  defineRoute<undefined, z.infer<typeof PlanQuery>, { patientId: string }, PlanViewT>({
    method: 'GET',
    path: '/patients/{patientId}/plan',
    summary: 'The plan: sections, goals with steps and latest RAG, version (ETag); `format=fhir`: CarePlan and Goals',
    tags: ['plans'],
    access: PLAN_READ,
    query: PlanQuery,
    response: { status: 200, schema: PlanView },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const read = await patientRecord(ctx).read((patientId) => [planKey(borough, patientId)]);
      const plan = fromPlanItem(read.patientId, read.item(planKey(borough, read.patientId)));
      if (ctx.query.format === 'fhir') return jsonResponse(200, toFhirPlanBundle(plan), etag(plan.version), 'application/fhir+json');
      const view = { ...(await toView(ctx, plan)), permissions: { contribute: read.may(PLAN_CONTRIBUTE.action, PLAN_CONTRIBUTE.roles) }, ...bannerFrom(ctx, read) };
      return jsonWithVersion(200, view, plan.version);
    },
  }),
  defineRoute<z.infer<typeof PlanSectionsBody>, Record<string, never>, { patientId: string }, PlanViewT>({
    method: 'PUT',
    path: '/patients/{patientId}/plan',
    summary: 'Write the sections: what matters to me, what helps me stay well, my support network (If-Match)',
    tags: ['plans'],
    access: PLAN_WRITE,
    body: PlanSectionsBody,
    response: { status: 200, schema: PlanView },
    example: { body: { whatMattersToMe: 'My dog', whatHelpsMeStayWell: 'Walks', mySupportNetwork: 'My sister' }, headers: { 'if-match': '"1"' } },
    handle: async (ctx) =>
      planResponse(
        ctx,
        await changePlan(ctx, 'edit', (plan, _w, at) => {
          const next = planChanges.setSections(plan, ctx.body, at);
          return { next, result: next };
        }),
      ),
  }),
  defineRoute<z.infer<typeof ReviewBody>, Record<string, never>, { patientId: string }, PlanViewT>({
    method: 'PUT',
    path: '/patients/{patientId}/plan/review',
    summary: 'Record the next review date agreed with the patient (`null`: none planned): the patient, or a contributor (plan:contribute), who the patient is told of (If-Match)',
    tags: ['plans'],
    access: PLAN_CONTRIBUTE,
    body: ReviewBody,
    response: { status: 200, schema: PlanView },
    example: { body: { on: '2099-01-15' }, headers: { 'if-match': '"1"' } },
    handle: async (ctx) => {
      const { on } = ctx.body;
      const problem = on ? reviewDateProblem(on, dayOf(ctx.deps.clock())) : undefined;
      if (problem) throw new ValidationProblemError(422, `The review date ${problem}.`, [{ field: 'body.on', detail: problem }]);
      const plan = await changePlan(ctx, 'edit', (current, write, at, author) => {
        const next = planChanges.setReview(current, on ? { on, setBy: author, setAt: at } : undefined, at);
        const told = author.asPatient ? [] : [ctx.deps.publisher.outboxItem(planEvent(ctx, write.patientId, 'plan.review-set', at, { on: on ?? '', byUserId: author.userId }))];
        return { next, items: [putReviewItem(ctx.deps.store, ctx.deps.config.borough.id, write.patientId, on ?? undefined), ...told], result: next };
      });
      return planResponse(ctx, plan);
    },
  }),
  defineRoute<z.infer<typeof GoalCreateBody>, Record<string, never>, { patientId: string }, GoalViewT>({
    method: 'POST',
    path: '/patients/{patientId}/goals',
    summary: 'Add a goal (mental, physical or social)',
    tags: ['plans'],
    access: PLAN_WRITE,
    body: GoalCreateBody,
    response: { status: 201, schema: GoalView },
    example: { body: { category: 'physical', description: 'Walk to the park twice a week' } },
    handle: async (ctx) => {
      const goalId = ctx.deps.ids();
      const plan = await changePlan(ctx, 'append', (current, _w, at) => {
        const next = planChanges.addGoal(current, goalId, ctx.body, at);
        return { next, result: next };
      });
      return goalResponse(ctx, plan, goalId, 201, { location: `/patients/${plan.patientId}/goals/${goalId}` });
    },
  }),
  defineRoute<z.infer<typeof GoalChangeBody>, Record<string, never>, Params, GoalViewT>({
    method: 'PATCH',
    path: '/patients/{patientId}/goals/{goalId}',
    summary: 'Change a goal; `achievement` closes it (achieved, partly-achieved, not-achieved), null opens it (If-Match)',
    tags: ['plans'],
    access: PLAN_WRITE,
    params: GoalParams,
    body: GoalChangeBody,
    response: { status: 200, schema: GoalView },
    example: { params: EXAMPLE_GOAL, body: { achievement: 'partly-achieved' }, headers: { 'if-match': '"1"' } },
    handle: async (ctx) => {
      const plan = await changePlan(ctx, 'edit', (current, _w, at) => {
        const next = planChanges.changeGoal(current, ctx.params.goalId, ctx.body, at);
        return { next, result: next };
      });
      return goalResponse(ctx, plan, ctx.params.goalId);
    },
  }),
  defineRoute<z.infer<typeof StepCreateBody>, Record<string, never>, Params, z.infer<typeof StepView>>({
    method: 'POST',
    path: '/patients/{patientId}/goals/{goalId}/steps',
    summary: 'Add a step to a goal: the patient, or a contributor (plan:contribute), attributed to them',
    tags: ['plans'],
    access: PLAN_CONTRIBUTE,
    params: GoalParams,
    body: StepCreateBody,
    response: { status: 201, schema: StepView },
    example: { params: EXAMPLE_GOAL, body: { text: 'Try the Tuesday walking group', programmeId: 'core-sport-walking' } },
    handle: async (ctx) => {
      const stepId = ctx.deps.ids();
      const borough = ctx.deps.config.borough.id;
      const { programmeId } = ctx.body;
      const plan = await changePlan(
        ctx,
        'append',
        (current, write, at, author) => {
          const programme = programmeId === undefined ? undefined : stepProgramme(write.found.get(keyId(programmeKey(borough, programmeId))));
          const next = planChanges.addStep(current, ctx.params.goalId, stepId, ctx.body.text, author, at, programme);
          const events = contributionEvents(ctx, write.patientId, author.asPatient, at, { goalId: ctx.params.goalId, kind: 'step' });
          // Retired between the read and the write: plan again, and the read then refuses it.
          return { next, items: [...(programme ? [programmeActiveCheck(ctx.deps.store, borough, programme.programmeId)] : []), ...events], result: next, onItemConditionFailed: () => 'retry' };
        },
        () => (programmeId === undefined ? [] : [programmeKey(borough, programmeId)]),
      );
      const goal = await signedGoal(ctx, planChanges.requireGoal(plan, ctx.params.goalId));
      return jsonWithVersion(
        201,
        goal.steps.find((s) => s.stepId === stepId),
        plan.version,
      );
    },
  }),
  defineRoute<z.infer<typeof StepChangeBody>, Record<string, never>, StepParamsT, GoalViewT>({
    method: 'PATCH',
    path: '/patients/{patientId}/goals/{goalId}/steps/{stepId}',
    summary: "Change a step's text or mark it done: the patient any step, a contributor only their own (If-Match)",
    tags: ['plans'],
    access: PLAN_CONTRIBUTE,
    params: StepParams,
    body: StepChangeBody,
    response: { status: 200, schema: GoalView },
    example: { params: { ...EXAMPLE_GOAL, stepId: 'step-example' }, body: { done: true }, headers: { 'if-match': '"1"' } },
    handle: async (ctx) => {
      const plan = await changePlan(ctx, 'edit', (current, _w, at, author) => {
        const next = planChanges.changeStep(current, ctx.params.goalId, ctx.params.stepId, ctx.body, author, at);
        return { next, result: next };
      });
      return goalResponse(ctx, plan, ctx.params.goalId);
    },
  }),
  defineRoute<undefined, Record<string, never>, StepParamsT, GoalViewT>({
    method: 'DELETE',
    path: '/patients/{patientId}/goals/{goalId}/steps/{stepId}',
    summary: 'Remove a step: the patient any step, a contributor only their own (If-Match)',
    tags: ['plans'],
    access: PLAN_CONTRIBUTE,
    params: StepParams,
    response: { status: 200, schema: GoalView },
    example: { params: { ...EXAMPLE_GOAL, stepId: 'step-example' }, headers: { 'if-match': '"1"' } },
    handle: async (ctx) => {
      const plan = await changePlan(ctx, 'edit', (current, _w, at, author) => {
        const next = planChanges.removeStep(current, ctx.params.goalId, ctx.params.stepId, author, at);
        return { next, result: next };
      });
      return goalResponse(ctx, plan, ctx.params.goalId);
    },
  }),
  defineRoute<z.infer<typeof RagUpdateBody>, Record<string, never>, Params, z.infer<typeof RagUpdateView>>({
    method: 'POST',
    path: '/patients/{patientId}/goals/{goalId}/updates',
    summary: "Post green (what's working), orange (making changes) or red (asking for help) with a note; red alerts the care team; Idempotency-Key makes retries safe",
    tags: ['plans'],
    access: PLAN_WRITE,
    params: GoalParams,
    body: RagUpdateBody,
    response: { status: 201, schema: RagUpdateView },
    example: { params: EXAMPLE_GOAL, body: { status: 'orange', note: 'Missed a walk this week' } },
    // The phone sends updates made offline when it is back online, and again when an answer is lost:
    // with an Idempotency-Key the retry gets the first answer, never a second update (nor a second alert).
    handle: async (ctx) => jsonResponse(201, await idempotentCall(ctx, () => postRag(ctx))),
  }),
  defineRoute<undefined, z.infer<typeof PageQuery>, Params, Page<z.infer<typeof RagUpdateView>> & { patient?: PatientBanner }>({
    method: 'GET',
    path: '/patients/{patientId}/goals/{goalId}/updates',
    summary: "A goal's RAG updates, newest first, paginated (stable while new ones arrive)",
    tags: ['plans'],
    access: PLAN_READ,
    params: GoalParams,
    query: PageQuery,
    response: { status: 200, schema: patientPageSchema(RagUpdateView) },
    example: { params: EXAMPLE_GOAL },
    handle: (ctx) => goalCollection<RagUpdate>(ctx, SK.ragPrefix),
  }),
  defineRoute<z.infer<typeof CommentBody>, Record<string, never>, Params, z.infer<typeof CommentView>>({
    method: 'POST',
    path: '/patients/{patientId}/goals/{goalId}/comments',
    summary: 'Comment on a goal: the patient, or a contributor (plan:contribute), attributed to them',
    tags: ['plans'],
    access: PLAN_CONTRIBUTE,
    params: GoalParams,
    body: CommentBody,
    response: { status: 201, schema: CommentView },
    example: { params: EXAMPLE_GOAL, body: { text: 'Great progress this week' } },
    handle: async (ctx) => {
      const commentId = ctx.deps.ids();
      const comment = await changePlan(ctx, 'append', (current, write, at, author) => {
        planChanges.requireGoal(current, ctx.params.goalId);
        const made: Comment = { commentId, goalId: ctx.params.goalId, text: ctx.body.text, at, by: author };
        return {
          items: [
            putCommentItem(ctx.deps.store, ctx.deps.config.borough.id, write.patientId, made),
            ...contributionEvents(ctx, write.patientId, author.asPatient, at, { goalId: ctx.params.goalId, kind: 'comment' }),
          ],
          result: made,
        };
      });
      return jsonResponse(201, { ...comment, by: await signOne(ctx, comment.by) });
    },
  }),
  defineRoute<undefined, z.infer<typeof PageQuery>, Params, Page<z.infer<typeof CommentView>> & { patient?: PatientBanner }>({
    method: 'GET',
    path: '/patients/{patientId}/goals/{goalId}/comments',
    summary: "A goal's comments, newest first, paginated",
    tags: ['plans'],
    access: PLAN_READ,
    params: GoalParams,
    query: PageQuery,
    response: { status: 200, schema: patientPageSchema(CommentView) },
    example: { params: EXAMPLE_GOAL },
    handle: (ctx) => goalCollection<Comment>(ctx, SK.commentPrefix),
  }),
  defineRoute<undefined, Record<string, never>, { patientId: string }, CrisisPlanViewT>({
    method: 'GET',
    path: '/patients/{patientId}/crisis-plan',
    summary: 'The crisis plan: warning signs, what helps, what to avoid, who to contact, medication notes; when it was last changed, and `needsChecking` when that was more than six months ago',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'crisis-plan:read', roles: ['clinician', 'paramedic'] },
    response: { status: 200, schema: CrisisPlanReadView },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const read = await patientRecord(ctx).read((patientId) => [crisisPlanKey(borough, patientId)]);
      const plan = fromCrisisPlanItem(read.patientId, read.item(crisisPlanKey(borough, read.patientId)));
      return withEtag(plan, { ...bannerFrom(ctx, read), needsChecking: needsChecking(plan, ctx.deps.clock()) });
    },
  }),
  defineRoute<z.infer<typeof CrisisPlanBody>, Record<string, never>, { patientId: string }, CrisisPlanViewT>({
    method: 'PUT',
    path: '/patients/{patientId}/crisis-plan',
    summary: 'Write the crisis plan (the patient only; If-Match: its version, 0 for the first)',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'plan:write', roles: [] },
    body: CrisisPlanBody,
    response: { status: 200, schema: CrisisPlanView },
    example: { body: { warningSigns: ['not sleeping'], whatHelps: ['a walk'], whatToAvoid: [], contacts: [] }, headers: { 'if-match': '"0"' } },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const plan = await patientRecord(ctx).write(
        (patientId) => [crisisPlanKey(borough, patientId)],
        ({ patientId, found }) => {
          const expected = requireIfMatch(ctx.headers);
          const current = fromCrisisPlanItem(patientId, found.get(keyId(crisisPlanKey(borough, patientId))));
          if (current.version !== expected) throw staleVersion(current.version);
          const next: StoredCrisisPlan = { ...ctx.body, patientId, version: expected + 1, updatedAt: ctx.deps.clock().toISOString() };
          // Changed since it was read: read again, and answer the version that is there.
          return { items: [putCrisisPlanItem(ctx.deps.store, borough, next, expected)], result: next, onConditionFailed: () => 'retry' };
        },
      );
      return withEtag(plan);
    },
  }),
  defineRoute<undefined, z.infer<typeof PageQuery>, { patientId: string }, Page<LogEntryViewT> & { patient?: PatientBanner }>({
    method: 'GET',
    path: '/patients/{patientId}/log',
    summary: 'Personal log entries, newest first, paginated',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'log:read', roles: ['clinician'] },
    query: PageQuery,
    response: { status: 200, schema: patientPageSchema(LogEntryView) },
    handle: async (ctx) => {
      const read = await newestFirstPage<LogEntryViewT>(ctx, SK.logPrefix);
      return { ...read.page, ...bannerFrom(ctx, read) };
    },
  }),
  defineRoute<z.infer<typeof LogEntryBody>, Record<string, never>, { patientId: string }, LogEntryViewT>({
    method: 'POST',
    path: '/patients/{patientId}/log',
    summary: 'Write a log entry: text and mood 1-5, for a day (today by default); Idempotency-Key makes retries safe',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'log:write', roles: [] },
    body: LogEntryBody,
    response: { status: 201, schema: LogEntryView },
    example: { body: { text: 'Slept better', mood: 4 } },
    // Written on the phone with no connection, it is sent when the connection returns, and again when an answer is lost.
    handle: async (ctx) =>
      jsonResponse(
        201,
        await idempotentCall(ctx, () =>
          patientRecord(ctx).write(
            () => [],
            (write) => {
              const at = ctx.deps.clock().toISOString();
              const made: LogEntry = { entryId: ctx.deps.ids(), date: ctx.body.date ?? at.slice(0, 10), text: ctx.body.text, mood: ctx.body.mood, at };
              return { items: [putLogItem(ctx.deps.store, ctx.deps.config.borough.id, write.patientId, made)], result: made };
            },
          ),
        ),
      ),
  }),
  ...alertRoutes,
  ...messageRoutes,
  ...exportRoutes,
  ...proposalRoutes,
  ...pdfRoutes,
];
