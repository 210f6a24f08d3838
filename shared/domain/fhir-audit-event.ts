import type { AuditEntry } from './audit';
import { ourCodeSystem } from './fhir-systems';

type FhirResource = Record<string, unknown>;

const AUDIT_EVENT_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const METHOD_ACTION: Record<string, string> = { GET: 'R', POST: 'C', PUT: 'U', PATCH: 'U', DELETE: 'D' };

/**
 * An entry of the patient's access log as a FHIR R4 AuditEvent: who (agent), what they did (the
 * consent action as subtype, the operation), allowed or refused and why (outcome), on whose record
 * (entity), with the entry's place in its hash chain (sequence and hash) so that it can be checked
 * against the platform's anchored audit.
 * @example toFhirAuditEvent(entry, 'City and Hackney recovery platform')
 */
export const toFhirAuditEvent = (e: AuditEntry, observer: string): FhirResource => ({
  resourceType: 'AuditEvent',
  id: `${e.patientId}-audit-${e.seq}`,
  type: { system: AUDIT_EVENT_TYPE, code: 'rest', display: 'RESTful Operation' },
  subtype: [{ system: ourCodeSystem('consent-action'), code: e.action }],
  action: METHOD_ACTION[e.operation.split(' ')[0] ?? ''] ?? 'E',
  recorded: e.at,
  outcome: e.decision === 'allow' ? '0' : '4',
  outcomeDesc: `${e.decision === 'allow' ? 'Allowed' : 'Refused'}: ${e.reason}${e.refusals ? ` (${e.refusals.count} refused attempts from ${e.refusals.from} to ${e.refusals.to})` : ''}`,
  agent: [{ who: { reference: `Practitioner/${e.actorId}` }, requestor: true, ...(e.actorRoles.length ? { role: [{ text: e.actorRoles.join(', ') }] } : {}) }],
  source: { observer: { display: observer } },
  entity: [
    {
      what: { reference: `Patient/${e.patientId}` },
      description: e.operation,
      detail: [
        { type: 'sequence', valueString: String(e.seq) },
        { type: 'hash', valueString: e.hash },
      ],
    },
  ],
});
