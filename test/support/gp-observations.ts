import type { Json } from './json';

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
    subject: { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber } },
    effectiveDateTime,
    ...fields,
  },
});

/** The Bundle a GP system sends. */
export const gpBundle = (entry: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry });
