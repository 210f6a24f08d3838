import type { BudgetMovement } from '../domain/budget-ledger';
import type { Store } from '../runtime/deps';
import { patientPartition, SK, type ItemKey } from './keys';
import type { TransactItem } from './transact';
import { withoutKeys } from './table-definition';

/** BUDGETMOVE#<financial year>#<at>#<movementId>: a year's movements in time order. */
export const movementsPrefix = (fy: number): string => `${SK.budgetMovePrefix}${fy}#`;

const movementKey = (borough: string, patientId: string, m: BudgetMovement): ItemKey => ({
  pk: patientPartition(borough, patientId),
  sk: `${movementsPrefix(m.financialYear)}${m.at}#${m.movementId}`,
});

/** A movement as the table holds it. */
export const toMovementItem = (borough: string, patientId: string, movement: BudgetMovement): Record<string, unknown> => ({
  ...movementKey(borough, patientId, movement),
  entity: 'budget-movement',
  ...movement,
});

/** The movement, written once, in the transaction that moves the money. */
export const putMovement = (store: Store, borough: string, patientId: string, movement: BudgetMovement): TransactItem => ({
  Put: { TableName: store.tableName, Item: toMovementItem(borough, patientId, movement), ConditionExpression: 'attribute_not_exists(pk)' },
});

export const fromMovementItem = (item: Record<string, unknown>): BudgetMovement => withoutKeys(item) as unknown as BudgetMovement;
