import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { withActivity, type PatientOutcomeFacts } from '../../shared/domain/outcomes';
import type { Deps } from '../../shared/runtime/deps';
import { activityAt, PART_OF_ENTITY, patientOfKey, readPart, type OutcomePart } from '../../shared/store/outcome-sources';
import { applyPatientChange } from '../../shared/store/outcomes-repository';
import { latestOf } from '../../shared/domain/glance';
import { GLANCE_SOURCES, noteActivity, refreshGlance } from '../../shared/store/glance-repository';
import { streamedItem } from '../../shared/store/stream-records';

/** What a batch says about one patient: the parts to read again, the moments they were active, whether their glance's sources moved. */
interface PatientChanges {
  parts: Set<OutcomePart>;
  activity: string[];
  glance: boolean;
  records: string[];
}

const changesOf = (borough: string, records: readonly DynamoDBRecord[]): Map<string, PatientChanges> => {
  const byPatient = new Map<string, PatientChanges>();
  for (const r of records) {
    const item = streamedItem(r);
    if (!item) continue;
    const patientId = patientOfKey(borough, String(item.pk));
    const part = PART_OF_ENTITY[String(item.entity)];
    const at = activityAt(item);
    const glance = GLANCE_SOURCES.has(String(item.entity));
    if (!patientId || (!part && !at && !glance)) continue;
    const changes = byPatient.get(patientId) ?? { parts: new Set<OutcomePart>(), activity: [], glance: false, records: [] };
    if (part) changes.parts.add(part);
    if (at) changes.activity.push(at);
    if (glance) changes.glance = true;
    changes.records.push(r.dynamodb?.SequenceNumber ?? '');
    byPatient.set(patientId, changes);
  }
  return byPatient;
};

/**
 * Keeps the outcome aggregates, and each patient's glance for the care team's list, up to date from
 * the table's stream. The records of a batch are
 * grouped by patient, so each patient's contribution moves once per batch (one transaction, not one
 * per record); a patient whose update fails has all their records reported failed, to be retried
 * and then dead-lettered (partial batch response).
 */
export const makeOutcomesStreamHandler = (deps: Deps) => {
  const borough = deps.config.borough.id;
  const { logger } = deps.observability;
  const applyFor = async (patientId: string, changes: PatientChanges): Promise<void> => {
    if (changes.glance) await refreshGlance(deps.store, borough, patientId);
    const latest = latestOf(changes.activity);
    if (latest) await noteActivity(deps.store, borough, patientId, latest);
    if (changes.parts.size === 0 && changes.activity.length === 0) return;
    const fresh: Partial<PatientOutcomeFacts> = {};
    for (const part of changes.parts) Object.assign(fresh, await readPart(deps.store, borough, patientId, part));
    const change = (facts: PatientOutcomeFacts): PatientOutcomeFacts => {
      let next: PatientOutcomeFacts = { ...facts, ...fresh };
      // Questionnaires read back as none: drop what was there.
      if (changes.parts.has('reqol') && !fresh.reqol) delete next.reqol;
      if (changes.parts.has('messages') && !fresh.conversationMonths) delete next.conversationMonths;
      if (changes.parts.has('goals') && !fresh.programmes) delete next.programmes;
      for (const at of changes.activity) next = withActivity(next, at);
      return next;
    };
    await applyPatientChange(deps.store, borough, patientId, change, deps.config.borough.reqol);
  };
  return async (event: DynamoDBStreamEvent, _context: Context): Promise<DynamoDBBatchResponse> => {
    const groups = [...changesOf(borough, event.Records)];
    // One patient after another: they share the borough counters, and parallel transactions on the same item only conflict.
    const failed: string[] = [];
    for (const [patientId, changes] of groups) {
      try {
        await applyFor(patientId, changes);
      } catch (error) {
        logger.error('outcome update failed', { error: error as Error });
        failed.push(...changes.records);
      }
    }
    logger.debug('outcomes', { records: event.Records.length, patients: groups.length, failed: failed.length });
    return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
  };
};
