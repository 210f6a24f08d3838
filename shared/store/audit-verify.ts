import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { verifyChain, type AuditKeyring, type ChainProblem } from '../domain/audit';
import { checkAgainstAnchor, type AnchorFinding, type AuditAnchor, type HeadNow } from '../domain/audit-anchor';
import type { Store } from '../runtime/deps';
import { readChain } from './audit-repository';
import { auditSk, patientPartition, SK } from './keys';
import { scanAll } from './query-all';
import { batchGet, keyId } from './batch-get';

type Item = Record<string, unknown>;

export interface ChainReport {
  patientId: string;
  entries: number;
  problems: ChainProblem[];
  /** Against the latest anchor, when one was given and it names the patient. */
  anchor?: AnchorFinding;
}

const headOf = (value: unknown): { seq: number; hash: string } | undefined => {
  const head = value as { seq?: unknown; hash?: unknown } | undefined;
  return typeof head?.seq === 'number' && typeof head.hash === 'string' ? { seq: head.seq, hash: head.hash } : undefined;
};

/**
 * Every chain head of a borough, and the heads the retention sweep's tombstones kept. A Scan with a
 * filter: for the anchor job and this offline check only, never a request (docs/security.md says why
 * a Scan, with its cost, and when to move to a sparse index).
 */
export const readBoroughHeads = async (store: Store, borough: string): Promise<HeadNow[]> => {
  const prefix = patientPartition(borough, '');
  const items = await scanAll(store, {
    FilterExpression: 'sk IN (:head, :removed) AND begins_with(pk, :prefix)',
    ExpressionAttributeNames: { '#hash': 'hash' },
    ExpressionAttributeValues: { ':head': SK.auditHead, ':removed': SK.recordRemoved, ':prefix': prefix },
    ProjectionExpression: 'pk, sk, seq, #hash, removedAt, auditHead',
  });
  const heads = new Map<string, HeadNow>();
  for (const item of items) {
    const patientId = String(item.pk).slice(prefix.length);
    if (item.sk === SK.auditHead) {
      const head = headOf(item);
      if (head) heads.set(patientId, { patientId, ...head });
    } else {
      const head = headOf(item.auditHead);
      // A head item beside a tombstone wins: the chain is what it says.
      if (head && !heads.has(patientId)) heads.set(patientId, { patientId, ...head, removedAt: String(item.removedAt) });
    }
  }
  return [...heads.values()].sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
};

/** The entries at some seqs of some patients' chains (the anchor job compares each with what was anchored). */
export const readEntriesAt = async (store: Store, borough: string, wanted: readonly { patientId: string; seq: number }[]): Promise<Map<string, { seq: number; hash: string }>> => {
  const key = (w: { patientId: string; seq: number }) => ({ pk: patientPartition(borough, w.patientId), sk: auditSk(w.seq) });
  const found = await batchGet(store, wanted.map(key));
  return new Map(
    wanted.flatMap((w) => {
      const item = found.get(keyId(key(w)));
      return item ? [[w.patientId, { seq: Number(item.seq), hash: String(item.hash) }] as const] : [];
    }),
  );
};

const tombstoneHead = async (store: Store, borough: string, patientId: string): Promise<{ seq: number; hash: string } | undefined> => {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: { pk: patientPartition(borough, patientId), sk: SK.recordRemoved }, ConsistentRead: true }));
  return headOf((Item as Item | undefined)?.auditHead);
};

/**
 * Re-computes every audit chain of a borough (or one patient's) with the key, and, given the latest
 * anchor (its signature already checked), checks each anchored patient against it: edited, missing,
 * re-ordered or unkeyed entries, heads that disagree with their chain, and chains removed, rolled
 * back or rebuilt since they were anchored. A patient anchored and since removed by the retention
 * sweep is `removed-by-retention` when its tombstone's head agrees with the anchor.
 * @example const reports = await verifyBoroughAudit(store, 'city-and-hackney', keys, { anchor })
 */
export const verifyBoroughAudit = async (store: Store, borough: string, keys: AuditKeyring, options: { patientId?: string; anchor?: AuditAnchor } = {}): Promise<ChainReport[]> => {
  const anchored = new Map((options.anchor?.heads ?? []).map((h) => [h.patientId, h]));
  const patients = options.patientId
    ? [options.patientId]
    : [...new Set([...(await readBoroughHeads(store, borough)).filter((h) => h.removedAt === undefined).map((h) => h.patientId), ...anchored.keys()])].sort();
  const reports: ChainReport[] = [];
  for (const id of patients) {
    const { entries, head } = await readChain(store, borough, id);
    const present = head !== undefined || entries.length > 0;
    const claim = anchored.get(id);
    const finding = claim ? checkAgainstAnchor(claim, present ? { head, entries } : undefined, present ? undefined : await tombstoneHead(store, borough, id)) : undefined;
    if (!present && !claim && !options.patientId) continue;
    reports.push({ patientId: id, entries: entries.length, problems: present ? verifyChain(entries, head, keys) : [], ...(finding ? { anchor: finding } : {}) });
  }
  return reports;
};
