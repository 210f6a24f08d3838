import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PUSH_DEVICE_CAP, subscriptionIdOf, type PushDevice, type PushSubscriptionInput } from '../domain/push';
import type { Store } from '../runtime/deps';
import { USER_SK, userPartition } from './keys';
import { queryAll } from './query-all';

/** A device's subscription as delivery needs it: where to send and the keys to encrypt for it. */
export interface PushTarget {
  subscriptionId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

type StoredSubscription = PushTarget & PushDevice;

const keyOf = (borough: string, userId: string, subscriptionId: string) => ({ pk: userPartition(borough, userId), sk: `${USER_SK.pushSubscriptionPrefix}${subscriptionId}` });

const fromItem = (item: Record<string, unknown>): StoredSubscription => ({
  subscriptionId: String(item.subscriptionId),
  endpoint: String(item.endpoint),
  keys: { p256dh: String(item.p256dh), auth: String(item.auth) },
  createdAt: String(item.createdAt),
  ...(typeof item.label === 'string' ? { label: item.label } : {}),
  ...(typeof item.lastUsedAt === 'string' ? { lastUsedAt: item.lastUsedAt } : {}),
});

/** Every device of one person (at most PUSH_DEVICE_CAP, so one small Query). */
export const listPushSubscriptions = async (store: Store, borough: string, userId: string): Promise<StoredSubscription[]> =>
  (
    await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': userPartition(borough, userId), ':p': USER_SK.pushSubscriptionPrefix },
    })
  ).map(fromItem);

/** What the person sees of a device: never its endpoint or keys. */
export const deviceView = (s: StoredSubscription): PushDevice => ({
  subscriptionId: s.subscriptionId,
  createdAt: s.createdAt,
  ...(s.label !== undefined ? { label: s.label } : {}),
  ...(s.lastUsedAt !== undefined ? { lastUsedAt: s.lastUsedAt } : {}),
});

/**
 * Saves a device's subscription: the same endpoint again is the same item (its keys and label
 * updated, its creation kept); a new device past the cap replaces the one used least recently.
 */
export const putPushSubscription = async (store: Store, borough: string, userId: string, input: PushSubscriptionInput, now: Date): Promise<PushDevice> => {
  const subscriptionId = subscriptionIdOf(input.endpoint);
  const existing = await listPushSubscriptions(store, borough, userId);
  if (!existing.some((s) => s.subscriptionId === subscriptionId)) {
    const byUse = [...existing].sort((a, b) => (a.lastUsedAt ?? a.createdAt).localeCompare(b.lastUsedAt ?? b.createdAt));
    for (const old of byUse.slice(0, Math.max(0, existing.length - PUSH_DEVICE_CAP + 1))) await deletePushSubscription(store, borough, userId, old.subscriptionId);
  }
  // Every attribute by a placeholder name: some (label, endpoint) may be DynamoDB's reserved words.
  const values: Record<string, string> = {
    entity: 'push-subscription',
    subscriptionId,
    endpoint: input.endpoint,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    ...(input.label !== undefined ? { label: input.label } : {}),
  };
  const names = Object.keys(values);
  const { Attributes } = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: keyOf(borough, userId, subscriptionId),
      UpdateExpression: `SET ${names.map((n, i) => `#n${i} = :v${i}`).join(', ')}, #created = if_not_exists(#created, :now)`,
      ExpressionAttributeNames: { ...Object.fromEntries(names.map((n, i) => [`#n${i}`, n])), '#created': 'createdAt' },
      ExpressionAttributeValues: { ...Object.fromEntries(names.map((n, i) => [`:v${i}`, values[n]])), ':now': now.toISOString() },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return deviceView(fromItem(Attributes ?? {}));
};

/** Removes one of the person's devices (nothing when they have no such device: only their own partition is touched). */
export const deletePushSubscription = async (store: Store, borough: string, userId: string, subscriptionId: string): Promise<void> => {
  await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: keyOf(borough, userId, subscriptionId) }));
};

/** Notes that a push reached the device's push service (never recreating a device removed meanwhile). */
export const markPushUsed = async (store: Store, borough: string, userId: string, subscriptionId: string, now: Date): Promise<void> => {
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: keyOf(borough, userId, subscriptionId),
        UpdateExpression: 'SET lastUsedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
};
