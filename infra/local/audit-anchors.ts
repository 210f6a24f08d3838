import { join } from 'node:path';
import { folderAnchorStore } from '../../shared/runtime/anchor-store';
import type { AnchorSigner } from '../../shared/runtime/audit-key';
import { anchorBoroughAudit } from '../../shared/store/audit-anchoring';
import type { BoroughRuntime } from './platform';
import { errorMessage, repeat } from './repeat';

/** How often the local platform anchors each borough's audit (in AWS: every hour; docs/security.md). */
export const LOCAL_ANCHOR_MS = 10 * 60_000;

/**
 * The local stand-in for the anchor function's hourly schedule: a timer per borough writing a signed
 * anchor into `<dir>/<borough>/`, the first one at start (after the seed). A problem the anchor job
 * saw is logged as an error, as the anchor function's would be.
 */
export const startAuditAnchors = (runtimes: readonly BoroughRuntime[], dir: string, signer: AnchorSigner, everyMs = LOCAL_ANCHOR_MS): { stop(): void } => {
  const timers = runtimes.map((runtime) => {
    const { deps } = runtime;
    const anchors = folderAnchorStore(join(dir, runtime.config.id));
    // Held to the anchor function's table access, as in AWS.
    const anchor = runtime.runAs('audit-anchor', () => anchorBoroughAudit({ store: deps.store, borough: runtime.config.id, signer, anchors, at: deps.clock() }));
    const anchorAndReport = async () => {
      const { problems } = await anchor();
      for (const p of problems) deps.observability.logger.error('an anchored audit chain was tampered with', { patientId: p.patientId, problem: p.problem });
    };
    return repeat(anchorAndReport, everyMs, (error) => deps.observability.logger.error('the audit anchor failed', { error: errorMessage(error) }));
  });
  return { stop: () => timers.forEach((timer) => clearInterval(timer)) };
};
