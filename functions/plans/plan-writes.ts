import { authorOf, type Author, type Plan } from '../../shared/domain/plan';
import { patientEvent, type DomainEvent } from '../../shared/events/outbox';
import { patientRecord, type PatientWrite } from '../../shared/record/patient-record';
import { optionalIfMatch, requireIfMatch, staleVersion } from '../../shared/http/preconditions';
import type { RouteContext } from '../../shared/http/route';
import { callerKey, callerView } from '../../shared/record/named-people';
import { keyId } from '../../shared/store/batch-get';
import type { ItemKey } from '../../shared/store/keys';
import { fromPlanItem, planKey, putPlanItem } from '../../shared/store/plan-repository';
import type { TransactItem } from '../../shared/store/transact';

type AnyContext = RouteContext<unknown, unknown, unknown>;

export interface PlanChange<T> {
  /** The next plan, or undefined when the plan itself does not change (a comment). */
  next?: Plan;
  items?: TransactItem[];
  result: T;
  /** A failed condition of one of `items` (by its index there): the change's own answer (e.g. 409). */
  onItemConditionFailed?: (index: number) => Error | 'retry';
}

/**
 * Every change of a plan: read it with the consent check, make the change (pure, in shared/domain),
 * and write the whole plan over the version it was made from, with the change's other items, its
 * events and (for a contributor) the audit entry, in one transaction.
 * - `edit` rewrites something and needs If-Match: a stale version is 412.
 * - `append` (a goal, a step, a comment, a RAG update) overwrites nothing: If-Match is optional and,
 *   when someone else changed the plan meanwhile, the change is simply made again on the new one.
 *   A red alert is never refused for a stale version.
 * The caller's directory entry is read with the plan (same request) to sign what they write (`author`);
 * `alsoRead` are read with them (e.g. the proposal being accepted), found in `write.found`.
 */
export const changePlan = <T>(
  ctx: AnyContext,
  mode: 'edit' | 'append',
  make: (plan: Plan, write: PatientWrite, at: string, author: Author) => PlanChange<T>,
  /** Other items of the record the change needs (read in the same request, found in `write.found`). */
  alsoRead: (patientId: string) => ItemKey[] = () => [],
): Promise<T> => {
  const expected = mode === 'edit' ? requireIfMatch(ctx.headers) : optionalIfMatch(ctx.headers);
  const { deps } = ctx;
  const borough = deps.config.borough.id;
  return patientRecord(ctx).write(
    (patientId) => [planKey(borough, patientId), callerKey(ctx), ...alsoRead(patientId)],
    (write) => {
      const plan = fromPlanItem(write.patientId, write.found.get(keyId(planKey(borough, write.patientId))));
      if (expected !== undefined && plan.version !== expected) throw staleVersion(plan.version);
      const change = make(plan, write, deps.clock().toISOString(), authorOf(write.actor, write.patientId, callerView(ctx, write.found)));
      const own = change.next ? 1 : 0;
      return {
        items: [...(change.next ? [putPlanItem(deps.store, borough, change.next, plan.version)] : []), ...(change.items ?? [])],
        result: change.result,
        // The plan moved under us: plan again on the new version (an edit then answers 412 above).
        onConditionFailed: (index) => (index < own ? 'retry' : (change.onItemConditionFailed?.(index - own) ?? new Error(`write ${index} of a plan change failed its condition`))),
      };
    },
  );
};

/** An event about a patient's plan: ids only, never their words. */
export const planEvent = (ctx: AnyContext, patientId: string, type: string, at: string, data: Record<string, string>): DomainEvent => patientEvent(ctx.deps, type, patientId, at, data);
