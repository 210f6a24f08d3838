import * as z from 'zod/mini';
import { MOVEMENT_KINDS, type BudgetMovement } from '../../shared/domain/budget-ledger';
import { PHB_CATEGORIES } from '../../shared/domain/phb';
import type { RouteContext } from '../../shared/http/route';
import { signWriters } from '../../shared/record/named-people';

type AnyContext = RouteContext<unknown, unknown, unknown>;

const pence = z.int();

/** A line of a budget's statement (shared/domain/budget-ledger.ts), who moved the money by name. */
export const BudgetMovementView = z.strictObject({
  movementId: z.string(),
  financialYear: z.int(),
  at: z.string(),
  kind: z.enum(MOVEMENT_KINDS),
  /** How each column changed, in pence (negative: it went down). */
  change: z.strictObject({ allocatedPence: pence, committedPence: pence, spentPence: pence, remainingPence: pence }),
  /** An allocation's reason, in the advisor's words. */
  reason: z.optional(z.string()),
  requestId: z.optional(z.string()),
  category: z.optional(z.enum(PHB_CATEGORIES)),
  by: z.strictObject({ userId: z.string(), name: z.string(), label: z.string() }),
});
export type BudgetMovementViewT = z.infer<typeof BudgetMovementView>;

/** Statement lines with who moved the money by name: signed when written, else one directory lookup. */
export const movementViews = async (ctx: AnyContext, movements: readonly BudgetMovement[]): Promise<BudgetMovementViewT[]> => {
  const writers = movements.map((m) => ({ userId: m.by, ...m.byName }));
  const sign = await signWriters(ctx, writers);
  return movements.map(({ by, byName, ...rest }) => {
    const { name, label } = sign({ userId: by, ...byName });
    return { ...rest, by: { userId: by, name, label } };
  });
};
