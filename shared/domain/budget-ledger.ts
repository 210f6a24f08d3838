import type { Budget, PhbCategory } from './phb';

/**
 * Why a budget's money moved: an advisor set the allocation (with their reason), or a request was
 * approved (committed), withdrawn or repriced (its commitment released), or ordered (the commitment
 * spent, any difference back to what is left); or `opening`: the budget as it stood when its statement
 * began (budgets from before statements were kept), so that its lines add up to it.
 */
export const MOVEMENT_KINDS = ['allocated', 'approved', 'withdrawn', 'repriced', 'ordered', 'opening'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** How each column of the budget changed, in pence (negative: it went down). */
export interface BudgetChange {
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  remainingPence: number;
}

/** One movement of a budget's money, written in the transaction that moved it: the patient's statement. */
export interface BudgetMovement {
  movementId: string;
  financialYear: number;
  at: string;
  /** Who moved it (an advisor; the patient or their clinician for a withdrawal), with their signature when they had one. */
  by: string;
  byName?: { name: string; label: string };
  kind: MovementKind;
  change: BudgetChange;
  /** For an allocation: the advisor's reason, in their words. */
  reason?: string;
  /** The request the money moved for. */
  requestId?: string;
  category?: PhbCategory;
}

const NONE: BudgetChange = { allocatedPence: 0, committedPence: 0, spentPence: 0, remainingPence: 0 };

/** The change each kind of movement makes: what is left always moves with the rest. */
export const changeOf = {
  allocated: (from: Pick<Budget, 'allocatedPence'>, toPence: number): BudgetChange => ({ ...NONE, allocatedPence: toPence - from.allocatedPence, remainingPence: toPence - from.allocatedPence }),
  approved: (pence: number): BudgetChange => ({ ...NONE, committedPence: pence, remainingPence: -pence }),
  released: (pence: number): BudgetChange => ({ ...NONE, committedPence: -pence, remainingPence: pence }),
  ordered: (approvedPence: number, actualPence: number): BudgetChange => ({ ...NONE, committedPence: -approvedPence, spentPence: actualPence, remainingPence: approvedPence - actualPence }),
};

const COLUMNS = ['allocatedPence', 'committedPence', 'spentPence', 'remainingPence'] as const;

/**
 * What a statement's lines leave unexplained of its budget: the opening line it needs, or undefined
 * when they add up already.
 */
export const openingChange = (budget: BudgetChange, lines: readonly Pick<BudgetMovement, 'change'>[]): BudgetChange | undefined => {
  const change = Object.fromEntries(COLUMNS.map((c) => [c, budget[c] - lines.reduce((sum, l) => sum + l.change[c], 0)])) as unknown as BudgetChange;
  return COLUMNS.some((c) => change[c] !== 0) ? change : undefined;
};
