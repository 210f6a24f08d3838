import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';
import type { ItemKey } from './keys';

type Item = Record<string, unknown>;

/** BatchGetItem takes at most 100 keys a request. */
const MAX_KEYS = 100;

export interface ReadOptions {
  /** Strongly consistent (the default), or eventually consistent at half the cost, for what may lag a moment (names, glances). */
  consistent?: boolean;
}

/**
 * Reads items of the table by key: one request per 100 keys, all in flight together (one round trip),
 * each repeated only for keys DynamoDB returns unprocessed under load. Returns the items found, by `keyId`.
 */
export const batchGet = async (store: Store, keys: readonly ItemKey[], { consistent = true }: ReadOptions = {}): Promise<Map<string, Item>> => {
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  if (unique.length <= MAX_KEYS) return batchGetUpTo100(store, unique, consistent);
  const chunks = Array.from({ length: Math.ceil(unique.length / MAX_KEYS) }, (_, i) => unique.slice(i * MAX_KEYS, (i + 1) * MAX_KEYS));
  return new Map((await Promise.all(chunks.map((chunk) => batchGetUpTo100(store, chunk, consistent)))).flatMap((found) => [...found]));
};

const batchGetUpTo100 = async (store: Store, unique: readonly ItemKey[], consistent: boolean): Promise<Map<string, Item>> => {
  const found = new Map<string, Item>();
  // One key: a GetItem, the cheapest read DynamoDB has.
  const [only] = unique;
  if (only && unique.length === 1) {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk: only.pk, sk: only.sk }, ConsistentRead: consistent }));
    if (Item) found.set(keyId(only), Item);
    return found;
  }
  let pending: Record<string, unknown>[] = unique.map((k) => ({ pk: k.pk, sk: k.sk }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw Object.assign(new Error('BatchGet left keys unprocessed'), { name: 'ThrottlingException' });
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
    const result = await store.doc.send(new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: pending, ConsistentRead: consistent } } }));
    for (const item of result.Responses?.[store.tableName] ?? []) found.set(`${String(item.pk)}|${String(item.sk)}`, item);
    pending = (result.UnprocessedKeys?.[store.tableName]?.Keys ?? []) as Record<string, unknown>[];
  }
  return found;
};

export const keyId = (key: ItemKey): string => `${key.pk}|${key.sk}`;
