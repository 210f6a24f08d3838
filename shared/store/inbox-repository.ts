import { cancelledBy } from './transaction-errors';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';
import { userPartition } from './keys';
import { newestFirst } from './newest-first';
import { withoutKeys } from './table-definition';

export interface InboxNotification {
  notificationId: string;
  type: string;
  title: string;
  link: string;
  urgent: boolean;
  read: boolean;
  at: string;
}

const NOTE = 'NOTE#';
const COUNTER = 'INBOX';

/** The id carries the position: `<epoch ms>-<event id>`, so marking read needs no lookup. */
const noteSk = (id: string): string => `${NOTE}${id}`;
export const notificationIdFor = (at: string, eventId: string): string => `${String(Date.parse(at)).padStart(13, '0')}-${eventId}`;

const cancelledOnCondition = (error: unknown): boolean => cancelledBy(error, ['ConditionalCheckFailed']);

/**
 * Puts a notification in a user's inbox once: the same event delivered twice finds its item there and
 * changes nothing (the unread count moves in the same transaction). Returns whether it was new.
 */
export const deliverToInbox = async (store: Store, borough: string, userId: string, note: Omit<InboxNotification, 'read'>): Promise<boolean> => {
  const pk = userPartition(borough, userId);
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: store.tableName, Item: { pk, sk: noteSk(note.notificationId), entity: 'notification', ...note, read: false }, ConditionExpression: 'attribute_not_exists(pk)' } },
          { Update: { TableName: store.tableName, Key: { pk, sk: COUNTER }, UpdateExpression: 'ADD unread :one SET entity = :e', ExpressionAttributeValues: { ':one': 1, ':e': 'inbox' } } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (cancelledOnCondition(error)) return false;
    throw error;
  }
};

/** Marks one read (once: reading twice does not count twice). */
export const markRead = async (store: Store, borough: string, userId: string, notificationId: string): Promise<'read' | 'already' | 'missing'> => {
  const pk = userPartition(borough, userId);
  try {
    await store.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: store.tableName,
              Key: { pk, sk: noteSk(notificationId) },
              UpdateExpression: 'SET #read = :t',
              ConditionExpression: 'attribute_exists(pk) AND #read = :f',
              ExpressionAttributeNames: { '#read': 'read' },
              ExpressionAttributeValues: { ':t': true, ':f': false },
            },
          },
          { Update: { TableName: store.tableName, Key: { pk, sk: COUNTER }, UpdateExpression: 'ADD unread :minus', ExpressionAttributeValues: { ':minus': -1 } } },
        ],
      }),
    );
    return 'read';
  } catch (error) {
    if (!cancelledOnCondition(error)) throw error;
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk, sk: noteSk(notificationId) } }));
    return Item ? 'already' : 'missing';
  }
};

/** A page of the inbox, newest first, with the unread count. */
export const inboxPage = async (store: Store, borough: string, userId: string, page: { before?: string; limit: number }) => {
  const pk = userPartition(borough, userId);
  const [list, counter] = await Promise.all([
    newestFirst(store, { pk, prefix: NOTE, limit: page.limit, ...(page.before ? { before: noteSk(page.before) } : {}) }),
    store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk, sk: COUNTER } })),
  ]);
  return {
    items: list.items.map((item) => withoutKeys(item) as unknown as InboxNotification),
    more: list.more,
    unread: Math.max(0, Number(counter.Item?.unread ?? 0)),
  };
};
