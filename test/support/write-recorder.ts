import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import type { Store } from '../../shared/runtime/deps';
import { makeStoreClients } from '../../shared/store/client';
import type { ItemKey } from '../../shared/store/keys';
import { testEndpoint } from './dynamo';

/** The commands that can change items, and the PartiQL ones whose targets we do not parse (any of them counts as a change). */
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const UNPARSED = new Set(['ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction']);

// A key or item as the document client gives it (plain) or as the low-level client sends it (`{ S }`).
type Attributes = Record<string, unknown>;
type Operation = { TableName?: string; Key?: Attributes; Item?: Attributes };

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'object' && value !== null && typeof (value as { S?: unknown }).S === 'string' ? (value as { S: string }).S : undefined;

/** The table and key of each item a write command may change (undefined key: one we cannot tell). */
const targetsOf = (action: string, input: Record<string, unknown>): { table: string | undefined; key: ItemKey | undefined }[] => {
  const target = (op: Operation | undefined, table = op?.TableName) => {
    const attributes = op?.Key ?? op?.Item;
    const pk = text(attributes?.pk);
    const sk = text(attributes?.sk);
    return { table, key: pk !== undefined && sk !== undefined ? { pk, sk } : undefined };
  };
  if (action === 'TransactWriteItems') {
    return ((input.TransactItems ?? []) as Record<string, Operation | undefined>[]).flatMap((item) =>
      Object.entries(item)
        .filter(([kind]) => kind !== 'ConditionCheck')
        .map(([, op]) => target(op)),
    );
  }
  if (action === 'BatchWriteItem') {
    return Object.entries((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item?: Attributes }; DeleteRequest?: { Key?: Attributes } }[]>).flatMap(([table, requests]) =>
      requests.map((r) => target(r.PutRequest ? { Item: r.PutRequest.Item } : { Key: r.DeleteRequest?.Key }, table)),
    );
  }
  return [target(input as Operation)];
};

/** An item as DynamoDB holds it, with its attributes (and the members of its sets) in order, so that equal items read the same. */
const canonical = (item: Record<string, AttributeValue> | undefined): string =>
  JSON.stringify(item ?? null, (_key, v: unknown) => {
    if (Array.isArray(v) || v === null || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]): [string, unknown] => [k, (k === 'SS' || k === 'NS') && Array.isArray(x) ? [...(x as string[])].sort() : x]);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
  });

const keyId = (key: ItemKey): string => JSON.stringify([key.pk, key.sk]);

export interface WriteRecorder {
  /**
   * Runs `fn` and returns what it returned and the items of the store's table (but those `ignore`
   * passes over) that its writes changed: each item a write named, as it was before the first write
   * to it and after `fn` (and every write it sent) ended. A write refused by its condition, a
   * cancelled transaction, or a put and a delete that leave the item as it was change nothing, as a
   * look at the whole table would show.
   */
  changedDuring<T>(fn: () => Promise<T>): Promise<{ result: T; changed: ItemKey[] }>;
  close(): void;
}

/**
 * Records the writes the platform sends to a store's table (through its low-level client, which the
 * document client shares), instead of reading the whole table before and after a request. Items are
 * read with a client of its own, which no function's table access guard holds and nothing counts.
 */
export const recordWrites = (store: Store, ignore: (key: ItemKey) => boolean): WriteRecorder => {
  const reader = makeStoreClients({ endpoint: testEndpoint(), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }).client;
  const read = async (key: ItemKey): Promise<string> =>
    canonical((await reader.send(new GetItemCommand({ TableName: store.tableName, Key: { pk: { S: key.pk }, sk: { S: key.sk } }, ConsistentRead: true }))).Item);

  let recording: { before: Map<string, { key: ItemKey; item: Promise<string> }>; inFlight: Promise<unknown>[]; unparsed: string[] } | undefined;
  store.client.middlewareStack.add(
    (next, context) => async (args) => {
      const action = String(context.commandName).replace(/Command$/, '');
      const now = recording;
      if (!now || !(WRITES.has(action) || UNPARSED.has(action))) return next(args);
      if (UNPARSED.has(action)) now.unparsed.push(action);
      const reads: Promise<string>[] = [];
      for (const { table, key } of UNPARSED.has(action) ? [] : targetsOf(action, args.input as Record<string, unknown>)) {
        if (table !== store.tableName) continue;
        if (!key) {
          now.unparsed.push(action);
          continue;
        }
        if (ignore(key)) continue;
        const id = keyId(key);
        if (!now.before.has(id)) now.before.set(id, { key, item: read(key) });
        reads.push(now.before.get(id)!.item);
      }
      // Each item as it was before this request first wrote it.
      await Promise.all(reads);
      const sent = next(args);
      now.inFlight.push(sent.catch(() => undefined));
      return sent;
    },
    { step: 'initialize', name: 'testWriteRecorder' },
  );

  return {
    changedDuring: async <T>(fn: () => Promise<T>) => {
      const now: NonNullable<typeof recording> = { before: new Map(), inFlight: [], unparsed: [] };
      recording = now;
      let result: T;
      try {
        result = await fn();
      } finally {
        recording = undefined;
      }
      await Promise.all(now.inFlight);
      if (now.unparsed.length > 0) throw new Error(`write recorder: cannot tell which items ${now.unparsed.join(', ')} wrote; teach test/support/write-recorder.ts to read them`);
      const changed = await Promise.all([...now.before.values()].map(async ({ key, item }) => ((await item) === (await read(key)) ? [] : [key])));
      return { result, changed: changed.flat() };
    },
    close: () => reader.destroy(),
  };
};
