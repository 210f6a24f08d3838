import { noPatientId } from '../../shared/record/no-patient-id';
import * as z from 'zod/mini';
import { MeasurementBody, measuredValues, MeasurementRuleError } from '../../shared/domain/health';
import { parseGpObservation } from '../../shared/domain/fhir-observation';
import { toFieldIssue } from '../../shared/domain/zod';
import { NotFoundError } from '../../shared/http/problem';
import type { RouteContext } from '../../shared/http/route';
import { batchGet, keyId } from '../../shared/store/batch-get';
import { nhsNumberKey } from '../../shared/store/keys';
import { recordMeasurements, type EntryToRecord } from './record';

export const MAX_BUNDLE_ENTRIES = 100;

/**
 * A FHIR R4 Bundle: the elements FHIR defines for it and nothing else (an unknown element is invalid
 * FHIR, and is refused rather than ignored); the entries' resources are checked one by one.
 */
export const GpBundleBody = z.strictObject({
  resourceType: z.literal('Bundle'),
  id: z.optional(z.string()),
  meta: z.optional(z.unknown()),
  implicitRules: z.optional(z.string()),
  language: z.optional(z.string()),
  identifier: z.optional(z.unknown()),
  type: z.enum(['batch', 'transaction', 'collection', 'message']),
  timestamp: z.optional(z.string()),
  total: z.optional(z.int()),
  link: z.optional(z.array(z.unknown())),
  entry: z
    .array(
      z.strictObject({
        link: z.optional(z.array(z.unknown())),
        fullUrl: z.optional(z.string()),
        resource: z.unknown(),
        search: z.optional(z.unknown()),
        request: z.optional(z.unknown()),
        response: z.optional(z.unknown()),
      }),
    )
    .check(z.minLength(1), z.maxLength(MAX_BUNDLE_ENTRIES)),
  signature: z.optional(z.unknown()),
});

export const ImportResult = z.strictObject({
  index: z.int(),
  observationId: z.optional(z.string()),
  result: z.enum(['created', 'duplicate', 'rejected']),
  reason: z.optional(z.string()),
});
export type ImportResultT = z.infer<typeof ImportResult>;

/** Same words for an NHS number nobody holds here and for a patient who did not share with this GP. */
const NOT_SHARED = 'no patient with this NHS number has shared health data with your organisation';
const CHUNK = 40;

/**
 * Imports a GP system's Bundle of Observations. Each entry gets its own result: created, duplicate
 * (the same Observation id again, in this bundle or before) or rejected with why. Each patient's
 * entries go in as whole transactions, checked against that patient's consent (`health:contribute`
 * to the GP's organisation) and audited; a malformed entry never touches the table.
 */
export const importGpBundle = async (ctx: RouteContext<z.infer<typeof GpBundleBody>, unknown, unknown>): Promise<ImportResultT[]> => {
  const { deps } = ctx;
  const borough = deps.config.borough.id;
  const results: ImportResultT[] = [];
  const accepted: { index: number; observationId: string; nhsNumber: string; entry: EntryToRecord }[] = [];
  const seen = new Set<string>();

  ctx.body.entry.forEach(({ resource }, index) => {
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
    if (seen.has(parsed.observationId)) return void results.push({ index, observationId: parsed.observationId, result: 'duplicate' });
    seen.add(parsed.observationId);
    accepted.push({ index, observationId: parsed.observationId, nhsNumber: parsed.nhsNumber, entry: { ref: index, input: checked.data, externalId: parsed.observationId } });
  });

  // NHS number to patient: looked up exactly, all at once; never guessed.
  const nhsNumbers = [...new Set(accepted.map((a) => a.nhsNumber))];
  const found = nhsNumbers.length
    ? await batchGet(
        deps.store,
        nhsNumbers.map((n) => nhsNumberKey(borough, n)),
      )
    : new Map<string, Record<string, unknown>>();
  // A number nobody holds here goes the way of a patient who did not share with this GP: the same
  // consent read and refusal log (in the no-patient log), so that the time it takes does not tell.
  const byPatient = new Map<string, { noPatient: boolean; entries: typeof accepted }>();
  for (const a of accepted) {
    const linked = found.get(keyId(nhsNumberKey(borough, a.nhsNumber)))?.patientId;
    const patientId = typeof linked === 'string' ? linked : undefined;
    const id = patientId ?? noPatientId(borough, a.nhsNumber);
    const group = byPatient.get(id) ?? { noPatient: patientId === undefined, entries: [] };
    group.entries.push(a);
    byPatient.set(id, group);
  }

  for (const [patientId, { noPatient, entries }] of byPatient) {
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
