import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import type { Acknowledger, RedAlert } from '../domain/red-alerts';
import type { Store } from '../runtime/deps';
import { alertsDueKey, patientPartition, SK, type ItemKey } from './keys';
import { indexKeys, WORK_QUEUE_INDEX, withoutKeys } from './table-definition';
import type { TransactItem } from './transact';

type Item = Record<string, unknown>;

export const alertKey = (borough: string, patientId: string, alertId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: `${SK.alertPrefix}${alertId}` });

/** Where an open alert sits in the due index: by due time, then whose and which. */
const dueSortKey = (alert: Pick<RedAlert, 'dueAt' | 'alertId'>, patientId: string): string => `${alert.dueAt}#${patientId}#${alert.alertId}`;

export const fromAlertItem = (item: Item): RedAlert => withoutKeys(item, 'patientId') as unknown as RedAlert;

/** A new alert, open and in the due index, written with the red update that raised it. */
export const putNewAlertItem = (store: Store, borough: string, patientId: string, alert: RedAlert): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...alertKey(borough, patientId, alert.alertId), entity: 'red-alert', patientId, ...alert, ...indexKeys(WORK_QUEUE_INDEX, alertsDueKey(borough), dueSortKey(alert, patientId)) },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const LEAVE_DUE_INDEX = `REMOVE ${WORK_QUEUE_INDEX.partitionKey}, ${WORK_QUEUE_INDEX.sortKey}`;

/**
 * The acknowledgement, made once: only while nobody has acknowledged it (open or escalated). It leaves
 * the due index, so that nothing escalates an alert someone answered.
 */
export const acknowledgeAlertItem = (store: Store, key: ItemKey, by: Acknowledger, at: string): TransactItem => ({
  Update: {
    TableName: store.tableName,
    Key: key,
    UpdateExpression: `SET #status = :acknowledged, acknowledgedBy = :by, acknowledgedAt = :at ${LEAVE_DUE_INDEX}`,
    ConditionExpression: 'attribute_exists(pk) AND #status <> :acknowledged',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':acknowledged': 'acknowledged', ':by': by, ':at': at },
  },
});

/** The escalation, made once: only while the alert is still open (acknowledged meanwhile, it stays so). */
export const escalateAlertItem = (store: Store, key: ItemKey, to: readonly string[], at: string): TransactItem => ({
  Update: {
    TableName: store.tableName,
    Key: key,
    UpdateExpression: `SET #status = :escalated, escalatedAt = :at, escalatedTo = :to ${LEAVE_DUE_INDEX}`,
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':escalated': 'escalated', ':open': 'open', ':at': at, ':to': [...to] },
  },
});

/** An open alert found due: whose it is and where. */
export interface DueAlert {
  patientId: string;
  alert: RedAlert;
  key: ItemKey;
}

/**
 * Open alerts of the borough due at or before `now`, oldest first, at most `limit` (the sweep takes
 * the rest next time). The index is eventually consistent: an alert just acknowledged may still be
 * listed, and its escalation's condition then refuses it.
 */
export const dueAlerts = async (store: Store, borough: string, now: Date, limit: number): Promise<DueAlert[]> => {
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: WORK_QUEUE_INDEX.name,
      KeyConditionExpression: `${WORK_QUEUE_INDEX.partitionKey} = :due AND ${WORK_QUEUE_INDEX.sortKey} <= :now`,
      // `#~` sorts after every patient id and alert id that follow a due time equal to now.
      ExpressionAttributeValues: { ':due': alertsDueKey(borough), ':now': `${now.toISOString()}#~` },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => {
    const patientId = String(item.patientId);
    const alert = fromAlertItem(item);
    return { patientId, alert, key: alertKey(borough, patientId, alert.alertId) };
  });
};

/** A patient's alerts still open (nobody answered, not escalated), read strongly: what a closure hands to the duty teams. */
export const openAlertsOf = async (store: Store, borough: string, patientId: string): Promise<DueAlert[]> =>
  (
    await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': patientPartition(borough, patientId), ':prefix': SK.alertPrefix },
      ConsistentRead: true,
    })
  )
    .filter((item) => item.status === 'open')
    .map((item) => {
      const alert = fromAlertItem(item);
      return { patientId, alert, key: alertKey(borough, patientId, alert.alertId) };
    });
