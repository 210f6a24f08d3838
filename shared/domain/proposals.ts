import * as z from 'zod/mini';
import { GOAL_CATEGORIES, LIMITS, planChanges, PlanRuleError, type Author, type Plan, type PlanSections } from './plan';

/**
 * Proposals: a contributor suggests a goal (with steps) or new words for a section of the patient's
 * plan; only the patient makes it part of their plan (word for word or edited), or declines it.
 * Nothing a contributor proposes is in the plan until the patient accepts it.
 */

export const SECTIONS = ['whatMattersToMe', 'whatHelpsMeStayWell', 'mySupportNetwork'] as const satisfies readonly (keyof PlanSections)[];
export type Section = (typeof SECTIONS)[number];

/** How the plan's sections are called, where people read them (never an attribute name). */
export const SECTION_TITLES: Readonly<Record<Section, string>> = {
  whatMattersToMe: 'What matters to me',
  whatHelpsMeStayWell: 'What helps me stay well',
  mySupportNetwork: 'My support network',
};

export const PROPOSAL_LIMITS = { steps: 10, reasonChars: 500 } as const;
export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'declined', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const steps = z.array(text(LIMITS.stepChars)).check(z.maxLength(PROPOSAL_LIMITS.steps));

const GoalWords = { category: z.enum(GOAL_CATEGORIES), description: text(LIMITS.descriptionChars), targetDate: z.optional(z.iso.date()), steps: z.optional(steps) };

/** What a contributor proposes: a goal with its steps, or the words of one section. */
export const ProposalBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('goal'), ...GoalWords }),
  z.strictObject({ kind: z.literal('section'), section: z.enum(SECTIONS), text: text(LIMITS.sectionChars) }),
]);
export type ProposalInput = z.infer<typeof ProposalBody>;

/**
 * The patient's acceptance: empty to take the proposal word for word, or their own words for it
 * (`goal` for a proposed goal, `section` for a proposed change); the kind must match the proposal's.
 */
export const AcceptanceBody = z.strictObject({
  goal: z.optional(
    z.strictObject({
      category: z.optional(z.enum(GOAL_CATEGORIES)),
      description: z.optional(text(LIMITS.descriptionChars)),
      targetDate: z.optional(z.nullable(z.iso.date())),
      steps: z.optional(steps),
    }),
  ),
  section: z.optional(z.strictObject({ text: z.string().check(z.maxLength(LIMITS.sectionChars)) })),
});
export type Acceptance = z.infer<typeof AcceptanceBody>;

export const DeclineBody = z.strictObject({ reason: z.optional(z.string().check(z.maxLength(PROPOSAL_LIMITS.reasonChars))) });

/** The words of a goal proposal (as proposed, or as accepted). */
export interface GoalWordsT {
  category: (typeof GOAL_CATEGORIES)[number];
  description: string;
  targetDate?: string;
  steps: string[];
}

export type ProposalWords = ({ kind: 'goal' } & GoalWordsT) | { kind: 'section'; section: Section; text: string };

export interface Proposal {
  proposalId: string;
  proposal: ProposalWords;
  status: ProposalStatus;
  proposedBy: Author;
  proposedAt: string;
  decidedAt?: string;
  /** On acceptance: the words that went into the plan, and whether the patient changed them. */
  accepted?: ProposalWords;
  edited?: boolean;
  /** The goal the acceptance created. */
  goalId?: string;
  /** On decline: the patient's reason, if they gave one. */
  reason?: string;
}

/** The words as stored: steps always a list, no empty target date. */
export const proposalWords = (input: ProposalInput): ProposalWords =>
  input.kind === 'goal'
    ? { kind: 'goal', category: input.category, description: input.description, ...(input.targetDate ? { targetDate: input.targetDate } : {}), steps: input.steps ?? [] }
    : { kind: 'section', section: input.section, text: input.text };

/**
 * A proposal's id: the instant it was made, then a unique part, so that ids sort by time (the list is
 * newest first) and stay path-safe.
 * @example proposalIdFor('2026-11-30T14:53:39.123Z', 'c0ffee') // '20261130T145339123Z-c0ffee'
 */
export const proposalIdFor = (at: string, unique: string): string => `${at.replace(/[-:.]/g, '')}-${unique}`;

const requireOpen = (proposal: Proposal): void => {
  if (proposal.status !== 'proposed') throw new PlanRuleError('conflict', `This proposal was already ${proposal.status}.`);
};

/** The words the patient accepts: the proposal's, with their own changes over them. */
export const acceptedWords = (words: ProposalWords, acceptance: Acceptance): ProposalWords => {
  if (words.kind === 'goal') {
    if (acceptance.section) throw new PlanRuleError('conflict', 'This proposal is a goal: accept it with `goal`, not `section`.');
    const change = acceptance.goal ?? {};
    const targetDate = change.targetDate === undefined ? words.targetDate : (change.targetDate ?? undefined);
    return {
      kind: 'goal',
      category: change.category ?? words.category,
      description: change.description ?? words.description,
      ...(targetDate ? { targetDate } : {}),
      steps: change.steps ?? words.steps,
    };
  }
  if (acceptance.goal) throw new PlanRuleError('conflict', 'This proposal is a change to a section: accept it with `section`, not `goal`.');
  return { ...words, text: acceptance.section?.text ?? words.text };
};

/** The same words, field by field (stored items need not keep the order of their fields). */
const sameWords = (a: ProposalWords, b: ProposalWords): boolean => {
  if (a.kind === 'section' && b.kind === 'section') return a.section === b.section && a.text === b.text;
  if (a.kind !== 'goal' || b.kind !== 'goal') return false;
  return a.category === b.category && a.description === b.description && a.targetDate === b.targetDate && a.steps.length === b.steps.length && a.steps.every((s, i) => s === b.steps[i]);
};

/**
 * The patient accepts: the plan gets the words (a new goal with its steps, attributed to whoever wrote
 * each word, or the section's new text) and the proposal records what was accepted. Pure: the caller
 * writes both in one transaction, the plan over the version it was made from.
 * @example acceptProposal(plan, proposal, {}, { goalId: 'g1', stepIds: ['s1'] }, sally, now)
 */
export const acceptProposal = (
  plan: Plan,
  proposal: Proposal,
  acceptance: Acceptance,
  ids: { goalId: string; stepIds: (index: number) => string },
  patient: Author,
  at: string,
): { plan: Plan; proposal: Proposal } => {
  requireOpen(proposal);
  const words = acceptedWords(proposal.proposal, acceptance);
  const edited = !sameWords(words, proposal.proposal);
  const decided = { ...proposal, status: 'accepted' as const, decidedAt: at, accepted: words, edited };
  if (words.kind === 'section') return { plan: planChanges.setSections(plan, { ...plan.sections, [words.section]: words.text }, at), proposal: decided };
  // Steps keep their proposer as author when the patient took them word for word; steps the patient wrote or changed are theirs.
  const proposedSteps = new Set(proposal.proposal.kind === 'goal' ? proposal.proposal.steps : []);
  let next = planChanges.addGoal(plan, ids.goalId, { category: words.category, description: words.description, ...(words.targetDate ? { targetDate: words.targetDate } : {}) }, at);
  words.steps.forEach((step, index) => {
    next = planChanges.addStep(next, ids.goalId, ids.stepIds(index), step, proposedSteps.has(step) ? proposal.proposedBy : patient, at);
  });
  // One version step for the whole acceptance: the patient saw version N, the plan becomes N + 1.
  return { plan: { ...next, version: plan.version + 1 }, proposal: { ...decided, goalId: ids.goalId } };
};

/** The patient declines, with their reason if they give one. */
export const declineProposal = (proposal: Proposal, reason: string | undefined, at: string): Proposal => {
  requireOpen(proposal);
  const trimmed = reason?.trim();
  return { ...proposal, status: 'declined', decidedAt: at, ...(trimmed ? { reason: trimmed } : {}) };
};

/** Its proposer takes it back while the patient has not decided: only they may. */
export const withdrawProposal = (proposal: Proposal, by: Author, at: string): Proposal => {
  if (by.asPatient || proposal.proposedBy.userId !== by.userId) throw new PlanRuleError('not-allowed', 'Only the person who proposed it may withdraw it.');
  requireOpen(proposal);
  return { ...proposal, status: 'withdrawn', decidedAt: at };
};

/** A short title of what was proposed, for the proposer's inbox: the goal's words or the section's name. */
export const proposalTitle = (words: ProposalWords): string => (words.kind === 'goal' ? words.description : SECTION_TITLES[words.section]);
