import { demoUsers } from '../../infra/local/demo-users';
import { isValidNhsNumber } from '../../shared/domain/nhs-number';
import type { Json } from './json';

const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * An entry of a GP system's Bundle as the GP import takes it: an Observation with its LOINC code, of
 * the patient with this NHS number, and the fields of its value (`valueQuantity`, `component`...).
 * @example gpObservation('gp-1', '39156-5', '9434765919', { valueQuantity: { value: 27, code: 'kg/m2' } })
 */
export const gpObservation = (id: string, loinc: string, nhsNumber: string, fields: Json, effectiveDateTime = '2026-11-01T09:30:00Z') => ({
  resource: {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: nhsNumber } },
    effectiveDateTime,
    ...fields,
  },
});

/** The Patient entry naming a patient by NHS number and date of birth, as the GP import needs it. */
export const gpPatient = (nhsNumber: string, birthDate: string) => ({ resource: { resourceType: 'Patient', identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhsNumber }], birthDate } });

/** A demo patient's date of birth by NHS number (any borough), or a date of birth nobody here has. */
const demoBirthDate = (nhsNumber: string): string => ['city-and-hackney', 'other'].flatMap(demoUsers).find((u) => u.nhsNumber === nhsNumber)?.birthDate ?? '1970-01-01';

const observedNhsNumbers = (entry: unknown[]): string[] => {
  const numbers = entry
    .map((e) => (e as { resource?: { resourceType?: unknown; subject?: { identifier?: { value?: unknown } } } }).resource)
    .filter((r) => r?.resourceType === 'Observation')
    .map((r) => r?.subject?.identifier?.value);
  return [...new Set(numbers.filter((n): n is string => typeof n === 'string' && isValidNhsNumber(n)))];
};

/**
 * The Bundle a GP system sends: the entries given, then a Patient entry for each valid NHS number
 * they name, with that demo patient's date of birth (`birthDates` to give others).
 */
export const gpBundle = (entry: unknown[], birthDates: Record<string, string> = {}) => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: [...entry, ...observedNhsNumbers(entry).map((n) => gpPatient(n, birthDates[n] ?? demoBirthDate(n)))],
});
