import { createHash } from 'node:crypto';
import type { Actor } from './actor';
import type { ConsentAction, ConsentDecision } from './consent';

/** The hash before the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One access by someone other than the patient, as the patient reads it in their access log.
 * Ids and names of actions only: never the patient's words or measurements.
 */
export interface AuditEntry {
  seq: number;
  at: string;
  patientId: string;
  actorId: string;
  actorOrg?: string;
  actorRoles: string[];
  action: ConsentAction;
  /** The operation, e.g. `GET /patients/{patientId}/crisis-plan`. */
  operation: string;
  decision: 'allow' | 'deny';
  /** Why; `rate-limited` for refusals of a flood, which are summarised (shared/domain/refusal-log.ts). */
  reason: ConsentDecision['reason'] | 'rate-limited';
  grantId?: string;
  /** On a summary: how many refused attempts were held back from the log, from when to when. */
  refusals?: { count: number; from: string; to: string };
  prevHash: string;
  hash: string;
}

export type AuditFacts = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash'>;

/** The facts of an audit entry for a consent decision. */
export const auditFacts = (actor: Actor, patientId: string, action: ConsentAction, operation: string, decision: ConsentDecision, at: Date): AuditFacts => ({
  at: at.toISOString(),
  patientId,
  actorId: actor.id,
  ...(actor.org ? { actorOrg: actor.org } : {}),
  actorRoles: [...actor.roles],
  action,
  operation,
  decision: decision.allow ? 'allow' : 'deny',
  reason: decision.reason,
  ...('grantId' in decision && decision.grantId ? { grantId: decision.grantId } : {}),
});

/** JSON with sorted keys, so that the same entry always hashes the same. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** The hash of an entry: over the previous hash and every field of the entry but its own hash. */
export const entryHash = (entry: Omit<AuditEntry, 'hash'>): string => createHash('sha256').update(canonicalJson(entry)).digest('hex');

/** The next link of a chain whose head is (seq, hash). */
export const chainEntry = (facts: AuditFacts, head: { seq: number; hash: string }): AuditEntry => {
  const unsealed = { ...facts, seq: head.seq + 1, prevHash: head.hash };
  return { ...unsealed, hash: entryHash(unsealed) };
};

/** The next links of a chain, in order, each on the one before. */
export const chainEntries = (facts: readonly AuditFacts[], head: { seq: number; hash: string }): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  for (const f of facts) entries.push(chainEntry(f, entries.at(-1) ?? head));
  return entries;
};

export interface ChainProblem {
  seq: number;
  problem: 'edited' | 'missing' | 'broken-link' | 'out-of-order' | 'head-mismatch';
}

/**
 * Checks a patient's chain, oldest first, against its head: an edited entry breaks its own hash,
 * a removed one leaves a gap in the sequence or a broken link, a removed tail disagrees with the head.
 */
export const verifyChain = (entries: readonly AuditEntry[], head: { seq: number; hash: string } | undefined): ChainProblem[] => {
  const problems: ChainProblem[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) problems.push({ seq: expectedSeq, problem: entry.seq > expectedSeq ? 'missing' : 'out-of-order' });
    const { hash, ...rest } = entry;
    if (entryHash(rest) !== hash) problems.push({ seq: entry.seq, problem: 'edited' });
    else if (entry.prevHash !== prevHash && entry.seq === expectedSeq) problems.push({ seq: entry.seq, problem: 'broken-link' });
    expectedSeq = entry.seq + 1;
    prevHash = hash;
  }
  const last = entries[entries.length - 1];
  const headSeq = head?.seq ?? 0;
  if (headSeq !== (last?.seq ?? 0) || (head && last && head.hash !== last.hash)) problems.push({ seq: headSeq, problem: 'head-mismatch' });
  return problems;
};
