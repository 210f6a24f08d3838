import type { PhbRequest, PhbRequestInput } from '../../shared/domain/phb';
import { authorOf, findGoal } from '../../shared/domain/plan';
import { patientRecord } from '../../shared/record/patient-record';
import { callerKey, callerView, signatureOf } from '../../shared/record/named-people';
import { idempotentCall } from '../../shared/http/idempotent-call';
import { ValidationProblemError } from '../../shared/http/problem';
import type { RouteContext } from '../../shared/http/route';
import { keyId } from '../../shared/store/batch-get';
import { fromPlanItem, planKey } from '../../shared/store/plan-repository';
import { putNewRequestItems } from '../../shared/store/phb-repository';
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

/**
 * Submits a request. With an `Idempotency-Key` header a retried submission returns the first result
 * (shared/http/idempotent-call.ts): a PHB request commits money, so a phone that lost its answer sends again.
 */
export const submitRequest = (ctx: Ctx): Promise<PhbRequest> => idempotentCall(ctx, () => submit(ctx));
