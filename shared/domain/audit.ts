import { createHash, createHmac } from 'node:crypto';
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
  /** How `hash` was made: `hmac-sha256` with the key `kid`; absent on entries written before the chain was keyed (sha256, no key). */
  alg?: typeof AUDIT_MAC_ALG;
  kid?: string;
  prevHash: string;
  hash: string;
}

export type AuditFacts = Omit<AuditEntry, 'seq' | 'prevHash' | 'hash' | 'alg' | 'kid'>;

export const AUDIT_MAC_ALG = 'hmac-sha256' as const;

/**
 * The secret that seals audit entries: an HMAC-SHA256 over each entry, so that only a holder of the
 * key can write an entry that verifies. `kid` names the key (a fingerprint, not the key).
 */
export interface AuditMac {
  readonly kid: string;
  mac(data: string): string;
}

/** An AuditMac of a 32-byte secret. Its kid is a fingerprint of the secret: it tells keys apart and reveals nothing of them. */
export const auditMacOf = (secret: Uint8Array): AuditMac => {
  if (secret.length < 32) throw new Error('An audit key needs at least 32 bytes.');
  const key = Buffer.from(secret);
  return {
    kid: createHmac('sha256', key).update('recovery-platform audit key id').digest('hex').slice(0, 16),
    mac: (data) => createHmac('sha256', key).update(data).digest('hex'),
  };
};

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

/**
 * The unkeyed hash of the entries written before the chain was keyed: sha256 over the canonical JSON
 * of every field but the hash. Anyone can compute it, so the verifier never accepts it (see verifyChain).
 */
export const unkeyedHash = (entry: Omit<AuditEntry, 'hash'>): string => createHash('sha256').update(canonicalJson(entry)).digest('hex');

/** The seal of an entry: the HMAC over the previous hash and every field of the entry (its alg and kid too) but its own hash. */
export const entryMac = (entry: Omit<AuditEntry, 'hash'>, key: AuditMac): string => key.mac(canonicalJson(entry));

/** The next link of a chain whose head is (seq, hash), sealed with the key. */
export const chainEntry = (facts: AuditFacts, head: { seq: number; hash: string }, key: AuditMac): AuditEntry => {
  const unsealed = { ...facts, alg: AUDIT_MAC_ALG, kid: key.kid, seq: head.seq + 1, prevHash: head.hash };
  return { ...unsealed, hash: entryMac(unsealed, key) };
};

/** The next links of a chain, in order, each on the one before. */
export const chainEntries = (facts: readonly AuditFacts[], head: { seq: number; hash: string }, key: AuditMac): AuditEntry[] => {
  const entries: AuditEntry[] = [];
  for (const f of facts) entries.push(chainEntry(f, entries.at(-1) ?? head, key));
  return entries;
};

/**
 * What the verifier found wrong with a chain, at an entry:
 * - `edited`: the entry's MAC does not verify with the key (its content changed, its hash did not);
 * - `rebuilt`: from this entry to the end, every MAC fails while every link holds: the chain was
 *   recomputed without the key (a wrong key, or the old unkeyed sha256: `unkeyed`);
 * - `unkeyed`: an entry sealed with plain sha256 (no key), which anyone who can write the table can make;
 * - `unknown-key`: an entry that names a key the verifier does not hold;
 * - `missing`, `out-of-order`, `broken-link`: a gap in the sequence, or a link to the wrong predecessor;
 * - `head-mismatch`: the head item disagrees with the last entry (a removed tail, a moved head).
 */
export interface ChainProblem {
  seq: number;
  problem: 'edited' | 'rebuilt' | 'unkeyed' | 'unknown-key' | 'missing' | 'broken-link' | 'out-of-order' | 'head-mismatch';
}

/** The keys a verifier holds, by kid (normally one; more after a rotation). */
export type AuditKeyring = ReadonlyMap<string, AuditMac>;

const sealProblem = (entry: AuditEntry, keys: AuditKeyring): ChainProblem['problem'] | undefined => {
  const { hash, ...rest } = entry;
  if (rest.alg === undefined && rest.kid === undefined) return 'unkeyed';
  const key = rest.kid === undefined ? undefined : keys.get(rest.kid);
  if (rest.alg !== AUDIT_MAC_ALG || !key) return 'unknown-key';
  return entryMac(rest, key) === hash ? undefined : 'edited';
};

/**
 * Checks a patient's chain, oldest first, against its head and the key: an edited entry fails its
 * MAC, a removed one leaves a gap in the sequence or a broken link, a removed tail disagrees with the
 * head, a chain recomputed without the key fails every MAC from where it was rebuilt. What the key
 * cannot show (a chain removed whole, a tail removed with its head moved back, a rebuild by someone
 * holding the key) the anchor does (shared/domain/audit-anchor.ts).
 */
export const verifyChain = (entries: readonly AuditEntry[], head: { seq: number; hash: string } | undefined, keys: AuditKeyring): ChainProblem[] => {
  const problems: ChainProblem[] = [];
  const unsealed: Unsealed[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) problems.push({ seq: expectedSeq, problem: entry.seq > expectedSeq ? 'missing' : 'out-of-order' });
    const seal = sealProblem(entry, keys);
    const linked = entry.prevHash === prevHash;
    if (seal) unsealed.push({ seq: entry.seq, problem: seal, linked });
    else if (!linked && entry.seq === expectedSeq) problems.push({ seq: entry.seq, problem: 'broken-link' });
    expectedSeq = entry.seq + 1;
    prevHash = entry.hash;
  }
  problems.push(...sealProblems(unsealed, entries.at(-1)?.seq));
  const last = entries.at(-1);
  const headSeq = head?.seq ?? 0;
  if (headSeq !== (last?.seq ?? 0) || (head && last && head.hash !== last.hash)) problems.push({ seq: headSeq, problem: 'head-mismatch' });
  return problems.sort((a, b) => a.seq - b.seq);
};

/**
 * Entries whose seal fails, as problems: a run of two or more that reaches the end of the chain with
 * every link holding is one rebuilt chain (named at its start; `unkeyed` when it was rebuilt with the
 * old sha256); any other is an edited entry (or one of an unknown key, or unkeyed) on its own.
 */
const sealProblems = (unsealed: readonly Unsealed[], lastSeq: number | undefined): ChainProblem[] => {
  // The run: from the end of the chain back, consecutive entries that fail their seal, each linked to the one before it.
  const run: Unsealed[] = [];
  let expected = lastSeq;
  for (const u of [...unsealed].reverse()) {
    if (!u.linked || u.seq !== expected) break;
    run.unshift(u);
    expected = u.seq - 1;
  }
  const plain = (list: readonly Unsealed[]): ChainProblem[] => list.map(({ seq, problem }) => ({ seq, problem }));
  const [first] = run;
  if (!first || run.length < 2) return plain(unsealed);
  return [...plain(unsealed.slice(0, unsealed.length - run.length)), { seq: first.seq, problem: run.every((u) => u.problem === 'unkeyed') ? 'unkeyed' : 'rebuilt' }];
};

interface Unsealed {
  seq: number;
  problem: ChainProblem['problem'];
  linked: boolean;
}
