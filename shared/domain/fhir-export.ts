import type { Organisation } from './borough-config';
import { toFhirOrganization, toFhirPatient, toFhirPractitioner } from './fhir-people';
import { displayName, UNNAMED, type Person } from './people';

type FhirResource = Record<string, unknown>;

export interface ExportInput {
  patient: Person;
  /** Whether the patient's account is open (a closed or disabled one exports as an inactive Patient). */
  active: boolean;
  /** Every other resource of the record, referring to each other as `Type/id`. */
  resources: readonly FhirResource[];
  /** Everyone the resources name (`Practitioner/<userId>`), from the directory; someone missing is named as not recorded. */
  people: ReadonlyMap<string, Person>;
  organisations: readonly Organisation[];
  exportedAt: string;
  /** A new UUID each call: the Bundle's identifier and every entry's `fullUrl`. */
  newUuid: () => string;
}

const REFERENCE = /^(Patient|Practitioner|Organization|CarePlan|Goal|Observation|QuestionnaireResponse|Consent|Communication|AuditEvent|Flag|Basic)\/([A-Za-z0-9.-]{1,64})$/;

/** The people and organisations the resources refer to, as resources of their own. */
const referencedParties = (resources: readonly FhirResource[], input: ExportInput): FhirResource[] => {
  const found = new Set<string>();
  JSON.stringify(resources, (key, value: unknown) => {
    if (key === 'reference' && typeof value === 'string' && /^(Practitioner|Organization)\//.test(value)) found.add(value);
    return value;
  });
  return [...found].sort().map((ref) => {
    const [type, id = ''] = ref.split('/');
    if (type === 'Organization') {
      const org = input.organisations.find((o) => o.id === id);
      return toFhirOrganization(org ?? { id, name: 'An organisation no longer in the borough' });
    }
    const person = input.people.get(id);
    return person ? toFhirPractitioner(person) : { resourceType: 'Practitioner', id, active: false, name: [{ text: UNNAMED }] };
  });
};

/** Points every `Type/id` reference at its entry's `urn:uuid:` and names people and organisations in `display`. */
const linked = (resource: FhirResource, fullUrls: ReadonlyMap<string, string>, names: ReadonlyMap<string, string>): FhirResource =>
  JSON.parse(
    JSON.stringify(resource, (_key, value: unknown) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
      const ref = (value as { reference?: unknown }).reference;
      if (typeof ref !== 'string' || !REFERENCE.test(ref)) return value;
      const url = fullUrls.get(ref);
      const name = names.get(ref);
      return { ...value, ...(url ? { reference: url } : {}), ...(name ? { display: name } : {}) };
    }),
  ) as FhirResource;

/**
 * A patient's whole record as one FHIR R4 Bundle (type `collection`): the Patient first, then every
 * resource of the record, then the people and organisations they name. Each entry has an absolute
 * `fullUrl` (`urn:uuid:`), and references between entries use it, so the Bundle stands on its own.
 */
export const toFhirExportBundle = (input: ExportInput): FhirResource => {
  const patient = toFhirPatient(input.patient, input.active);
  const all = [patient, ...input.resources, ...referencedParties(input.resources, input)];
  const fullUrls = new Map(all.map((r) => [`${String(r.resourceType)}/${String(r.id)}`, `urn:uuid:${input.newUuid()}`]));
  const names = new Map<string, string>([[`Patient/${input.patient.userId}`, displayName(input.patient)]]);
  for (const r of all) {
    if (r.resourceType === 'Practitioner') names.set(`Practitioner/${String(r.id)}`, displayName(input.people.get(String(r.id))));
    if (r.resourceType === 'Organization') names.set(`Organization/${String(r.id)}`, String(r.name));
  }
  return {
    resourceType: 'Bundle',
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${input.newUuid()}` },
    type: 'collection',
    timestamp: input.exportedAt,
    entry: all.map((r) => ({ fullUrl: fullUrls.get(`${String(r.resourceType)}/${String(r.id)}`), resource: linked(r, fullUrls, names) })),
  };
};
