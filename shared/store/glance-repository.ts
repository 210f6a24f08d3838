import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { glanceOf, latestOf, type Glance } from '../domain/glance';
import type { Store } from '../runtime/deps';
import { fromAlertItem } from './alert-repository';
import { batchGet, keyId } from './batch-get';
import { patientPartition, SK, type ItemKey } from './keys';
import { fromPlanItem, planKey } from './plan-repository';
import { activityAt } from './outcome-sources';
import { queryAll } from './query-all';
import { reviewKey } from './review-repository';

/** The entities whose changes the glance shows (the outcomes function's stream filter lets them through). */
export const GLANCE_SOURCES: ReadonlySet<string> = new Set(['plan', 'red-alert', 'review']);

export const glanceKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.glance });

/**
 * Writes the patient's glance again from what it shows: the plan, the review date and the alerts, read
 * now (so a replayed or reordered stream record cannot leave it stale). The last activity is untouched.
 */
export const refreshGlance = async (store: Store, borough: string, patientId: string, { onlyIfMissing = false } = {}): Promise<void> => {
  const pk = patientPartition(borough, patientId);
  const [sources, alertItems] = await Promise.all([
    batchGet(store, [planKey(borough, patientId), reviewKey(borough, patientId)]),
    queryAll(store, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :alerts)', ExpressionAttributeValues: { ':pk': pk, ':alerts': SK.alertPrefix }, ConsistentRead: true }),
  ]);
  const reviewOn = sources.get(keyId(reviewKey(borough, patientId)))?.on;
  const glance = glanceOf(fromPlanItem(patientId, sources.get(keyId(planKey(borough, patientId)))), alertItems.map(fromAlertItem), typeof reviewOn === 'string' ? reviewOn : undefined);
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: glanceKey(borough, patientId),
        UpdateExpression: `SET entity = :entity, patientId = :patientId, goals = :goals, openAlerts = :alerts${glance.reviewOn ? ', reviewOn = :reviewOn' : ' REMOVE reviewOn'}`,
        ...(onlyIfMissing ? { ConditionExpression: 'attribute_not_exists(goals)' } : {}),
        ExpressionAttributeValues: {
          ':entity': 'glance',
          ':patientId': patientId,
          ':goals': glance.goals,
          ':alerts': glance.openAlerts,
          ...(glance.reviewOn ? { ':reviewOn': glance.reviewOn } : {}),
        },
      }),
    );
  } catch (error) {
    // Kept by the stream meanwhile: its glance is the newer one.
    if (!(onlyIfMissing && error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** Moves the patient's last activity forward to `at`, never back (stream records may come late or twice). */
export const noteActivity = async (store: Store, borough: string, patientId: string, at: string): Promise<void> => {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: glanceKey(borough, patientId),
        UpdateExpression: 'SET entity = :entity, patientId = :patientId, lastActivityAt = :at',
        ConditionExpression: 'attribute_not_exists(lastActivityAt) OR lastActivityAt < :at',
        ExpressionAttributeValues: { ':entity': 'glance', ':patientId': patientId, ':at': at },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/**
 * The glance of a patient who has none (after a deploy onto older data, or a restore), the last
 * activity from all their items (`items`, as the outcomes rebuild read them). A glance the stream
 * already keeps is left alone: the rebuild's reads may be older than the stream's last write.
 */
export const rebuildGlance = async (store: Store, borough: string, patientId: string, items: readonly Record<string, unknown>[]): Promise<void> => {
  await refreshGlance(store, borough, patientId, { onlyIfMissing: true });
  const latest = latestOf(items.map(activityAt));
  if (latest) await noteActivity(store, borough, patientId, latest);
};

const fromGlanceItem = (item: Record<string, unknown>): Glance => ({
  goals: (item.goals as Glance['goals'] | undefined) ?? [],
  openAlerts: (item.openAlerts as Glance['openAlerts'] | undefined) ?? [],
  ...(typeof item.reviewOn === 'string' ? { reviewOn: item.reviewOn } : {}),
  ...(typeof item.lastActivityAt === 'string' ? { lastActivityAt: item.lastActivityAt } : {}),
});

/** The glances of these patients, by key in one round trip; a patient with none yet is absent. Eventually consistent: a glance lags its sources anyway. */
export const readGlances = async (store: Store, borough: string, patientIds: readonly string[]): Promise<Map<string, Glance>> => {
  const found = await batchGet(
    store,
    patientIds.map((id) => glanceKey(borough, id)),
    { consistent: false },
  );
  return new Map([...found.values()].map((item) => [String(item.patientId), fromGlanceItem(item)]));
};
