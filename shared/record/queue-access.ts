import { auditFacts } from '../domain/audit';
import { decideAccess, type ConsentAction } from '../domain/consent';
import type { RouteContext } from '../http/route';
import { appendAuditEntries, readAuditHeads } from '../store/audit-repository';
import { callerOf } from '../http/request-actor';

type AnyContext = RouteContext<unknown, unknown, unknown>;

/**
 * A work queue across patients (the PHB advisors' queue of requests) shows several patients at once.
 * Each patient shown passes the same decision point as any record, on the basis of the process the
 * patient started: a PHB request is processed by the borough's PHB team because the patient submitted
 * it (reason `phb-process`), and that basis is what the patient's access log shows. Nobody sees their
 * own request in the queue (they would act on it as staff). Returns the patients who may be shown, and
 * what `alongside` read of them (e.g. their names) at the same time as the audit heads: no extra round trip.
 * @example const { shown } = await decideForQueue(ctx, page.items.map((r) => r.patientId), 'phb:read');
 */
export const decideForQueue = async <T = undefined>(
  ctx: AnyContext,
  patientIds: readonly string[],
  action: ConsentAction,
  alongside?: (shown: readonly string[]) => Promise<T>,
): Promise<{ shown: Set<string>; read: T | undefined }> => {
  const actor = callerOf(ctx);
  const borough = ctx.deps.config.borough.id;
  const now = ctx.deps.clock();
  const decided = [...new Set(patientIds)].map((patientId) => ({ patientId, decision: decideAccess(actor, action, { borough, patientId }, [], now) }));
  const shown = decided.filter(({ decision }) => decision.allow && decision.reason === 'phb-process');
  const ids = shown.map((s) => s.patientId);
  const [heads, read, key] = await Promise.all([readAuditHeads(ctx.deps.store, borough, ids), alongside?.(ids), ctx.deps.auditKey.current()]);
  await appendAuditEntries(
    ctx.deps.store,
    borough,
    shown.map(({ patientId, decision }) => auditFacts(actor, patientId, action, ctx.operation, decision, now)),
    key,
    heads,
  );
  return { shown: new Set(ids), read };
};
