import { anchorBytes, anchorName, entriesToCompare, nextAnchor, signedAnchorSchema, type AnchorProblem, type AuditAnchor, type SignedAnchor } from '../domain/audit-anchor';
import type { AnchorStore } from '../runtime/anchor-store';
import type { AnchorSigner } from '../runtime/audit-key';
import type { Store } from '../runtime/deps';
import { readBoroughHeads, readEntriesAt } from './audit-verify';

/** An anchor that does not parse, is of another borough, or whose signature does not verify: nothing may rely on it. */
export class AnchorSignatureError extends Error {
  constructor(where: string, why: string) {
    super(`The latest audit anchor ${where} cannot be trusted: ${why}.`);
    this.name = 'AnchorSignatureError';
  }
}

/** The latest anchor of a borough, its signature checked first; undefined when none was written yet. */
export const latestAnchor = async (anchors: AnchorStore, signer: AnchorSigner, borough: string): Promise<{ name: string; anchor: AuditAnchor } | undefined> => {
  const latest = await anchors.latest();
  if (!latest) return undefined;
  const where = `${anchors.where}${latest.name}`;
  let signed: SignedAnchor;
  try {
    const parsed = signedAnchorSchema.safeParse(JSON.parse(latest.text));
    if (!parsed.success) throw new AnchorSignatureError(where, 'it is not an anchor');
    signed = parsed.data;
  } catch (error) {
    if (error instanceof AnchorSignatureError) throw error;
    throw new AnchorSignatureError(where, 'it is not JSON');
  }
  if (!(await signer.verify(anchorBytes(signed.anchor), signed.signature))) throw new AnchorSignatureError(where, 'its signature does not verify');
  if (signed.anchor.borough !== borough) throw new AnchorSignatureError(where, `it is of borough "${signed.anchor.borough}"`);
  return { name: latest.name, anchor: signed.anchor };
};

/**
 * Anchors a borough's audit: reads every chain head (and tombstone), carries forward the latest
 * anchor's claims (shared/domain/audit-anchor.ts `nextAnchor`), signs the result and writes it as a
 * new object. Returns what it wrote and the problems it saw (each one tampering, or a fault to look into).
 */
export const anchorBoroughAudit = async (input: {
  store: Store;
  borough: string;
  signer: AnchorSigner;
  anchors: AnchorStore;
  at: Date;
}): Promise<{ name: string; anchor: AuditAnchor; problems: AnchorProblem[] }> => {
  const { store, borough, signer, anchors, at } = input;
  const previous = await latestAnchor(anchors, signer, borough);
  const now = await readBoroughHeads(store, borough);
  const entryAt = await readEntriesAt(store, borough, entriesToCompare(previous?.anchor, now));
  const { anchor, problems } = nextAnchor({ borough, at, ...(previous ? { previous } : {}), now, entryAt });
  const signed: SignedAnchor = { anchor, signature: await signer.sign(anchorBytes(anchor)) };
  const name = anchorName(at);
  await anchors.put(name, `${JSON.stringify(signed, null, 1)}\n`);
  return { name, anchor, problems };
};
