import { fromAuditItem } from '../../shared/store/audit-repository';
import { toFhirAuditEvent } from '../../shared/domain/fhir-audit-event';
import { messageCommunication } from '../../shared/domain/fhir-communication';
import { toFhirConsent } from '../../shared/domain/fhir-consent';
import { toFhirObservation } from '../../shared/domain/fhir-observation';
import { toFhirBudget, toFhirBudgetMovement, toFhirPhbRequest } from '../../shared/domain/fhir-phb';
import { toFhirPlanBundle } from '../../shared/domain/fhir-plan';
import { toFhirQuestionnaireResponse } from '../../shared/domain/fhir-questionnaire';
import { toFhirCrisisPlan, toFhirGoalComment, toFhirLogEntry, toFhirProposal, toFhirRagUpdate, toFhirRedAlert } from '../../shared/domain/fhir-record';
import type { Measurement } from '../../shared/domain/health';
import type { ConversationGrantee } from '../../shared/domain/messages';
import type { Budget } from '../../shared/domain/phb';
import { fromAlertItem } from '../../shared/store/alert-repository';
import { fromMovementItem } from '../../shared/store/budget-ledger-repository';
import { fromCrisisPlanItem } from '../../shared/store/crisis-plan-repository';
import { fromGrantItem } from '../../shared/store/grants-repository';
import type { ReqolResponse } from '../../shared/store/measurements-repository';
import { fromMessageItem } from '../../shared/store/messages-repository';
import { fromRequestItem } from '../../shared/store/phb-repository';
import { fromPlanItem, type Comment, type LogEntry, type RagUpdate } from '../../shared/store/plan-repository';
import { fromProposalItem } from '../../shared/store/proposal-repository';
import { withoutKeys } from '../../shared/store/table-definition';
import { toFhirAppointment } from '../../shared/domain/appointments';
import type { Organisation } from '../../shared/domain/borough-config';
import { fromAppointmentItem } from '../../shared/store/appointments-repository';

type Item = Record<string, unknown>;
type FhirResource = Record<string, unknown>;

export interface ExportContext {
  patientId: string;
  now: Date;
  /** Who keeps the access log, as its AuditEvents name the observer. */
  observer: string;
  /** The borough's organisations, by which an Appointment names whom it is with. */
  organisations: readonly Organisation[];
}

/** Each kind of item of a patient's partition (its `entity`) as the FHIR resources of the export. */
const EXPORTED: Readonly<Record<string, (item: Item, c: ExportContext) => FhirResource[]>> = {
  plan: (item, c) => ((toFhirPlanBundle(fromPlanItem(c.patientId, item)).entry ?? []) as { resource: FhirResource }[]).map((e) => e.resource),
  'crisis-plan': (item, c) => [toFhirCrisisPlan(fromCrisisPlanItem(c.patientId, item))],
  'rag-update': (item, c) => [toFhirRagUpdate(c.patientId, withoutKeys(item) as unknown as RagUpdate)],
  comment: (item, c) => [toFhirGoalComment(c.patientId, withoutKeys(item) as unknown as Comment)],
  'log-entry': (item, c) => [toFhirLogEntry(c.patientId, withoutKeys(item) as unknown as LogEntry)],
  measurement: (item) => [toFhirObservation(withoutKeys(item) as unknown as Measurement)],
  reqol: (item) => [toFhirQuestionnaireResponse(withoutKeys(item) as unknown as ReqolResponse)],
  grant: (item, c) => [toFhirConsent(fromGrantItem(item), c.now)],
  audit: (item, c) => [toFhirAuditEvent(fromAuditItem(item), c.observer)],
  message: (item, c) => [messageCommunication(c.patientId, item.grantee as ConversationGrantee, fromMessageItem(item))],
  proposal: (item, c) => {
    const proposal = fromProposalItem(item);
    return proposal ? [toFhirProposal(c.patientId, proposal)] : [];
  },
  'red-alert': (item, c) => [toFhirRedAlert(c.patientId, fromAlertItem(item))],
  'phb-request': (item) => [toFhirPhbRequest(fromRequestItem(item))],
  budget: (item) => [toFhirBudget(withoutKeys(item) as unknown as Budget)],
  'budget-movement': (item, c) => [toFhirBudgetMovement(c.patientId, fromMovementItem(item))],
  appointment: (item, c) => [toFhirAppointment(fromAppointmentItem(item), c.organisations)],
};

/**
 * Kinds of item that are not exported, each with why: they are worked out from what is exported, or
 * are the platform's own bookkeeping, and hold nothing of the patient's that the export lacks.
 */
export const NOT_EXPORTED: Readonly<Record<string, string>> = {
  'audit-head': 'the head of the access log hash chain: each AuditEvent carries its sequence and hash',
  'health-summary': 'latest values worked out from the measurements and questionnaires',
  glance: "the care team list's summary of the goals' colours, worked out from the plan",
  conversation: 'counters of a conversation, worked out from its messages',
  'read-mark': 'how far someone read a conversation: each message says when it was first read',
  'refusal-tally': 'a count of refused attempts, kept to summarise floods in the access log',
  'import-marker': 'which GP observation ids were imported: each imported Observation carries its id',
  review: 'the next review date, which the plan holds',
  'review-reminder': 'when the next review reminder was sent',
  'phb-review-asked': 'when the patient was asked whether a purchase helped',
  'appointment-reminder': 'when the day-before reminder of an appointment was sent',
  outbox: 'events for the notifications service (ids, never words), each about something exported',
  retention: 'when a closed account was closed, until when its record is kept and any legal hold (records management; the Patient is then inactive)',
  'record-removed': 'what is left of a record the retention sweep removed: nothing of the patient',
};

/** The resources of an item, nothing for the kinds not exported; `undefined` for a kind this code does not know. */
export const resourcesOf = (item: Item, c: ExportContext): FhirResource[] | undefined => {
  const entity = String(item.entity);
  if (Object.hasOwn(NOT_EXPORTED, entity)) return [];
  return Object.hasOwn(EXPORTED, entity) ? EXPORTED[entity]?.(item, c) : undefined;
};

export const EXPORTED_KINDS = Object.keys(EXPORTED);
