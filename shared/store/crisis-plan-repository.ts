import type { CrisisPlanContent } from '../domain/crisis-plan';
import type { Store } from '../runtime/deps';
import { patientPartition, SK, type ItemKey } from './keys';
import { withoutKeys } from './table-definition';
import type { TransactItem } from './transact';

type Item = Record<string, unknown>;

export interface StoredCrisisPlan extends CrisisPlanContent {
  patientId: string;
  version: number;
  updatedAt?: string;
}

export const crisisPlanKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.crisisPlan });

export const fromCrisisPlanItem = (patientId: string, item: Item | undefined): StoredCrisisPlan => {
  if (!item) return { patientId, version: 0, warningSigns: [], whatHelps: [], whatToAvoid: [], contacts: [] };
  return withoutKeys(item) as unknown as StoredCrisisPlan;
};

/** The write of the plan, if it is still at `expectedVersion` (0: there is none yet), for the record's write transaction. */
export const putCrisisPlanItem = (store: Store, borough: string, plan: StoredCrisisPlan, expectedVersion: number): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...crisisPlanKey(borough, plan.patientId), entity: 'crisis-plan', ...plan },
    ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
    ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
  },
});
