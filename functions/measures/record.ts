import { flagsFor, measuredValues, UNITS, withMeasurement, type Measurement, type MeasurementInput, type Source } from '../../shared/domain/health';
import { patientRecord, type RecordOptions } from '../../shared/record/patient-record';
import { callerKey, callerView, signatureOf } from '../../shared/record/named-people';
import { GP_IMPORT_SIGNATURE } from './signed-measurements';
import type { RouteContext } from '../../shared/http/route';
import { keyId } from '../../shared/store/batch-get';
import { externalKey, fromSummaryItem, putExternalMarker, putMeasurementItem, putSummaryItem, summaryKey } from '../../shared/store/measurements-repository';

type AnyContext = RouteContext<unknown, unknown, unknown>;

export const GP_SOURCE = 'gp';

export interface EntryToRecord {
  /** The caller's name for the entry (its index in a bundle), to report its result. */
  ref: number;
  input: MeasurementInput;
  externalId?: string;
}

export type RecordResult = { ref: number; result: 'created'; measurement: Measurement } | { ref: number; result: 'duplicate' };

/**
 * Records measurements of one patient in one transaction: each measurement (and, when imported, the
 * marker of its source id, so a re-send is a duplicate), the health summary moved on, and, when the
 * author is not the patient, the audit entry. A concurrent change of the summary plans it again.
 */
export const recordMeasurements = (ctx: AnyContext, entries: readonly EntryToRecord[], source: Source, options: RecordOptions = {}): Promise<RecordResult[]> => {
  const { deps } = ctx;
  const borough = deps.config.borough.id;
  const markerKey = (patientId: string, id: string) => externalKey(borough, patientId, GP_SOURCE, id);
  return patientRecord(ctx, options).write(
    (patientId) => [summaryKey(borough, patientId), callerKey(ctx), ...entries.flatMap((e) => (e.externalId ? [markerKey(patientId, e.externalId)] : []))],
    (write) => {
      const current = fromSummaryItem(write.patientId, write.found.get(keyId(summaryKey(borough, write.patientId))));
      // A GP system is no person: its measurements are signed as the GP record's.
      const me = callerView(ctx, write.found);
      const signature = source === 'gp-import' ? GP_IMPORT_SIGNATURE : me ? signatureOf(me) : {};
      let summary = current;
      const items = [];
      const results: RecordResult[] = [];
      for (const entry of entries) {
        if (entry.externalId && write.found.has(keyId(markerKey(write.patientId, entry.externalId)))) {
          results.push({ ref: entry.ref, result: 'duplicate' });
          continue;
        }
        const values = measuredValues(entry.input);
        const type = entry.input.type;
        const measurement: Measurement = {
          measurementId: deps.ids(),
          patientId: write.patientId,
          type,
          ...values,
          unit: UNITS[type],
          at: entry.input.at ? new Date(entry.input.at).toISOString() : deps.clock().toISOString(),
          source: write.self ? 'self' : source,
          author: { userId: write.actor.id, ...(write.actor.org ? { org: write.actor.org } : {}), ...signature },
          ...(entry.externalId ? { externalId: entry.externalId } : {}),
          flags: flagsFor({ type, ...values }, deps.config.borough.healthThresholds),
        };
        items.push(putMeasurementItem(deps.store, borough, measurement));
        if (entry.externalId) items.push(putExternalMarker(deps.store, borough, write.patientId, GP_SOURCE, entry.externalId, measurement.measurementId));
        summary = withMeasurement(summary, measurement);
        results.push({ ref: entry.ref, result: 'created', measurement });
      }
      if (items.length > 0) items.push(putSummaryItem(deps.store, borough, { ...summary, version: current.version + 1 }, current.version));
      // A marker or the summary written meanwhile by another request: plan again on fresh reads.
      return { items, result: results, onConditionFailed: () => 'retry' as const };
    },
    options.patientId ? { action: 'health:contribute' } : {},
  );
};
