import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { canonicalJson, type AuditEntry } from './audit';

/**
 * What an anchor claims of one patient's chain: its head (seq, hash) when anchored; `removedAt` when
 * the retention sweep had removed the record (the head is then the one its tombstone kept).
 */
export interface AnchoredHead {
  patientId: string;
  seq: number;
  hash: string;
  removedAt?: string;
}

/**
 * A signed digest of every chain head of a borough at a time, written where nobody can change or
 * remove it (S3 Object Lock in compliance mode; locally a folder). Each anchor carries forward what
 * the one before claimed, unless the chain moved on from it (see nextAnchor), so the latest alone
 * holds every claim ever made, and `previous` links it to the one before.
 */
export interface AuditAnchor {
  v: 1;
  borough: string;
  at: string;
  previous?: { name: string; sha256: string };
  heads: AnchoredHead[];
}

export interface AnchorSignature {
  /** `hmac-sha256` (the local key) or `ecdsa-p256-sha256` (a KMS asymmetric key). */
  alg: string;
  keyId: string;
  value: string;
}

export interface SignedAnchor {
  anchor: AuditAnchor;
  signature: AnchorSignature;
}

const head = z.strictObject({
  patientId: z.string().check(z.minLength(1)),
  seq: z.number().check(z.int(), z.minimum(0)),
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  removedAt: z.optional(z.string()),
});

/** A signed anchor as read back from the bucket or folder: checked before anything trusts it (the signature is checked next). */
export const signedAnchorSchema = z.strictObject({
  anchor: z.strictObject({
    v: z.literal(1),
    borough: z.string(),
    at: z.string(),
    previous: z.optional(z.strictObject({ name: z.string(), sha256: z.string() })),
    heads: z.array(head),
  }),
  signature: z.strictObject({ alg: z.string(), keyId: z.string(), value: z.string() }),
});

/** The bytes an anchor's signature is over: its canonical JSON. */
export const anchorBytes = (anchor: AuditAnchor): Buffer => Buffer.from(canonicalJson(anchor), 'utf8');

/** The sha256 of an anchor, by which the next one names it. */
export const anchorDigest = (anchor: AuditAnchor): string => createHash('sha256').update(anchorBytes(anchor)).digest('hex');

/**
 * An anchor's object name: the time inverted first, so that a listing (S3 lists in ascending order)
 * gives the newest first, then the time as people read it.
 * @example anchorName(new Date('2026-12-01T03:00:00Z')) // '8235199199999-2026-12-01T03-00-00-000Z.json'
 */
export const anchorName = (at: Date): string => `${String(10_000_000_000_000 - at.getTime()).padStart(13, '0')}-${at.toISOString().replace(/[:.]/g, '-')}.json`;

/** What the anchor job saw of one patient now: the head item, or the tombstone the retention sweep left. */
export interface HeadNow {
  patientId: string;
  seq: number;
  hash: string;
  removedAt?: string;
}

/** Why the anchor job kept a patient's earlier claim instead of what it read now: each is tampering, or a fault to look into. */
export interface AnchorProblem {
  patientId: string;
  problem: 'chain-removed' | 'rolled-back' | 'rebuilt';
  anchored: { seq: number; hash: string };
  now?: { seq: number; hash: string };
}

/**
 * The next anchor from the one before and what was read now. A chain that moved forward is taken as
 * it is now, if the entry at the seq anchored before still has the anchored hash (`entryAt`, read by
 * the caller for those patients: entries never change, so a different one means the chain was
 * rebuilt). Anything else (a chain gone without a tombstone, a head gone back, a rebuilt chain) keeps
 * the earlier claim and is reported: an anchor never forgets a claim, so the verifier's check against
 * the latest anchor still finds it.
 */
export const nextAnchor = (input: {
  borough: string;
  at: Date;
  previous?: { name: string; anchor: AuditAnchor };
  now: readonly HeadNow[];
  entryAt: ReadonlyMap<string, Pick<AuditEntry, 'seq' | 'hash'>>;
}): { anchor: AuditAnchor; problems: AnchorProblem[] } => {
  const now = new Map(input.now.map((h) => [h.patientId, h]));
  const before = new Map((input.previous?.anchor.heads ?? []).map((h) => [h.patientId, h]));
  const problems: AnchorProblem[] = [];
  const heads: AnchoredHead[] = [];
  for (const id of [...new Set([...before.keys(), ...now.keys()])].sort()) {
    const was = before.get(id);
    const is = now.get(id);
    const problem = was ? anchorProblem(was, is, input.entryAt.get(id)) : undefined;
    if (problem && was) problems.push({ patientId: id, problem, anchored: { seq: was.seq, hash: was.hash }, ...(is ? { now: { seq: is.seq, hash: is.hash } } : {}) });
    const kept = problem || !is ? was : is;
    if (kept) heads.push({ patientId: id, seq: kept.seq, hash: kept.hash, ...(kept.removedAt ? { removedAt: kept.removedAt } : {}) });
  }
  const anchor: AuditAnchor = {
    v: 1,
    borough: input.borough,
    at: input.at.toISOString(),
    ...(input.previous ? { previous: { name: input.previous.name, sha256: anchorDigest(input.previous.anchor) } } : {}),
    heads,
  };
  return { anchor, problems };
};

/** What is wrong with a chain now against what was anchored, if anything. */
const anchorProblem = (was: AnchoredHead, is: HeadNow | undefined, entryAtWas: Pick<AuditEntry, 'seq' | 'hash'> | undefined): AnchorProblem['problem'] | undefined => {
  if (!is) return 'chain-removed';
  if (is.seq < was.seq) return 'rolled-back';
  if (is.seq === was.seq) return is.hash === was.hash ? undefined : 'rebuilt';
  // A record removed by retention keeps no entries to compare: its tombstone's head is all there is.
  if (is.removedAt !== undefined) return undefined;
  return entryAtWas?.seq === was.seq && entryAtWas.hash === was.hash ? undefined : 'rebuilt';
};

/** The patients whose chain moved past what the anchor before claimed: for them the caller reads the entry at the anchored seq. */
export const entriesToCompare = (previous: AuditAnchor | undefined, now: readonly HeadNow[]): { patientId: string; seq: number }[] => {
  const before = new Map((previous?.heads ?? []).map((h) => [h.patientId, h]));
  return now.flatMap((h) => {
    const was = before.get(h.patientId);
    return was && was.seq > 0 && h.seq > was.seq && h.removedAt === undefined ? [{ patientId: h.patientId, seq: was.seq }] : [];
  });
};

/**
 * What the verifier found of one anchored patient: `chain-removed` (no chain and no tombstone),
 * `rolled-back` (the head, or the tombstone's, is below the anchored seq), `rebuilt` (the entry at the
 * anchored seq, or the head there, has another hash), `removed-by-retention` (no chain, a tombstone
 * whose head agrees: not a problem, reported so the count adds up).
 */
export type AnchorFinding = 'chain-removed' | 'rolled-back' | 'rebuilt' | 'removed-by-retention';

/**
 * Checks one patient's chain now against what the anchor claimed: `chain` is undefined when the
 * patient has no head and no entries; `tombstone` is the head the retention sweep's tombstone kept.
 */
export const checkAgainstAnchor = (
  anchored: AnchoredHead,
  chain: { head: { seq: number; hash: string } | undefined; entries: readonly Pick<AuditEntry, 'seq' | 'hash'>[] } | undefined,
  tombstone: { seq: number; hash: string } | undefined,
): AnchorFinding | undefined => {
  const present = chain && (chain.head !== undefined || chain.entries.length > 0);
  if (!present) {
    if (!tombstone) return 'chain-removed';
    if (tombstone.seq < anchored.seq) return 'rolled-back';
    if (tombstone.seq === anchored.seq && tombstone.hash !== anchored.hash) return 'rebuilt';
    return 'removed-by-retention';
  }
  const headSeq = Math.max(chain.head?.seq ?? 0, chain.entries.at(-1)?.seq ?? 0);
  if (headSeq < anchored.seq) return 'rolled-back';
  if (anchored.seq === 0) return undefined;
  const entry = chain.entries.find((e) => e.seq === anchored.seq);
  // A missing entry at the anchored seq is the chain check's `missing`; a different one is a rebuild.
  return entry && entry.hash !== anchored.hash ? 'rebuilt' : undefined;
};
