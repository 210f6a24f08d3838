import type { BudgetChange, BudgetMovement, MovementKind } from '../../shared/domain/budget-ledger';
import type { PersonView } from '../../shared/domain/people';
import type { RouteContext } from '../../shared/http/route';
import { signatureOf } from '../../shared/record/named-people';
import { putMovement } from '../../shared/store/budget-ledger-repository';
import type { TransactItem } from '../../shared/store/transact';

type AnyContext = RouteContext<unknown, unknown, unknown>;

/** A line of a patient's budget statement, now, signed by who moved the money, for the transaction that moves it. */
export const budgetLine = (
  ctx: AnyContext,
  patientId: string,
  line: { kind: MovementKind; financialYear: number; change: BudgetChange; by: string; byName: PersonView | undefined } & Pick<BudgetMovement, 'reason' | 'requestId' | 'category'>,
): TransactItem => {
  const { byName, ...rest } = line;
  return putMovement(ctx.deps.store, ctx.deps.config.borough.id, patientId, {
    movementId: ctx.deps.ids(),
    at: ctx.deps.clock().toISOString(),
    ...rest,
    ...(byName ? { byName: signatureOf(byName) } : {}),
  });
};
