import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PREFERENCES, type MessageChannel, type Preferences } from '../domain/notifications';
import type { Store } from '../runtime/deps';
import { userPartition } from './keys';

const PREFS = 'PREFS';

export const readPreferences = async (store: Store, borough: string, userId: string): Promise<Preferences> => {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk: userPartition(borough, userId), sk: PREFS } }));
  // Preferences saved before push existed have none: push is on, as for anyone who chose nothing.
  return Item
    ? { email: Item.email as Preferences['email'], sms: Item.sms as Preferences['sms'], push: (Item.push as Preferences['push'] | undefined) ?? DEFAULT_PREFERENCES.push }
    : DEFAULT_PREFERENCES;
};

export const writePreferences = async (store: Store, borough: string, userId: string, prefs: Preferences): Promise<void> => {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { pk: userPartition(borough, userId), sk: PREFS, entity: 'preferences', ...prefs } }));
};

/** What is sent once per event: an email, an SMS, or a push to one device (`push#<subscriptionId>`). */
export type MessageKey = MessageChannel | `push#${string}`;

/**
 * Claims the sending of one message of an event on a channel: true unless it was sent already.
 * A message claimed but not confirmed (the send failed) may be claimed again by the retry.
 */
export const claimMessage = async (store: Store, borough: string, userId: string, eventId: string, channel: MessageKey): Promise<boolean> => {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { pk: userPartition(borough, userId), sk: `MSG#${eventId}#${channel}`, entity: 'message', status: 'sending' },
        ConditionExpression: 'attribute_not_exists(pk) OR #s <> :sent',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent' },
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

export const confirmMessage = async (store: Store, borough: string, userId: string, eventId: string, channel: MessageKey): Promise<void> => {
  await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: { pk: userPartition(borough, userId), sk: `MSG#${eventId}#${channel}` },
      UpdateExpression: 'SET #s = :sent',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':sent': 'sent' },
    }),
  );
};
