import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CrisisPlanContent } from '../domain/crisis-plan';
import type { Store } from '../runtime/deps';
import { patientPartition, SK, type ItemKey } from './keys';
import { withoutKeys } from './table-definition';
import { conditionFailed } from './transaction-errors';

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

/** Writes the plan if it is still at `expectedVersion`; otherwise returns the version that is there. */
export const putCrisisPlan = async (store: Store, borough: string, plan: StoredCrisisPlan, expectedVersion: number): Promise<{ ok: true } | { ok: false; currentVersion: number }> => {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...crisisPlanKey(borough, plan.patientId), entity: 'crisis-plan', ...plan },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { ok: true };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    return { ok: false, currentVersion: Number((error as { Item?: Item }).Item?.version ?? 0) };
  }
};
