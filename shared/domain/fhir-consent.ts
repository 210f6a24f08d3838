import { grantState, type Grant } from './grant';

/** Our code system for the scopes of a grant, as FHIR codes. */
export const SCOPE_SYSTEM = 'https://recovery-platform.nhs.example/fhir/CodeSystem/consent-scope';

type FhirConsent = Record<string, unknown>;

const actorReference = (grant: Grant): { reference?: string; display: string } => {
  switch (grant.grantee.type) {
    case 'person':
    case 'emergency-access':
      return { reference: `Practitioner/${grant.grantee.userId}`, display: grant.grantee.userId };
    case 'organisation':
      return { reference: `Organization/${grant.grantee.org}`, display: grant.grantee.org };
    case 'emergency':
      return { display: 'Emergency services (on request, time-limited)' };
  }
};

/**
 * A grant as a FHIR R4 Consent (privacy consent, opt-in): who (provision.actor), what they may do
 * (provision.action: access, and correct for contribute scopes), when (provision.period) and the
 * scopes as codes (provision.code).
 * @example toFhirConsent(grant, new Date()).provision.period
 */
export const toFhirConsent = (grant: Grant, now: Date): FhirConsent => {
  const state = grantState(grant, now);
  const contributes = grant.scopes.some((s) => s.endsWith(':contribute') || s === 'phb:request');
  return {
    resourceType: 'Consent',
    id: grant.grantId,
    meta: { versionId: String(grant.version), lastUpdated: grant.updatedAt },
    status: state === 'active' || state === 'scheduled' ? 'active' : 'inactive',
    scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${grant.patientId}` },
    dateTime: grant.createdAt,
    policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'OPTIN', display: 'opt-in' }] },
    provision: {
      type: 'permit',
      period: { start: grant.startsAt, ...(grant.revokedAt ? { end: grant.revokedAt } : grant.endsAt ? { end: grant.endsAt } : {}) },
      actor: [
        {
          role: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP', display: 'information recipient' }] },
          reference: actorReference(grant),
        },
      ],
      action: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'access', display: 'Access' }] },
        ...(contributes ? [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentaction', code: 'correct', display: 'Access and Correct' }] }] : []),
      ],
      code: grant.scopes.map((scope) => ({ coding: [{ system: SCOPE_SYSTEM, code: scope }] })),
    },
  };
};

/** A page of a patient's grants as a FHIR searchset Bundle of Consents; `next` links the following page. */
export const toFhirConsentBundle = (grants: readonly Grant[], now: Date, next?: string): Record<string, unknown> => ({
  resourceType: 'Bundle',
  type: 'searchset',
  ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
  entry: grants.map((g) => ({ fullUrl: `Consent/${g.grantId}`, resource: toFhirConsent(g, now), search: { mode: 'match' } })),
});
