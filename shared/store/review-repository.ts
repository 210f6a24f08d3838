import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReminderKind } from '../domain/reviews';
import type { Store } from '../runtime/deps';
import { patientPartition, reviewIndexKey, SK, type ItemKey } from './keys';
import { indexKeys, WORK_QUEUE_INDEX } from './table-definition';
import type { TransactItem } from './transact';

export const reviewKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.review });

/**
 * The review date's item, written with the plan in its transaction: in the reminders' index while a
 * review is planned (sparse: none when there is no date). It holds the date and the patient id only.
 */
export const putReviewItem = (store: Store, borough: string, patientId: string, on: string | undefined): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { ...reviewKey(borough, patientId), entity: 'review', patientId, ...(on ? { on, ...indexKeys(WORK_QUEUE_INDEX, reviewIndexKey(borough), `${on}#${patientId}`) } : {}) },
  },
});

/** The plans whose review falls between two days (inclusive), every page: the daily sweep. */
export const reviewsBetween = async (store: Store, borough: string, from: string, to: string): Promise<{ patientId: string; on: string }[]> => {
  const found: { patientId: string; on: string }[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: WORK_QUEUE_INDEX.name,
        KeyConditionExpression: `${WORK_QUEUE_INDEX.partitionKey} = :p AND ${WORK_QUEUE_INDEX.sortKey} BETWEEN :from AND :to`,
        ExpressionAttributeValues: { ':p': reviewIndexKey(borough), ':from': from, ':to': `${to}#\uffff` },
        ProjectionExpression: 'patientId, #on',
        ExpressionAttributeNames: { '#on': 'on' },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) if (typeof item.patientId === 'string' && typeof item.on === 'string') found.push({ patientId: item.patientId, on: item.on });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
};

/** That a reminder was sent: written once, so that a sweep run twice sends nothing twice. */
export const putReminderSent = (store: Store, borough: string, patientId: string, on: string, kind: ReminderKind, at: string): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { pk: patientPartition(borough, patientId), sk: `${SK.reminderPrefix}${on}#${kind}`, entity: 'review-reminder', on, kind, at },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
