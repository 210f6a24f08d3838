import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { isRemovable } from '../../shared/domain/retention';
import type { Deps } from '../../shared/runtime/deps';
import { removeRecord } from '../../shared/store/record-removal';
import { dueRecords, readRetention } from '../../shared/store/retention-repository';

/** What the daily schedule sends the retention function (infra/stacks/borough-stack.ts). */
export interface RetentionSweepRequest {
  retentionSweep: true;
}

export const isRetentionSweepRequest = (event: unknown): event is RetentionSweepRequest =>
  typeof event === 'object' && event !== null && (event as { retentionSweep?: unknown }).retentionSweep === true;

/** Records looked at per query of the due index; a sweep takes a few such batches, the next one the rest. */
const SWEEP_BATCH = 25;
const SWEEP_ROUNDS = 8;

/**
 * Removes every closed record whose retention ended before now and that no legal hold keeps: one
 * Query of the due index (never a scan), and each record's retention read again, strongly, before
 * anything goes. Nothing is removed before its date; a held record is not in the index. One failing
 * record does not hold back the others; the sweep then fails, for the schedule's retry and alarm.
 */
export const sweepRetention = async (deps: Deps): Promise<{ removed: string[] }> => {
  const borough = deps.config.borough.id;
  const now = deps.clock();
  const { logger, metrics } = deps.observability;
  const removed: string[] = [];
  const failed: string[] = [];
  const seen = new Set<string>();
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const due = (await dueRecords(deps.store, borough, now, SWEEP_BATCH)).filter((d) => !seen.has(d.patientId));
    if (due.length === 0) break;
    for (const { patientId } of due) {
      seen.add(patientId);
      try {
        if (!isRemovable(await readRetention(deps.store, borough, patientId), now)) continue;
        await removeRecord(deps, patientId);
        removed.push(patientId);
      } catch (error) {
        failed.push(patientId);
        logger.error('a record could not be removed', { patientId, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
  // Ids only: nothing else of the record is left to name.
  logger.info('retention sweep', { removed, failed: failed.length });
  metrics.addMetric('RecordsRemoved', MetricUnit.Count, removed.length);
  if (failed.length > 0) throw new Error(`${failed.length} record(s) due for removal could not be removed: ${failed.join(', ')}`);
  return { removed };
};
