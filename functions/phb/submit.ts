import { IdempotencyConfig, IdempotencyAlreadyInProgressError, IdempotencyValidationError, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { PhbRequest, PhbRequestInput } from '../../shared/domain/phb';
import { authorOf, findGoal } from '../../shared/domain/plan';
import { patientRecord } from '../../shared/record/patient-record';
import { callerKey, callerView, signatureOf } from '../../shared/record/named-people';
import { ProblemError, ValidationProblemError } from '../../shared/http/problem';
import type { RouteContext } from '../../shared/http/route';
import type { Deps } from '../../shared/runtime/deps';
import { keyId } from '../../shared/store/batch-get';
import { idempotencyRecords } from '../../shared/store/idempotency-records';
import { fromPlanItem, planKey } from '../../shared/store/plan-repository';
import { putNewRequestItems } from '../../shared/store/phb-repository';
import { callerOf } from '../../shared/http/request-actor';
import { patientEvent } from '../../shared/events/outbox';

type Ctx = RouteContext<PhbRequestInput, unknown, { patientId: string }>;

/** A new request in one transaction: the request, its lookup, the event for the advisors, the audit. */
const submit = (ctx: Ctx): Promise<PhbRequest> => {
  const borough = ctx.deps.config.borough.id;
  return patientRecord(ctx).write(
    (patientId) => [planKey(borough, patientId), callerKey(ctx)],
    (write) => {
      const goal = findGoal(fromPlanItem(write.patientId, write.found.get(keyId(planKey(borough, write.patientId)))), ctx.body.goalId);
      if (!goal) {
        throw new ValidationProblemError(422, 'Invalid input: body.goalId.', [{ field: 'body.goalId', detail: 'is not a goal of this plan' }]);
      }
      const now = ctx.deps.clock().toISOString();
      const me = callerView(ctx, write.found);
      // The goal's words as they were when asked: what the advisor weighs the request against.
      const request: PhbRequest = {
        ...ctx.body,
        goalDescription: goal.description,
        requestId: ctx.deps.ids(),
        patientId: write.patientId,
        status: 'submitted',
        submittedBy: authorOf(write.actor, write.patientId),
        ...(me ? { signatures: { [me.userId]: signatureOf(me) } } : {}),
        submittedAt: now,
        history: [{ step: 'submitted', at: now, by: write.actor.id }],
        version: 1,
      };
      const event = patientEvent(ctx.deps, 'phb.submitted', write.patientId, now, { requestId: request.requestId, category: request.category, amountPence: request.amountPence });
      return { items: [...putNewRequestItems(ctx.deps.store, borough, request), ctx.deps.publisher.outboxItem(event)], result: request };
    },
  );
};

/** One idempotent submitter per deps (per borough table), made on first use. */
type Submitter = { config: IdempotencyConfig; submit: (input: { actorId: string; patientId: string; key: string; body: PhbRequestInput }, ctx: Ctx) => Promise<PhbRequest> };
const submitters = new WeakMap<Deps, Submitter>();

const submitterFor = (deps: Deps) => {
  const existing = submitters.get(deps);
  if (existing) return existing;
  const persistenceStore = idempotencyRecords(deps.store, deps.config.borough.id);
  const config = new IdempotencyConfig({ eventKeyJmesPath: '[actorId, patientId, key]', payloadValidationJmesPath: 'body', expiresAfterSeconds: 24 * 3600, throwOnNoIdempotencyKey: true });
  const submitter: Submitter = {
    config,
    submit: makeIdempotent(async (_input: { actorId: string; patientId: string; key: string; body: PhbRequestInput }, ctx: Ctx) => submit(ctx), { persistenceStore, config }),
  };
  submitters.set(deps, submitter);
  return submitter;
};

/**
 * Submits a request. With an `Idempotency-Key` header a retried submission returns the first result;
 * the same key with another body is 422; a retry while the first is still running is 409.
 */
export const submitRequest = async (ctx: Ctx): Promise<PhbRequest> => {
  const key = ctx.headers.get('idempotency-key');
  if (key === null) return submit(ctx);
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key))
    throw new ValidationProblemError(400, 'Idempotency-Key must be 8 to 128 letters, digits or _.:-', [{ field: 'header.idempotency-key', detail: 'must be 8 to 128 letters, digits or _.:-' }]);
  try {
    const submitter = submitterFor(ctx.deps);
    // Lets Powertools expire an in-progress record no later than this invocation could run.
    submitter.config.registerLambdaContext(ctx.lambda);
    // The key binds to the patient, not to how the path named them: `me` and their id are one request.
    const { patientId } = patientRecord(ctx);
    return await submitter.submit({ actorId: callerOf(ctx).id, patientId, key, body: ctx.body }, ctx);
  } catch (error) {
    if (error instanceof IdempotencyValidationError) {
      throw new ValidationProblemError(422, 'This Idempotency-Key was used with another body.', [{ field: 'header.idempotency-key', detail: 'was already used with a different body' }]);
    }
    if (error instanceof IdempotencyAlreadyInProgressError)
      throw new ProblemError(409, 'in-progress', 'Conflict', 'The first submission with this key is still being processed; retry shortly.', {}, { 'retry-after': '1' });
    throw error;
  }
};
