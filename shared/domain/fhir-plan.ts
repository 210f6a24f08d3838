import type { Goal, Plan } from './plan';
import { SECTION_TITLES, type Section } from './proposals';

const CATEGORY_SYSTEM = 'https://recovery-platform.nhs.example/fhir/CodeSystem/goal-category';
const RAG_SYSTEM = 'https://recovery-platform.nhs.example/fhir/CodeSystem/rag-status';
const ACHIEVEMENT_SYSTEM = 'http://terminology.hl7.org/CodeSystem/goal-achievement';
const OUTCOME_SYSTEM = 'https://recovery-platform.nhs.example/fhir/CodeSystem/goal-outcome';

/** RAG and closing outcome as FHIR goal-achievement codes; "partly achieved" has no code there, so it is ours. */
const achievementStatus = (goal: Goal): Record<string, unknown> | undefined => {
  if (goal.achievement === 'achieved') return { coding: [{ system: ACHIEVEMENT_SYSTEM, code: 'achieved', display: 'Achieved' }] };
  if (goal.achievement === 'not-achieved') return { coding: [{ system: ACHIEVEMENT_SYSTEM, code: 'not-achieved', display: 'Not Achieved' }] };
  if (goal.achievement === 'partly-achieved') return { coding: [{ system: OUTCOME_SYSTEM, code: 'partly-achieved', display: 'Partly achieved' }], text: 'Partly achieved' };
  if (!goal.rag) return undefined;
  const code = { green: 'improving', orange: 'in-progress', red: 'worsening' }[goal.rag.status];
  return {
    coding: [
      { system: ACHIEVEMENT_SYSTEM, code, display: code.replace('-', ' ') },
      { system: RAG_SYSTEM, code: goal.rag.status },
    ],
  };
};

/** A goal as a FHIR R4 Goal: lifecycleStatus, achievementStatus, category, description, target. */
export const toFhirGoal = (plan: Plan, goal: Goal): Record<string, unknown> => {
  const achievement = achievementStatus(goal);
  return {
    resourceType: 'Goal',
    id: goal.goalId,
    lifecycleStatus: goal.status === 'closed' ? 'completed' : 'active',
    ...(achievement ? { achievementStatus: achievement } : {}),
    category: [{ coding: [{ system: CATEGORY_SYSTEM, code: goal.category }] }],
    description: { text: goal.description },
    subject: { reference: `Patient/${plan.patientId}` },
    startDate: goal.createdAt.slice(0, 10),
    ...(goal.targetDate ? { target: [{ dueDate: goal.targetDate }] } : {}),
    ...(goal.closedAt ? { statusDate: goal.closedAt.slice(0, 10) } : {}),
  };
};

/** The plan as a FHIR R4 CarePlan that references its Goals, with the sections as notes and the steps as activities, in a Bundle. */
export const toFhirPlanBundle = (plan: Plan): Record<string, unknown> => {
  const goals = Object.values(plan.goals).sort((a, b) => a.order - b.order);
  const notes = (Object.entries(plan.sections) as [Section, string][]).filter(([, text]) => text);
  // Each goal's steps, in order, as the plan's activities toward that goal.
  const activity = goals.flatMap((g) => g.steps.map((step) => ({ detail: { status: step.done ? 'completed' : 'not-started', description: step.text, goal: [{ reference: `Goal/${g.goalId}` }] } })));
  const carePlan = {
    resourceType: 'CarePlan',
    id: `${plan.patientId}-recovery-plan`,
    meta: { versionId: String(plan.version), ...(plan.updatedAt ? { lastUpdated: plan.updatedAt } : {}) },
    status: 'active',
    intent: 'plan',
    title: 'Me and My Goals',
    subject: { reference: `Patient/${plan.patientId}` },
    author: { reference: `Patient/${plan.patientId}` },
    goal: goals.map((g) => ({ reference: `Goal/${g.goalId}` })),
    ...(activity.length ? { activity } : {}),
    ...(notes.length ? { note: notes.map(([section, text]) => ({ text: `${SECTION_TITLES[section]}: ${text}` })) } : {}),
  };
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [{ fullUrl: `CarePlan/${carePlan.id}`, resource: carePlan }, ...goals.map((g) => ({ fullUrl: `Goal/${g.goalId}`, resource: toFhirGoal(plan, g) }))],
  };
};
