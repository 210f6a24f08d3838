import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';
import { directoryUserKey } from './directory-repository';
import { boroughPartition, userPartition } from './keys';
import { queryAll } from './query-all';
import { indexKeys, indexQuery, WORK_QUEUE_INDEX } from './table-definition';

/**
 * The digest queue of the borough (the work-queue index, sparse): every waiting digest item carries this index key,
 * sorted by user, so that the daily planner finds who has something waiting page by page, without
 * reading the directory. The key lives on the digest item itself: written and deleted with it, never
 * out of step.
 */
export const digestQueueKey = (borough: string): string => boroughPartition(borough, 'DIGESTQ');

// User ids never hold '#' and '~' sorts after the timestamp that follows it: `<user>#~` is past every
// item of that user and before the next user's.
const afterUser = (userId: string): string => `${userId}#~`;

/** A non-urgent notification waiting for the person's daily email digest (once per event). */
export const queueForDigest = async (store: Store, borough: string, userId: string, eventId: string, at: string): Promise<void> => {
  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        pk: userPartition(borough, userId),
        sk: `DIGEST#${at}#${eventId}`,
        entity: 'digest-item',
        userId,
        eventId,
        at,
        ...indexKeys(WORK_QUEUE_INDEX, digestQueueKey(borough), `${userId}#${at}#${eventId}`),
      },
    }),
  );
};

/** What waits for one person's digest (a day's worth: the digest clears it). */
export const pendingDigest = async (store: Store, borough: string, userId: string): Promise<{ sk: string; eventId: string }[]> =>
  (await queryAll(store, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)', ExpressionAttributeValues: { ':pk': userPartition(borough, userId), ':d': 'DIGEST#' } })).map((i) => ({
    sk: String(i.sk),
    eventId: String(i.eventId),
  }));

export const clearDigestItem = async (store: Store, borough: string, userId: string, sk: string): Promise<void> => {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: { pk: userPartition(borough, userId), sk } }));
};

export interface RecipientsPage {
  /** People with something waiting, each once, in user id order. */
  userIds: string[];
  /** Where the next page starts (the last user of this one), or absent when this was the last page. */
  after?: string;
}

/**
 * One page of the people with waiting digest items: at most `limit` items read, each person once.
 * A page ends after a whole person (the next starts past all their items), so paging never names
 * anyone twice. @example digestRecipientsPage(store, 'city-and-hackney', { limit: 1000, after: 'miriam' })
 */
export const digestRecipientsPage = async (store: Store, borough: string, page: { limit: number; after?: string }): Promise<RecipientsPage> => {
  const { Items = [], LastEvaluatedKey } = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      ...indexQuery(WORK_QUEUE_INDEX, digestQueueKey(borough), page.after === undefined ? undefined : afterUser(page.after)),
      ProjectionExpression: 'userId',
      Limit: page.limit,
    }),
  );
  const userIds = [...new Set(Items.map((i) => String(i.userId)))];
  const last = userIds.at(-1);
  return LastEvaluatedKey && last !== undefined ? { userIds, after: last } : { userIds };
};

/** The email address in a person's directory entry (the digest's one need of the directory). */
export const digestEmailOf = async (store: Store, borough: string, userId: string): Promise<string | undefined> => {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: directoryUserKey(borough, userId), ProjectionExpression: 'email' }));
  return typeof Item?.email === 'string' && Item.email !== '' ? Item.email : undefined;
};
