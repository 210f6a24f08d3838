import * as z from 'zod/mini';
import type { Actor } from './actor';
import { ownValue } from './own';
import { RuleError } from './rule-error';
import { ProgrammeIdSchema, type StepProgramme } from './library';

export const RAG = ['green', 'orange', 'red'] as const;
export type Rag = (typeof RAG)[number];
export const GOAL_CATEGORIES = ['mental', 'physical', 'social'] as const;
export const ACHIEVEMENTS = ['achieved', 'partly-achieved', 'not-achieved'] as const;
export type Achievement = (typeof ACHIEVEMENTS)[number];

/** Bounds that keep a whole plan in one item (DynamoDB's 400 KB), read with its grants at once. */
export const LIMITS = { goals: 20, stepsPerGoal: 30, sectionChars: 2000, descriptionChars: 500, stepChars: 280, noteChars: 1000 } as const;

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const isoDate = z.iso.date();

export const PlanSectionsBody = z.strictObject({
  whatMattersToMe: z.string().check(z.maxLength(LIMITS.sectionChars)),
  whatHelpsMeStayWell: z.string().check(z.maxLength(LIMITS.sectionChars)),
  mySupportNetwork: z.string().check(z.maxLength(LIMITS.sectionChars)),
});
export type PlanSections = z.infer<typeof PlanSectionsBody>;

export const GoalCreateBody = z.strictObject({
  category: z.enum(GOAL_CATEGORIES),
  description: text(LIMITS.descriptionChars),
  targetDate: z.optional(isoDate),
});

/** `achievement` closes a goal (achieved, partly, not achieved); `null` opens it again. */
export const GoalChangeBody = z.strictObject({
  category: z.optional(z.enum(GOAL_CATEGORIES)),
  description: z.optional(text(LIMITS.descriptionChars)),
  targetDate: z.optional(z.nullable(isoDate)),
  achievement: z.optional(z.nullable(z.enum(ACHIEVEMENTS))),
});

/** `programmeId`: the step is about a programme of the borough's library (an active one, or 422 naming it). */
export const StepCreateBody = z.strictObject({ text: text(LIMITS.stepChars), programmeId: z.optional(ProgrammeIdSchema) });
export const StepChangeBody = z.strictObject({ text: z.optional(text(LIMITS.stepChars)), done: z.optional(z.boolean()) });
export const RagUpdateBody = z.strictObject({ status: z.enum(RAG), note: z.optional(z.string().check(z.maxLength(LIMITS.noteChars))) });
export const CommentBody = z.strictObject({ text: text(LIMITS.noteChars) });

/**
 * Who wrote something: the patient, or a contributor and their organisation; signed with their name
 * and label ("Miriam Okafor, Psychotherapist, ELFT") as the directory had them when they wrote it, as
 * a record entry is. Entries written before authors were signed have no name: answers look it up.
 */
export interface Author {
  userId: string;
  org?: string;
  asPatient: boolean;
  name?: string;
  label?: string;
}

export const authorOf = (actor: Actor, patientId: string, signed?: { name: string; label: string }): Author => ({
  userId: actor.id,
  ...(actor.org ? { org: actor.org } : {}),
  asPatient: actor.id === patientId && actor.roles.includes('patient'),
  ...(signed ? { name: signed.name, label: signed.label } : {}),
});

export interface Step {
  stepId: string;
  text: string;
  done: boolean;
  addedBy: Author;
  addedAt: string;
  doneAt?: string;
  /** The library programme it is about, with its name and link as they were when the step was added. */
  programme?: StepProgramme;
}

export interface Goal {
  goalId: string;
  category: (typeof GOAL_CATEGORIES)[number];
  description: string;
  targetDate?: string;
  status: 'active' | 'closed';
  achievement?: Achievement;
  closedAt?: string;
  rag?: { status: Rag; at: string; updateId: string };
  steps: Step[];
  createdAt: string;
  order: number;
}

/** The plan's next review: the date agreed with the patient, and who recorded it when. */
export interface PlanReview {
  on: string;
  setBy: Author;
  setAt: string;
}

export interface Plan {
  patientId: string;
  sections: PlanSections;
  goals: Record<string, Goal>;
  version: number;
  updatedAt?: string;
  review?: PlanReview;
}

export const emptyPlan = (patientId: string): Plan => ({
  patientId,
  sections: { whatMattersToMe: '', whatHelpsMeStayWell: '', mySupportNetwork: '' },
  goals: {},
  version: 0,
});

/** Raised when a change breaks a rule of the plan. */
export class PlanRuleError extends RuleError {}

/** The plan's goal of this id, if it has one (never an inherited `constructor` or `__proto__`). */
export const findGoal = (plan: Plan, goalId: string): Goal | undefined => ownValue(plan.goals, goalId);

const goalOf = (plan: Plan, goalId: string): Goal => {
  const goal = findGoal(plan, goalId);
  if (!goal) throw new PlanRuleError('not-found', 'No such goal in this plan.');
  return goal;
};

const stepOf = (goal: Goal, stepId: string): Step => {
  const step = goal.steps.find((s) => s.stepId === stepId);
  if (!step) throw new PlanRuleError('not-found', 'No such step on this goal.');
  return step;
};

/** The patient may change anything; a contributor only what they wrote themself. */
const mayChange = (step: Step, author: Author): boolean => author.asPatient || (!step.addedBy.asPatient && step.addedBy.userId === author.userId);

const withGoal = (plan: Plan, goal: Goal, at: string): Plan => ({ ...plan, goals: { ...plan.goals, [goal.goalId]: goal }, version: plan.version + 1, updatedAt: at });

/** Each change returns the next plan (version + 1); the caller writes it if the stored one is still `plan.version`. */
export const planChanges = {
  setSections: (plan: Plan, sections: PlanSections, at: string): Plan => ({ ...plan, sections, version: plan.version + 1, updatedAt: at }),

  /** The next review (undefined: none planned). */
  setReview: (plan: Plan, review: PlanReview | undefined, at: string): Plan => {
    const { review: _old, ...rest } = plan;
    return { ...rest, ...(review ? { review } : {}), version: plan.version + 1, updatedAt: at };
  },

  addGoal: (plan: Plan, goalId: string, input: z.infer<typeof GoalCreateBody>, at: string): Plan => {
    if (Object.keys(plan.goals).length >= LIMITS.goals) throw new PlanRuleError('conflict', `A plan holds at most ${LIMITS.goals} goals; close and remove one first.`);
    const order = Math.max(0, ...Object.values(plan.goals).map((g) => g.order)) + 1;
    return withGoal(
      plan,
      { goalId, category: input.category, description: input.description, ...(input.targetDate ? { targetDate: input.targetDate } : {}), status: 'active', steps: [], createdAt: at, order },
      at,
    );
  },

  changeGoal: (plan: Plan, goalId: string, change: z.infer<typeof GoalChangeBody>, at: string): Plan => {
    const { targetDate: _t, achievement: _a, closedAt: _c, ...goal } = goalOf(plan, goalId);
    const targetDate = change.targetDate === undefined ? _t : (change.targetDate ?? undefined);
    const achievement = change.achievement === undefined ? _a : (change.achievement ?? undefined);
    const closedAt = achievement ? (_c ?? at) : undefined;
    return withGoal(
      plan,
      {
        ...goal,
        ...(change.category ? { category: change.category } : {}),
        ...(change.description ? { description: change.description } : {}),
        ...(targetDate ? { targetDate } : {}),
        ...(achievement ? { achievement, closedAt } : {}),
        status: achievement ? 'closed' : 'active',
      },
      at,
    );
  },

  addStep: (plan: Plan, goalId: string, stepId: string, stepText: string, author: Author, at: string, programme?: StepProgramme): Plan => {
    const goal = goalOf(plan, goalId);
    if (goal.steps.length >= LIMITS.stepsPerGoal) throw new PlanRuleError('conflict', `A goal holds at most ${LIMITS.stepsPerGoal} steps.`);
    return withGoal(plan, { ...goal, steps: [...goal.steps, { stepId, text: stepText, done: false, addedBy: author, addedAt: at, ...(programme ? { programme } : {}) }] }, at);
  },

  changeStep: (plan: Plan, goalId: string, stepId: string, change: z.infer<typeof StepChangeBody>, author: Author, at: string): Plan => {
    const goal = goalOf(plan, goalId);
    const step = stepOf(goal, stepId);
    if (!mayChange(step, author)) throw new PlanRuleError('not-allowed', "Only the patient may change the patient's own words, and only its author a contributor's step.");
    const { doneAt: _d, ...rest } = step;
    const done = change.done ?? step.done;
    const next: Step = { ...rest, ...(change.text ? { text: change.text } : {}), done, ...(done ? { doneAt: step.done ? (_d ?? at) : at } : {}) };
    return withGoal(plan, { ...goal, steps: goal.steps.map((s) => (s.stepId === stepId ? next : s)) }, at);
  },

  removeStep: (plan: Plan, goalId: string, stepId: string, author: Author, at: string): Plan => {
    const goal = goalOf(plan, goalId);
    const step = stepOf(goal, stepId);
    if (!mayChange(step, author)) throw new PlanRuleError('not-allowed', "Only the patient may remove the patient's own steps, and only its author a contributor's step.");
    return withGoal(plan, { ...goal, steps: goal.steps.filter((s) => s.stepId !== stepId) }, at);
  },

  setRag: (plan: Plan, goalId: string, rag: { status: Rag; updateId: string }, at: string): Plan => {
    const goal = goalOf(plan, goalId);
    if (goal.status === 'closed') throw new PlanRuleError('conflict', 'This goal is closed; open it again to post an update.');
    return withGoal(plan, { ...goal, rag: { status: rag.status, at, updateId: rag.updateId } }, at);
  },

  /** The goal, or a 404: checks a goal exists (a comment changes nothing in the plan itself). */
  requireGoal: (plan: Plan, goalId: string): Goal => goalOf(plan, goalId),
};
