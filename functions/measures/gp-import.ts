import * as z from 'zod/mini';
import { MeasurementBody, measuredValues, MeasurementRuleError } from '../../shared/domain/health';
import { parseGpObservation } from '../../shared/domain/fhir-observation';
import { toFieldIssue } from '../../shared/domain/zod';
import { NotFoundError } from '../../shared/http/problem';
import type { RouteContext } from '../../shared/http/route';
import { birthDateProblem, byPatient, CHUNK, importBundleBody, isA, NOT_SHARED, patientsOf } from './bundle-import';
import { recordMeasurements, type EntryToRecord } from './record';

export const MAX_BUNDLE_OBSERVATIONS = 100;

export const GpBundleBody = importBundleBody('Observation', MAX_BUNDLE_OBSERVATIONS);

export const ImportResult = z.strictObject({
  index: z.int(),
  observationId: z.optional(z.string()),
  /** `patient`: a Patient entry, naming the patient of the Observations with its NHS number. */
  result: z.enum(['created', 'duplicate', 'rejected', 'patient']),
  reason: z.optional(z.string()),
});
export type ImportResultT = z.infer<typeof ImportResult>;

/**
 * Imports a GP system's Bundle of Observations and the Patient entries that name their patients. Each
 * Observation gets its own result: created, duplicate (the same Observation id again, in this bundle or
 * before) or rejected with why. An Observation is attached to a patient only when its NHS number and
 * the date of birth its Patient entry gives both match the directory. Each patient's entries go in as
 * whole transactions, checked against that patient's consent (`health:contribute` to the GP's
 * organisation) and audited; a malformed entry never touches the table.
 */
export const importGpBundle = async (ctx: RouteContext<z.infer<typeof GpBundleBody>, unknown, unknown>): Promise<ImportResultT[]> => {
  const results: ImportResultT[] = [];
  const accepted: { index: number; observationId: string; nhsNumber: string; birthDate: string; entry: EntryToRecord }[] = [];
  const seen = new Set<string>();
  const { birthDates, results: patientResults } = patientsOf(ctx.body.entry);
  results.push(...patientResults);

  ctx.body.entry.forEach(({ resource }, index) => {
    if (isA('Patient')({ resource })) return;
    const parsed = parseGpObservation(resource);
    if (!parsed.ok) return void results.push({ index, ...(parsed.observationId ? { observationId: parsed.observationId } : {}), result: 'rejected', reason: `Observation ${parsed.reason}` });
    const reject = (reason: string) => results.push({ index, observationId: parsed.observationId, result: 'rejected', reason });
    const checked = z.safeParse(MeasurementBody, parsed.input);
    if (!checked.success) {
      const [first] = checked.error.issues;
      return void reject(`value ${first ? toFieldIssue(first).detail : 'is not valid'}`);
    }
    try {
      measuredValues(checked.data);
    } catch (error) {
      if (error instanceof MeasurementRuleError) return void reject(error.message);
      throw error;
    }
    const problem = birthDateProblem(birthDates, parsed.nhsNumber, 'Observation');
    const birthDate = birthDates.get(parsed.nhsNumber);
    if (problem !== undefined || birthDate === undefined) return void reject(problem ?? 'no birthDate');
    if (seen.has(parsed.observationId)) return void results.push({ index, observationId: parsed.observationId, result: 'duplicate' });
    seen.add(parsed.observationId);
    accepted.push({ index, observationId: parsed.observationId, nhsNumber: parsed.nhsNumber, birthDate, entry: { ref: index, input: checked.data, externalId: parsed.observationId } });
  });

  const groups = await byPatient(ctx, accepted);
  for (const [patientId, { noPatient, entries }] of groups) {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      try {
        const recorded = await recordMeasurements(
          ctx,
          chunk.map((c) => c.entry),
          'gp-import',
          { patientId, noPatient },
        );
        const idOf = new Map(chunk.map((c) => [c.index, c.observationId]));
        for (const r of recorded) results.push({ index: r.ref, observationId: idOf.get(r.ref) ?? '', result: r.result });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        // The patient did not share with this GP: the refusal is in their access log.
        for (const c of chunk) results.push({ index: c.index, observationId: c.observationId, result: 'rejected', reason: NOT_SHARED });
        break;
      }
    }
  }
  return results.sort((a, b) => a.index - b.index);
};
