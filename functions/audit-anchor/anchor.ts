import type { Deps } from '../../shared/runtime/deps';
import { anchorBoroughAudit } from '../../shared/store/audit-anchoring';

/** What one run of the anchor wrote (ids and counts only). */
export interface AnchorRun {
  name: string;
  heads: number;
  problems: number;
}

/**
 * The scheduled anchor of a borough's audit (EventBridge, every hour): a signed digest of every chain
 * head into the Object Lock bucket. A chain anchored before and now removed, rolled back or rebuilt is
 * logged (patient id and kind, never content) and the run fails after writing, so that the function's
 * error alarm tells the operators; the anchor keeps the earlier claim, so nothing is laundered.
 */
export const makeAnchorHandler = (deps: Deps) => async (): Promise<AnchorRun> => {
  const { anchoring } = deps;
  if (!anchoring) throw new Error('The anchor function has no anchor bucket (AUDIT_ANCHOR_BUCKET).');
  const borough = deps.config.borough.id;
  const { name, anchor, problems } = await anchorBoroughAudit({ store: deps.store, borough, signer: anchoring.signer, anchors: anchoring.anchors, at: deps.clock() });
  const { logger } = deps.observability;
  for (const p of problems)
    logger.error('an anchored audit chain was tampered with', { patientId: p.patientId, problem: p.problem, anchoredSeq: p.anchored.seq, ...(p.now ? { seqNow: p.now.seq } : {}) });
  logger.info('audit anchored', { name, heads: anchor.heads.length, problems: problems.length });
  if (problems.length > 0) throw new Error(`${problems.length} anchored audit chains were removed, rolled back or rebuilt: see the log of this run.`);
  return { name, heads: anchor.heads.length, problems: problems.length };
};
