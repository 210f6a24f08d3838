import { applyDecision, financialYear, financialYearLabel, patientAction, type Decision, type PatientActionBody, type PhbRequest } from '../../shared/domain/phb';
import type * as z from 'zod/mini';
import type { PersonView } from '../../shared/domain/people';
import { patientEvent, type DomainEvent } from '../../shared/events/outbox';
import { patientRecord } from '../../shared/record/patient-record';
import { callerKey, callerView, signatureOf } from '../../shared/record/named-people';
import { ForbiddenError, NotFoundError, ProblemError } from '../../shared/http/problem';
import type { RouteContext } from '../../shared/http/route';
import { keyId } from '../../shared/store/batch-get';
import type { ItemKey } from '../../shared/store/keys';
import { budgetKey, budgetMove, budgetSettle, fromRequestItem, locateRequest, replaceRequestItem } from '../../shared/store/phb-repository';
import { changeOf, type BudgetChange, type MovementKind } from '../../shared/domain/budget-ledger';
import { budgetLine } from './budget-lines';
import type { TransactItem } from '../../shared/store/transact';

type AnyContext = RouteContext<unknown, unknown, unknown>;

/** Where a request lives: found by its id alone. */
export const locate = async (ctx: AnyContext, requestId: string): Promise<{ patientId: string; key: ItemKey }> => {
  const found = await locateRequest(ctx.deps.store, ctx.deps.config.borough.id, requestId);
  if (!found) throw new NotFoundError('No such PHB request.');
  return found;
};

const decidedEvent = (ctx: AnyContext, request: PhbRequest, at: string): DomainEvent =>
  patientEvent(ctx.deps, 'phb.decided', request.patientId, at, { requestId: request.requestId, status: request.status, category: request.category, amountPence: request.amountPence });

/** The step signed with its taker's name as the directory has it now. */
const signedBy = <O extends { next: PhbRequest }>(outcome: O, taker: PersonView | undefined): O =>
  taker ? { ...outcome, next: { ...outcome.next, signatures: { ...outcome.next.signatures, [taker.userId]: signatureOf(taker) } } } : outcome;

/** The statement line of a money movement on a request, by who moved it. */
const movementItem = (ctx: AnyContext, request: PhbRequest, move: { kind: MovementKind; financialYear: number; change: BudgetChange; by: string; byName: PersonView | undefined }): TransactItem =>
  budgetLine(ctx, request.patientId, { ...move, requestId: request.requestId, category: request.category });

const submitterOf = (item: Record<string, unknown> | undefined): string | undefined => (item ? fromRequestItem(item).submittedBy.userId : undefined);

const requestFrom = (found: Map<string, Record<string, unknown>>, key: ItemKey): PhbRequest => {
  const item = found.get(keyId(key));
  if (!item) throw new NotFoundError('No such PHB request.');
  return fromRequestItem(item);
};

/**
 * An advisor's decision in one transaction: the request at the version decided on, the money moved
 * (an approval commits against the remaining budget under a condition that forbids overspending),
 * the event for the patient and the audit entry. A decision on a request that moved meanwhile is
 * planned again on its new state (and is then usually a 409).
 */
export const decideRequest = async (ctx: AnyContext, requestId: string, decision: Decision): Promise<PhbRequest> => {
  const { patientId, key } = await locate(ctx, requestId);
  const borough = ctx.deps.config.borough.id;
  const fyNow = financialYear(ctx.deps.clock());
  const noMoney = (amount: number) =>
    new ProblemError(409, 'insufficient-budget', 'Conflict', `The ${financialYearLabel(fyNow)} budget has not enough left for ${amount} pence, or none was allocated.`);
  return patientRecord(ctx, { patientId }).write(
    () => [key, budgetKey(borough, patientId, fyNow), callerKey(ctx)],
    (write) => {
      const request = requestFrom(write.found, key);
      const now = ctx.deps.clock();
      const me = callerView(ctx, write.found);
      const outcome = signedBy(applyDecision(request, decision, write.actor.id, now, ctx.deps.config.borough.phb), me);
      const movement = (kind: MovementKind, financialYear: number, change: BudgetChange) => movementItem(ctx, request, { kind, financialYear, change, by: write.actor.id, byName: me });
      // Refuse at once what cannot fit; the write's own condition still guards the race.
      const remaining = Number(write.found.get(keyId(budgetKey(borough, patientId, outcome.kind === 'approved' ? outcome.financialYear : fyNow)))?.remainingPence ?? 0);
      if (outcome.kind === 'approved' && remaining < outcome.commitPence) throw noMoney(outcome.commitPence);
      const items = [replaceRequestItem(ctx.deps.store, borough, outcome.next, request.version)];
      // Each movement of money, with its line on the patient's statement.
      if (outcome.kind === 'approved') {
        items.push(
          budgetMove(ctx.deps.store, borough, patientId, outcome.financialYear, 'commit', outcome.commitPence),
          movement('approved', outcome.financialYear, changeOf.approved(outcome.commitPence)),
        );
      }
      if (outcome.kind === 'ordered') {
        const { approvedPence, actualPence } = outcome.settle;
        items.push(
          budgetSettle(ctx.deps.store, borough, patientId, outcome.financialYear, approvedPence, actualPence),
          movement('ordered', outcome.financialYear, changeOf.ordered(approvedPence, actualPence)),
        );
      }
      if (outcome.kind === 'repriced') {
        const { pence, financialYear } = outcome.release;
        items.push(budgetMove(ctx.deps.store, borough, patientId, financialYear, 'release', pence), movement('repriced', financialYear, changeOf.released(pence)));
      }
      if (outcome.kind !== 'first-approval') items.push(ctx.deps.publisher.outboxItem(decidedEvent(ctx, outcome.next, now.toISOString())));
      return {
        items,
        result: outcome.next,
        // The request moved: plan again on its new state. The budget ran out meanwhile: 409.
        onConditionFailed: (index) => (index === 0 ? 'retry' : noMoney(request.amountPence)),
      };
    },
    // Nobody decides a request they submitted: the decision point refuses it, and the log says so.
    { action: 'phb:decide', resource: (found) => ({ submittedBy: submitterOf(found.get(keyId(key))) }) },
  );
};

/** The patient's (or their clinician's) move on their request: withdraw (releasing an approval), answer; the patient's own review once delivered. */
export const actOnRequest = async (ctx: AnyContext, requestId: string, action: z.infer<typeof PatientActionBody>): Promise<PhbRequest> => {
  const borough = ctx.deps.config.borough.id;
  // The request is looked up inside the door and is only the path's patient's: anyone else's is no such request.
  let key: ItemKey | undefined;
  return patientRecord(ctx).write(
    async (patientId) => {
      const found = await locateRequest(ctx.deps.store, borough, requestId);
      key = found?.patientId === patientId ? found.key : undefined;
      return key ? [key, callerKey(ctx)] : [];
    },
    (write) => {
      if (!key) throw new NotFoundError('No such PHB request.');
      // Whether it helped is the patient's to say, in their own words: nobody reviews it for them.
      if (action.action === 'review' && write.actor.id !== write.patientId) throw new ForbiddenError('Only the patient says whether it helped.');
      const request = requestFrom(write.found, key);
      const me = callerView(ctx, write.found);
      const { next, release } = signedBy(patientAction(request, action, ctx.deps.clock(), write.actor.id), me);
      const items = [replaceRequestItem(ctx.deps.store, borough, next, request.version)];
      if (release) {
        items.push(
          budgetMove(ctx.deps.store, borough, write.patientId, release.financialYear, 'release', release.pence),
          movementItem(ctx, request, { kind: 'withdrawn', financialYear: release.financialYear, change: changeOf.released(release.pence), by: write.actor.id, byName: me }),
        );
      }
      // The advisors hear of an answer to their question, and of an approved request withdrawn (it must not be ordered).
      const forAdvisors = action.action === 'answer' ? 'phb.answered' : action.action === 'withdraw' && release ? 'phb.withdrawn' : undefined;
      if (forAdvisors) items.push(ctx.deps.publisher.outboxItem(patientEvent(ctx.deps, forAdvisors, write.patientId, ctx.deps.clock().toISOString(), { requestId: next.requestId })));
      return { items, result: next, onConditionFailed: () => 'retry' as const };
    },
  );
};
