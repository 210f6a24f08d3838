import { NHS_NUMBER_SYSTEM } from './fhir-observation';
import type { Organisation } from './borough-config';
import { displayName, type Person } from './people';

type FhirResource = Record<string, unknown>;

/** A person's name as FHIR HumanName: official, and the name they go by when they gave one. */
const humanNames = (p: Person): FhirResource[] => {
  if (!p.name) return [{ text: displayName(p) }];
  const official = { use: 'official', family: p.name.family, given: [p.name.given], text: `${p.name.given} ${p.name.family}` };
  return p.name.preferred ? [official, { use: 'usual', family: p.name.family, given: [p.name.preferred], text: displayName(p) }] : [official];
};

/** The patient as a FHIR R4 Patient: NHS number, name, date of birth; `active` false once their account is closed or disabled. */
export const toFhirPatient = (p: Person, active: boolean): FhirResource => ({
  resourceType: 'Patient',
  id: p.userId,
  ...(p.nhsNumber ? { identifier: [{ system: NHS_NUMBER_SYSTEM, value: p.nhsNumber }] } : {}),
  active,
  name: humanNames(p),
  ...(p.birthDate ? { birthDate: p.birthDate } : {}),
});

/** Someone of the care team (or a paramedic, advisor, operator) as a FHIR R4 Practitioner: name only, never contact details. */
export const toFhirPractitioner = (p: Person): FhirResource => ({
  resourceType: 'Practitioner',
  id: p.userId,
  active: p.status !== 'disabled',
  name: humanNames(p),
});

/** An organisation of the borough as a FHIR R4 Organization. */
export const toFhirOrganization = (org: Pick<Organisation, 'id' | 'name' | 'shortName'>): FhirResource => ({
  resourceType: 'Organization',
  id: org.id,
  active: true,
  name: org.name,
  ...(org.shortName ? { alias: [org.shortName] } : {}),
});
