import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { openingChange, type BudgetMovement } from '../domain/budget-ledger';
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

/**
 * Opens the statement of each of a patient's budgets written before statements were kept (or by a
 * bulk seed): one line, before the others, for what their lines do not explain, written once. One
 * Query reads the budgets and their lines together (both keys begin with BUDGET). Run after deploying
 * (`npm run outcomes:rebuild`, which calls it for each patient) and for synthetic patients.
 * @example await openStatements(store, 'city-and-hackney', 'synth-00003') // 1
 */
export const openStatements = async (store: Store, borough: string, patientId: string): Promise<number> => {
  const { Items = [] } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :budget)',
      ExpressionAttributeValues: { ':pk': patientPartition(borough, patientId), ':budget': 'BUDGET' },
      ConsistentRead: true,
    }),
  );
  const lines = Items.filter((i) => i.entity === 'budget-movement').map(fromMovementItem);
  let opened = 0;
  for (const budget of Items.filter((i) => i.entity === 'budget')) {
    const fy = Number(budget.financialYear);
    const ofYear = lines.filter((l) => l.financialYear === fy);
    const change = openingChange(budget as unknown as BudgetMovement['change'], ofYear);
    if (!change) continue;
    // Before its first line (or at the start of the year, for a statement with none).
    const first = ofYear.map((l) => l.at).sort()[0];
    const at = first ? new Date(Date.parse(first) - 1).toISOString() : `${fy}-04-01T00:00:00.000Z`;
    const movement: BudgetMovement = {
      movementId: `opening-${fy}`,
      financialYear: fy,
      at,
      by: 'system',
      byName: { name: 'The personal health budget team', label: 'The personal health budget team' },
      kind: 'opening',
      change,
    };
    try {
      await store.doc.send(new PutCommand({ TableName: store.tableName, Item: toMovementItem(borough, patientId, movement), ConditionExpression: 'attribute_not_exists(pk)' }));
      opened++;
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return opened;
};
