import * as z from 'zod/mini';
import { parseGpPatient } from '../../shared/domain/fhir-observation';
import type { RouteContext } from '../../shared/http/route';
import { identifyPatients, identityKey, type Identified, type PatientIdentifiers } from '../../shared/record/identify-patients';

/** Whether a Bundle entry holds a resource of this type. */
export const isA = (type: string) => (entry: { resource?: unknown }) => (entry.resource as { resourceType?: unknown } | null | undefined)?.resourceType === type;

/**
 * A FHIR R4 Bundle from a GP or trust system of at most `max` resources of `type`, with a Patient
 * entry for each: the elements FHIR defines for a Bundle and nothing else (an unknown element is
 * invalid FHIR, and is refused rather than ignored); the entries' resources are checked one by one.
 */
export const importBundleBody = (type: string, max: number) =>
  z.strictObject({
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
        // At most one Patient entry per resource.
        z.maxLength(2 * max),
        z.refine((entries) => entries.filter(isA(type)).length <= max, `must hold at most ${max} ${type}s`),
      ),
    signature: z.optional(z.unknown()),
  });

/**
 * Same words for an NHS number nobody holds here, a date of birth that is not theirs, and a patient
 * who did not share with this organisation: none of them tells who is registered, or when they were born.
 */
export const NOT_SHARED = 'no patient with this NHS number and date of birth has shared health data with your organisation';

/** How many entries of one patient go in one transaction (each with its own items, under DynamoDB's 100). */
export const CHUNK = 40;

export type PatientEntryResult = { index: number; result: 'patient' } | { index: number; result: 'rejected'; reason: string };

/**
 * The dates of birth the bundle's Patient entries give, by NHS number; a Patient entry that cannot be
 * read, or gives a second date of birth for a number, is rejected, and so are that number's resources.
 */
export const patientsOf = (entries: readonly { resource?: unknown }[]): { birthDates: Map<string, string | undefined>; results: PatientEntryResult[] } => {
  const birthDates = new Map<string, string | undefined>();
  const results: PatientEntryResult[] = [];
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
  return { birthDates, results };
};

/** Why a resource's NHS number cannot be tied to a date of birth by the bundle's Patient entries, if it cannot. */
export const birthDateProblem = (birthDates: Map<string, string | undefined>, nhsNumber: string, type: string): string | undefined => {
  if (!birthDates.has(nhsNumber)) return `${type}'s NHS number has no Patient entry in this bundle giving the patient's birthDate`;
  if (birthDates.get(nhsNumber) === undefined) return `${type}'s NHS number has Patient entries with different birthDates in this bundle`;
  return undefined;
};

/**
 * The accepted entries by patient. NHS number and date of birth to patient: looked up exactly, all at
 * once; never guessed. A pair that names nobody goes the way of a patient who did not share with this
 * organisation (`noPatient`): the same consent read and refusal log, so that the time it takes does not tell.
 */
export const byPatient = async <E extends PatientIdentifiers>(ctx: RouteContext<unknown, unknown, unknown>, accepted: readonly E[]): Promise<Map<string, { noPatient: boolean; entries: E[] }>> => {
  const identified = accepted.length ? await identifyPatients(ctx.deps, accepted) : new Map<string, Identified>();
  const groups = new Map<string, { noPatient: boolean; entries: E[] }>();
  for (const a of accepted) {
    const who = identified.get(identityKey(a));
    if (!who) throw new Error('identifyPatients answered nothing for an accepted entry');
    const group = groups.get(who.patientId) ?? { noPatient: who.noPatient, entries: [] };
    group.entries.push(a);
    groups.set(who.patientId, group);
  }
  return groups;
};
