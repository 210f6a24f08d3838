import type { CrisisPlanContent } from './crisis-plan';
import { ourConcept } from './fhir-systems';
import type { Rag } from './plan';
import { SECTION_TITLES, type Proposal } from './proposals';
import type { RedAlert } from './red-alerts';

type FhirResource = Record<string, unknown>;

/**
 * The parts of a patient's record that FHIR has no dedicated resource for, in the nearest resource
 * with our codes (docs/export.md): the crisis plan (a CarePlan), RAG updates and recovery log entries
 * (Observations), comments and proposals from the care team (Communications), red alerts (Flags).
 */

const patientRef = (patientId: string) => ({ reference: `Patient/${patientId}` });
/** Who wrote something: the patient, or someone of the care team. */
const authorRef = (patientId: string, by: { userId: string; asPatient?: boolean }) => (by.asPatient || by.userId === patientId ? patientRef(patientId) : { reference: `Practitioner/${by.userId}` });
const RECORD = 'record-entry';

export interface CrisisPlanFacts extends CrisisPlanContent {
  patientId: string;
  version: number;
  updatedAt?: string;
}

const contactLine = (c: CrisisPlanContent['contacts'][number]): string => [c.name, c.relationship ? `(${c.relationship})` : undefined, c.phone].filter(Boolean).join(' ');

/** The crisis plan as a FHIR R4 CarePlan of the patient's own: each part a note, in their words. */
export const toFhirCrisisPlan = (plan: CrisisPlanFacts): FhirResource => {
  const parts: [string, readonly string[]][] = [
    ['Warning signs', plan.warningSigns],
    ['What helps', plan.whatHelps],
    ['What to avoid', plan.whatToAvoid],
    ['Who to call', plan.contacts.map(contactLine)],
    ['Medication', plan.medicationNotes ? [plan.medicationNotes] : []],
  ];
  const notes = parts.filter(([, lines]) => lines.length > 0).map(([title, lines]) => ({ text: `${title}: ${lines.join('; ')}` }));
  return {
    resourceType: 'CarePlan',
    id: `${plan.patientId}-crisis-plan`,
    meta: { versionId: String(plan.version), ...(plan.updatedAt ? { lastUpdated: plan.updatedAt } : {}) },
    status: 'active',
    intent: 'plan',
    category: [ourConcept(RECORD, 'crisis-plan', 'Crisis plan')],
    title: 'My crisis plan',
    subject: patientRef(plan.patientId),
    author: patientRef(plan.patientId),
    ...(notes.length ? { note: notes } : {}),
  };
};

const RAG_WORDS: Record<Rag, string> = { green: 'Green: going well', orange: 'Orange: some difficulties', red: 'Red: I need help' };

/** A RAG update of a goal as a FHIR R4 Observation about that Goal. */
export const toFhirRagUpdate = (patientId: string, u: { updateId: string; goalId: string; status: Rag; note?: string; at: string; by: { userId: string; asPatient?: boolean } }): FhirResource => ({
  resourceType: 'Observation',
  id: `rag-${u.updateId}`,
  status: 'final',
  code: ourConcept(RECORD, 'goal-rag', 'How the goal is going (red, orange or green)'),
  subject: patientRef(patientId),
  focus: [{ reference: `Goal/${u.goalId}` }],
  effectiveDateTime: u.at,
  performer: [authorRef(patientId, u.by)],
  valueCodeableConcept: ourConcept('rag-status', u.status, RAG_WORDS[u.status]),
  ...(u.note ? { note: [{ text: u.note }] } : {}),
});

/** A recovery log entry (the patient's diary: the day, their words, their mood 1 to 5) as a FHIR R4 Observation. */
export const toFhirLogEntry = (patientId: string, e: { entryId: string; date: string; text: string; mood: number; at: string }): FhirResource => ({
  resourceType: 'Observation',
  id: `log-${e.entryId}`,
  status: 'final',
  code: ourConcept(RECORD, 'recovery-log', 'Recovery log entry'),
  subject: patientRef(patientId),
  effectiveDateTime: e.date,
  issued: e.at,
  performer: [patientRef(patientId)],
  valueString: e.text,
  component: [{ code: ourConcept(RECORD, 'mood', 'Mood (1 very low to 5 very good)'), valueInteger: e.mood }],
});

/** A comment on a goal by someone of the care team, as a FHIR R4 Communication about that Goal. */
export const toFhirGoalComment = (patientId: string, c: { commentId: string; goalId: string; text: string; at: string; by: { userId: string; asPatient?: boolean } }): FhirResource => ({
  resourceType: 'Communication',
  id: `comment-${c.commentId}`,
  status: 'completed',
  category: [ourConcept(RECORD, 'goal-comment', 'Comment on a goal')],
  subject: patientRef(patientId),
  about: [{ reference: `Goal/${c.goalId}` }],
  sent: c.at,
  sender: authorRef(patientId, c.by),
  payload: [{ contentString: c.text }],
});

const wordsOf = (words: Proposal['proposal']): string =>
  words.kind === 'goal'
    ? [`New goal: ${words.description}`, words.targetDate ? `by ${words.targetDate}` : undefined, words.steps.length ? `steps: ${words.steps.join('; ')}` : undefined].filter(Boolean).join(', ')
    : `${SECTION_TITLES[words.section]}: ${words.text}`;

/** A change to the plan proposed by the care team, with what the patient decided, as a FHIR R4 Communication. */
export const toFhirProposal = (patientId: string, p: Proposal): FhirResource => ({
  resourceType: 'Communication',
  id: `proposal-${p.proposalId}`,
  status: 'completed',
  category: [ourConcept(RECORD, 'plan-proposal', 'Proposed change to the plan')],
  subject: patientRef(patientId),
  sent: p.proposedAt,
  sender: authorRef(patientId, p.proposedBy),
  recipient: [patientRef(patientId)],
  payload: [
    { contentString: wordsOf(p.proposal) },
    { contentString: `Status: ${p.status}${p.decidedAt ? ` (${p.decidedAt})` : ''}` },
    ...(p.accepted ? [{ contentString: `Accepted as: ${wordsOf(p.accepted)}` }] : []),
    ...(p.reason ? [{ contentString: `Reason: ${p.reason}` }] : []),
  ],
});

/** A red alert (a goal turned red: a call for help) as a FHIR R4 Flag, with who acknowledged it when. */
export const toFhirRedAlert = (patientId: string, a: RedAlert): FhirResource => ({
  resourceType: 'Flag',
  id: `alert-${a.alertId}`,
  status: a.status === 'open' ? 'active' : 'inactive',
  category: [ourConcept(RECORD, 'red-alert', 'Red alert: a goal turned red')],
  code: { text: `Goal turned red; ${a.status}${a.acknowledgedAt ? ` on ${a.acknowledgedAt}` : ''}${a.escalatedAt ? `; escalated on ${a.escalatedAt}` : ''}` },
  subject: patientRef(patientId),
  period: { start: a.raisedAt, ...(a.acknowledgedAt ? { end: a.acknowledgedAt } : {}) },
  ...(a.acknowledgedBy ? { author: { reference: `Practitioner/${a.acknowledgedBy.userId}` } } : {}),
});
