import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Retention } from '../domain/retention';
import type { Store } from '../runtime/deps';
import { directoryUserKey } from './directory-repository';
import { patientPartition, retentionDueKey, SK, type ItemKey } from './keys';
import { indexKeys, withoutKeys, WORK_QUEUE_INDEX } from './table-definition';
import type { TransactItem } from './transact';

type Item = Record<string, unknown>;

/** Where a record's retention lives: in the patient's own partition, so that the sweep removes it with the rest. */
export const retentionKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.retention });

export const fromRetentionItem = (item: Item | undefined): Retention | undefined => (item ? (withoutKeys(item, 'patientId') as unknown as Retention) : undefined);

/** The record's retention, read strongly (the sweep checks it again after the eventually consistent index). */
export const readRetention = async (store: Store, borough: string, patientId: string): Promise<Retention | undefined> =>
  fromRetentionItem((await store.doc.send(new GetCommand({ TableName: store.tableName, Key: retentionKey(borough, patientId), ConsistentRead: true }))).Item);

/**
 * Puts the record's retention if nobody changed it since `version` was read (0: it did not exist). A
 * closed record without a hold stands in the due index by its date (`<retainUntil>#<patientId>`); a
 * hold takes it out, and clearing the hold puts it back.
 */
export const putRetentionItem = (store: Store, borough: string, patientId: string, retention: Retention, expectedVersion: number): TransactItem => {
  const due = retention.retainUntil !== undefined && retention.closedAt !== undefined && retention.legalHold === undefined;
  return {
    Put: {
      TableName: store.tableName,
      Item: {
        ...retentionKey(borough, patientId),
        entity: 'retention',
        patientId,
        ...retention,
        ...(due ? indexKeys(WORK_QUEUE_INDEX, retentionDueKey(borough), `${retention.retainUntil}#${patientId}`) : {}),
      },
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
    },
  };
};

/**
 * The patient's directory entry says the account is closed: the API refuses their tokens (the
 * directory is read on every request) and the local sign-in offers them no more. A repeat keeps the
 * first closure's time.
 */
export const closeDirectoryEntryItem = (store: Store, borough: string, patientId: string, at: string): TransactItem => ({
  Update: {
    TableName: store.tableName,
    Key: directoryUserKey(borough, patientId),
    UpdateExpression: 'SET closedAt = if_not_exists(closedAt, :at), #status = :disabled, disabledAt = if_not_exists(disabledAt, :at)',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':at': at, ':disabled': 'disabled' },
  },
});

/**
 * In every write's transaction to a patient's record: the record is not closed. A write that read the
 * record open and races the closure fails here rather than land after it.
 */
export const recordOpenCheck = (store: Store, borough: string, patientId: string): TransactItem => ({
  ConditionCheck: { TableName: store.tableName, Key: directoryUserKey(borough, patientId), ConditionExpression: 'attribute_not_exists(closedAt)' },
});

/** A closed record due for removal: whose, and its date as the index holds it. */
export interface DueRecord {
  patientId: string;
  retainUntil: string;
}

/**
 * Closed records whose retention ended strictly before `now`, oldest first, at most `limit`. The
 * index is eventually consistent: the sweep reads each record's retention again before removing it.
 */
export const dueRecords = async (store: Store, borough: string, now: Date, limit: number): Promise<DueRecord[]> => {
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: WORK_QUEUE_INDEX.name,
      // `<retainUntil>#<id>` sorts after `now` when retainUntil is now: only a date already passed is due.
      KeyConditionExpression: `${WORK_QUEUE_INDEX.partitionKey} = :due AND ${WORK_QUEUE_INDEX.sortKey} < :now`,
      ExpressionAttributeValues: { ':due': retentionDueKey(borough), ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map((item) => ({ patientId: String(item.patientId), retainUntil: String(item.retainUntil) }));
};
