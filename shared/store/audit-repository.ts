import { cancelledBy } from './transaction-errors';
import { GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { chainEntry, GENESIS_HASH, type AuditEntry, type AuditFacts } from '../domain/audit';
import type { Store } from '../runtime/deps';
import { auditSk, patientPartition, SK, type ItemKey } from './keys';
import { queryAll } from './query-all';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;

export interface ChainHead {
  seq: number;
  hash: string;
}

export const EMPTY_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

export const auditHeadKey = (borough: string, patientId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: SK.auditHead });

export const headFromItem = (item: Item | undefined): ChainHead => (item ? { seq: Number(item.seq), hash: String(item.hash) } : EMPTY_HEAD);

export const fromAuditItem = (item: Item): AuditEntry => {
  const { pk: _pk, sk: _sk, entity: _e, ...entry } = item;
  return entry as unknown as AuditEntry;
};

/**
 * The two writes that append an entry: move the head from (seq, hash) to the new entry, only if no
 * one else moved it first, and put the entry, which never existed. Part of the caller's transaction.
 */
export const appendAuditItems = (store: Store, borough: string, head: ChainHead, facts: AuditFacts): { items: TransactItem[]; entry: AuditEntry } => {
  const entry = chainEntry(facts, head);
  const key = auditHeadKey(borough, facts.patientId);
  return {
    entry,
    items: [
      {
        Update: {
          TableName: store.tableName,
          Key: key,
          UpdateExpression: 'SET seq = :next, #hash = :hash, entity = :entity',
          ConditionExpression: head.seq === 0 ? 'attribute_not_exists(pk)' : 'seq = :seq',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: { ':next': entry.seq, ':hash': entry.hash, ':entity': 'audit-head', ...(head.seq === 0 ? {} : { ':seq': head.seq }) },
        },
      },
      {
        Put: {
          TableName: store.tableName,
          Item: { pk: key.pk, sk: auditSk(entry.seq), entity: 'audit', ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  };
};

export const readAuditHead = async (store: Store, borough: string, patientId: string): Promise<ChainHead> => {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: auditHeadKey(borough, patientId), ConsistentRead: true }));
  return headFromItem(Item);
};

const isConflict = (error: unknown): boolean => cancelledBy(error, ['ConditionalCheckFailed', 'TransactionConflict']);

/**
 * Appends one entry (for a read: the write that follows it). `head` is what the read saw; when
 * another request appended first, the head is read again and the entry re-linked.
 */
export const appendAudit = async (store: Store, borough: string, facts: AuditFacts, head: ChainHead): Promise<AuditEntry> => {
  let current = head;
  for (let attempt = 0; ; attempt++) {
    const { items, entry } = appendAuditItems(store, borough, current, facts);
    try {
      await store.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return entry;
    } catch (error) {
      if (!isConflict(error) || attempt >= 9) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * (attempt + 1)));
      current = await readAuditHead(store, borough, facts.patientId);
    }
  }
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
