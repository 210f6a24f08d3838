import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';
import type { ItemKey } from './keys';

type Item = Record<string, unknown>;

/**
 * Strongly consistent reads of a few items of the table in one request (repeated only for keys
 * DynamoDB returns unprocessed under load). Returns the items found, by sort key.
 */
export const batchGet = async (store: Store, keys: readonly ItemKey[]): Promise<Map<string, Item>> => {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  // One key: a GetItem, the cheapest read DynamoDB has.
  const [only] = unique;
  if (only && unique.length === 1) {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk: only.pk, sk: only.sk }, ConsistentRead: true }));
    if (Item) found.set(keyId(only), Item);
    return found;
  }
  let pending: Record<string, unknown>[] = unique.map((k) => ({ pk: k.pk, sk: k.sk }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw Object.assign(new Error('BatchGet left keys unprocessed'), { name: 'ThrottlingException' });
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
    const result = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: pending, ConsistentRead: true } } }));
    for (const item of result.Responses?.[store.tableName] ?? []) found.set(`${String(item.pk)}|${String(item.sk)}`, item);
    pending = (result.UnprocessedKeys?.[store.tableName]?.Keys ?? []) as Record<string, unknown>[];
  }
  return found;
};

export const keyId = (key: ItemKey): string => `${key.pk}|${key.sk}`;
