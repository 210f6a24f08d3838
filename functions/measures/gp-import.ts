import * as z from 'zod/mini';
import { MeasurementBody, measuredValues, MeasurementRuleError } from '../../shared/domain/health';
import { parseGpObservation, parseGpPatient } from '../../shared/domain/fhir-observation';
import { toFieldIssue } from '../../shared/domain/zod';
import { NotFoundError } from '../../shared/http/problem';
import type { RouteContext } from '../../shared/http/route';
import { identifyPatients, identityKey, type Identified } from '../../shared/record/identify-patients';
import { recordMeasurements, type EntryToRecord } from './record';

export const MAX_BUNDLE_OBSERVATIONS = 100;
/** Observations and the Patient entries that name their patients: at most one Patient per Observation. */
const MAX_BUNDLE_ENTRIES = 2 * MAX_BUNDLE_OBSERVATIONS;
const isA = (type: string) => (entry: { resource?: unknown }) => (entry.resource as { resourceType?: unknown } | null | undefined)?.resourceType === type;

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
    .check(
      z.minLength(1),
      z.maxLength(MAX_BUNDLE_ENTRIES),
      z.refine((entries) => entries.filter(isA('Observation')).length <= MAX_BUNDLE_OBSERVATIONS, `must hold at most ${MAX_BUNDLE_OBSERVATIONS} Observations`),
    ),
  signature: z.optional(z.unknown()),
});

export const ImportResult = z.strictObject({
  index: z.int(),
  observationId: z.optional(z.string()),
  /** `patient`: a Patient entry, naming the patient of the Observations with its NHS number. */
  result: z.enum(['created', 'duplicate', 'rejected', 'patient']),
  reason: z.optional(z.string()),
});
export type ImportResultT = z.infer<typeof ImportResult>;

/**
 * Same words for an NHS number nobody holds here, a date of birth that is not theirs, and a patient
 * who did not share with this GP: none of them tells who is registered, or when they were born.
 */
const NOT_SHARED = 'no patient with this NHS number and date of birth has shared health data with your organisation';
const CHUNK = 40;

/**
 * The dates of birth the bundle's Patient entries give, by NHS number; a Patient entry that cannot be
 * read, or gives a second date of birth for a number, is rejected, and so are that number's Observations.
 */
const patientsOf = (entries: readonly { resource?: unknown }[], results: ImportResultT[]): Map<string, string | undefined> => {
  const birthDates = new Map<string, string | undefined>();
  entries.forEach((entry, index) => {
    if (!isA('Patient')(entry)) return;
    const patient = parseGpPatient(entry.resource);
    if (!patient.ok) return void results.push({ index, result: 'rejected', reason: patient.reason });
    const known = birthDates.get(patient.nhsNumber);
    if (birthDates.has(patient.nhsNumber) && known !== patient.birthDate) {
      birthDates.set(patient.nhsNumber, undefined);
      return void results.push({ index, result: 'rejected', reason: 'Patient gives another birthDate for an NHS number named earlier in this bundle' });
    }
    birthDates.set(patient.nhsNumber, patient.birthDate);
    results.push({ index, result: 'patient' });
  });
  return birthDates;
};

/**
 * Imports a GP system's Bundle of Observations and the Patient entries that name their patients. Each
 * Observation gets its own result: created, duplicate (the same Observation id again, in this bundle or
 * before) or rejected with why. An Observation is attached to a patient only when its NHS number and
 * the date of birth its Patient entry gives both match the directory. Each patient's entries go in as
 * whole transactions, checked against that patient's consent (`health:contribute` to the GP's
 * organisation) and audited; a malformed entry never touches the table.
 */
export const importGpBundle = async (ctx: RouteContext<z.infer<typeof GpBundleBody>, unknown, unknown>): Promise<ImportResultT[]> => {
  const { deps } = ctx;
  const results: ImportResultT[] = [];
  const accepted: { index: number; observationId: string; nhsNumber: string; birthDate: string; entry: EntryToRecord }[] = [];
  const seen = new Set<string>();
  const birthDates = patientsOf(ctx.body.entry, results);

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
    if (!birthDates.has(parsed.nhsNumber)) return void reject("Observation's NHS number has no Patient entry in this bundle giving the patient's birthDate");
    const birthDate = birthDates.get(parsed.nhsNumber);
    if (birthDate === undefined) return void reject("Observation's NHS number has Patient entries with different birthDates in this bundle");
    if (seen.has(parsed.observationId)) return void results.push({ index, observationId: parsed.observationId, result: 'duplicate' });
    seen.add(parsed.observationId);
    accepted.push({ index, observationId: parsed.observationId, nhsNumber: parsed.nhsNumber, birthDate, entry: { ref: index, input: checked.data, externalId: parsed.observationId } });
  });

  // NHS number and date of birth to patient: looked up exactly, all at once; never guessed. A pair
  // that names nobody goes the way of a patient who did not share with this GP: the same consent read
  // and refusal log (in the no-patient log of the number), so that the time it takes does not tell.
  const identified = accepted.length ? await identifyPatients(deps, accepted) : new Map<string, Identified>();
  const byPatient = new Map<string, { noPatient: boolean; entries: typeof accepted }>();
  for (const a of accepted) {
    const who = identified.get(identityKey(a));
    if (!who) throw new Error('identifyPatients answered nothing for an accepted entry');
    const group = byPatient.get(who.patientId) ?? { noPatient: who.noPatient, entries: [] };
    group.entries.push(a);
    byPatient.set(who.patientId, group);
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
