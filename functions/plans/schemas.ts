import * as z from 'zod/mini';
import { ACHIEVEMENTS, GOAL_CATEGORIES, RAG } from '../../shared/domain/plan';
import { PROPOSAL_STATUSES, SECTIONS } from '../../shared/domain/proposals';
import { PatientBanner } from '../../shared/domain/people';
import { CrisisPlanBody } from '../../shared/domain/crisis-plan';
import { UrgentNumber } from '../../shared/domain/red-alerts';
import { pageQuery } from '../../shared/http/pagination';

/** Who wrote it: their name, and their label ("Miriam Okafor, Psychotherapist, ELFT") to show staff who they are. */
const Author = z.strictObject({ userId: z.string(), org: z.optional(z.string()), asPatient: z.boolean(), name: z.string(), label: z.string() });

export const StepView = z.strictObject({
  stepId: z.string(),
  text: z.string(),
  done: z.boolean(),
  addedBy: Author,
  addedAt: z.string(),
  doneAt: z.optional(z.string()),
  /** The library programme the step is about (its name and link when it was added). */
  programme: z.optional(z.strictObject({ programmeId: z.string(), name: z.string(), link: z.string() })),
});

export const GoalView = z.strictObject({
  goalId: z.string(),
  category: z.enum(GOAL_CATEGORIES),
  description: z.string(),
  targetDate: z.optional(z.string()),
  status: z.enum(['active', 'closed']),
  achievement: z.optional(z.enum(ACHIEVEMENTS)),
  closedAt: z.optional(z.string()),
  rag: z.optional(z.strictObject({ status: z.enum(RAG), at: z.string(), updateId: z.string() })),
  steps: z.array(StepView),
  createdAt: z.string(),
  order: z.int(),
});

export const PlanView = z.strictObject({
  patientId: z.string(),
  sections: z.strictObject({ whatMattersToMe: z.string(), whatHelpsMeStayWell: z.string(), mySupportNetwork: z.string() }),
  goals: z.array(GoalView),
  version: z.int(),
  updatedAt: z.optional(z.string()),
  /** The next review: the date agreed with the patient, and who recorded it. */
  review: z.optional(z.strictObject({ on: z.string(), setBy: Author, setAt: z.string() })),
  /** On a read: what the caller may do besides reading (`contribute`: add goals' steps and comments). */
  permissions: z.optional(z.strictObject({ contribute: z.boolean() })),
  /** On a read by someone other than the patient: the patient banner. */
  patient: z.optional(PatientBanner),
});

/**
 * What to do now, on a red update's answer to the patient: their crisis plan's contacts and the
 * borough's urgent numbers (the platform is not watched round the clock).
 */
export const UrgentHelp = z.strictObject({ contacts: CrisisPlanBody.shape.contacts, urgentNumbers: z.array(UrgentNumber) });

export const RagUpdateView = z.strictObject({ updateId: z.string(), goalId: z.string(), status: z.enum(RAG), note: z.optional(z.string()), at: z.string(), by: Author, help: z.optional(UrgentHelp) });
export const CommentView = z.strictObject({ commentId: z.string(), goalId: z.string(), text: z.string(), at: z.string(), by: Author });
export const LogEntryView = z.strictObject({ entryId: z.string(), date: z.string(), text: z.string(), mood: z.int(), at: z.string() });

export const LogEntryBody = z.strictObject({
  date: z.optional(z.iso.date()),
  text: z.string().check(z.minLength(1), z.maxLength(2000)),
  mood: z.int().check(z.minimum(1), z.maximum(5)),
});

export const PlanQuery = z.strictObject({ format: z.optional(z.enum(['json', 'fhir'])) });
export const PageQuery = z.strictObject(pageQuery);

const id = z.string().check(z.regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be an id'));
export const GoalParams = z.strictObject({ patientId: id, goalId: id });
export const ProposalParams = z.strictObject({ patientId: id, proposalId: id });

/** What was proposed (or accepted): a goal with its steps, or the words of one section. */
const ProposalWordsView = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('goal'), category: z.enum(GOAL_CATEGORIES), description: z.string(), targetDate: z.optional(z.string()), steps: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('section'), section: z.enum(SECTIONS), text: z.string() }),
]);

export const ProposalView = z.strictObject({
  proposalId: z.string(),
  proposal: ProposalWordsView,
  status: z.enum(PROPOSAL_STATUSES),
  proposedBy: Author,
  proposedAt: z.string(),
  decidedAt: z.optional(z.string()),
  /** The words that went into the plan; `edited` when the patient changed them. */
  accepted: z.optional(ProposalWordsView),
  edited: z.optional(z.boolean()),
  /** The goal the acceptance created. */
  goalId: z.optional(z.string()),
  /** Why the patient declined, if they said. */
  reason: z.optional(z.string()),
});
export const StepParams = z.strictObject({ patientId: id, goalId: id, stepId: id });
