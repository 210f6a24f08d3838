import { cancelledBy } from './transaction-errors';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { chainEntries, GENESIS_HASH, type AuditEntry, type AuditFacts, type AuditMac } from '../domain/audit';
import type { Store } from '../runtime/deps';
import { auditSk, patientPartition, SK, type ItemKey } from './keys';
import { batchGet, keyId } from './batch-get';
import { queryAll } from './query-all';
import type { TransactItem } from './transact';
import { withoutKeys } from './table-definition';

type Item = Record<string, unknown>;

export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

export const auditHeadKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.auditHead });

export const headFromItem = (item: Item | undefined): ChainHead => (item ? { seq: Number(item.seq), hash: String(item.hash) } : EMPTY_HEAD);

export const fromAuditItem = (item: Item): AuditEntry => {
  return withoutKeys(item) as unknown as AuditEntry;
};

/**
 * The writes that append entries to one patient's chain, in order: move the head from (seq, hash) to
 * the last of them, only if no one else moved it first, and put each entry, which never existed, sealed
 * with the audit key. Part of the caller's transaction. No entries, no writes.
 */
export const appendAuditItems = (store: Store, borough: string, head: ChainHead, facts: readonly AuditFacts[], seal: AuditMac): { items: TransactItem[]; entries: AuditEntry[] } => {
  const entries = chainEntries(facts, head, seal);
  const last = entries.at(-1);
  if (!last) return { items: [], entries };
  const key = auditHeadKey(borough, last.patientId);
  return {
    entries,
    items: [
      {
        Update: {
          TableName: store.tableName,
          Key: key,
          UpdateExpression: 'SET seq = :next, #hash = :hash, entity = :entity',
          ConditionExpression: head.seq === 0 ? 'attribute_not_exists(pk)' : 'seq = :seq',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: { ':next': last.seq, ':hash': last.hash, ':entity': 'audit-head', ...(head.seq === 0 ? {} : { ':seq': head.seq }) },
        },
      },
      ...entries.map((entry) => ({
        Put: {
          TableName: store.tableName,
          Item: { pk: key.pk, sk: auditSk(entry.seq), entity: 'audit', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ],
  };
};

const isConflict = (error: unknown): boolean => cancelledBy(error, ['ConditionalCheckFailed', 'TransactionConflict']);

/** Raised when a patient's audit chain stayed contended through every attempt: the caller may retry. */
export class AuditContentionError extends Error {
  constructor() {
    super('The audit log was too busy to append to; nothing was changed.');
    this.name = 'AuditContentionError';
  }
}

const MAX_TRANSACTION_ITEMS = 100;

/** The heads of several patients' chains, in one strongly consistent BatchGetItem. */
export const readAuditHeads = async (store: Store, borough: string, patientIds: readonly string[]): Promise<Map<string, ChainHead>> => {
  const found = await batchGet(
    store,
    patientIds.map((p) => auditHeadKey(borough, p)),
  );
  return new Map(patientIds.map((p) => [p, headFromItem(found.get(keyId(auditHeadKey(borough, p))))]));
};

/**
 * Appends entries to the chains of different patients, in as few transactions as DynamoDB allows (two
 * items each). `heads` are what the caller read, when it did; when another request appended first,
 * the heads are read again and the entries re-linked, with jittered backoff. Throws
 * AuditContentionError (a 503 for the caller) if the chains stay contended.
 */
export const appendAuditEntries = async (store: Store, borough: string, facts: readonly AuditFacts[], seal: AuditMac, heads?: ReadonlyMap<string, ChainHead>): Promise<AuditEntry[]> => {
  const entries: AuditEntry[] = [];
  for (let i = 0; i < facts.length; i += MAX_TRANSACTION_ITEMS / 2) {
    const chunk = facts.slice(i, i + MAX_TRANSACTION_ITEMS / 2);
    let current =
      heads && chunk.every((f) => heads.has(f.patientId))
        ? heads
        : await readAuditHeads(
            store,
            borough,
            chunk.map((f) => f.patientId),
          );
    for (let attempt = 0; ; attempt++) {
      const planned = chunk.map((f) => appendAuditItems(store, borough, current.get(f.patientId) ?? EMPTY_HEAD, [f], seal));
      try {
        await store.doc.send(new TransactWriteCommand({ TransactItems: planned.flatMap((p) => p.items) }));
        entries.push(...planned.flatMap((p) => p.entries));
        break;
      } catch (error) {
        if (!isConflict(error)) throw error;
        if (attempt >= 14) throw new AuditContentionError();
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));
        current = await readAuditHeads(
          store,
          borough,
          chunk.map((f) => f.patientId),
        );
      }
    }
  }
  return entries;
};

/** A page of a patient's access log, newest first; `before` is the seq to continue below. */
export const listAuditEntries = async (store: Store, borough: string, patientId: string, page: { limit: number; before?: number }): Promise<{ entries: AuditEntry[]; more: boolean }> => {
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: page.before === undefined ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk AND sk BETWEEN :prefix AND :below',
      ExpressionAttributeValues: {
        ':pk': patientPartition(borough, patientId),
        ':prefix': SK.auditPrefix,
        ...(page.before === undefined ? {} : { ':below': auditSk(page.before - 1) }),
      },
      ScanIndexForward: false,
      Limit: page.limit + 1,
    }),
  );
  const items = (result.Items ?? []).map(fromAuditItem);
  return { entries: items.slice(0, page.limit), more: items.length > page.limit };
};

/** The whole chain of a patient, oldest first, with its head: for the verifier. */
export const readChain = async (store: Store, borough: string, patientId: string): Promise<{ entries: AuditEntry[]; head: ChainHead | undefined }> => {
  const entries = (
    await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': patientPartition(borough, patientId), ':prefix': SK.auditPrefix },
      ConsistentRead: true,
    })
  ).map(fromAuditItem);
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: auditHeadKey(borough, patientId), ConsistentRead: true }));
  return { entries, head: Item ? headFromItem(Item) : undefined };
};
