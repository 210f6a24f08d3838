import type { RedAlert } from './red-alerts';
import type { Plan, Rag } from './plan';
import { reviewStatus } from './reviews';

/**
 * What a care team's list shows of one patient's plan: each open goal's latest RAG, the red alerts
 * nobody has acknowledged yet, the next review and when the patient last did something. Kept in one
 * small item beside the plan (from the table's stream), so that a caseload of 1,500 reads 1,500
 * small items by key, never 1,500 plans, alert lists and logs. Shown only to readers of the plan.
 */
export interface Glance {
  goals: { goalId: string; description: string; rag?: { status: Rag; at: string } }[];
  /** Unacknowledged red alerts, oldest first: open, or escalated to the duty teams. */
  openAlerts: { alertId: string; goalId: string; status: 'open' | 'escalated'; raisedAt: string }[];
  reviewOn?: string;
  lastActivityAt?: string;
}

/** The latest of some ISO instants (they sort as text), or undefined for none. */
export const latestOf = (instants: readonly (string | undefined)[]): string | undefined =>
  instants.reduce<string | undefined>((max, at) => (at !== undefined && (max === undefined || at > max) ? at : max), undefined);

export const EMPTY_GLANCE: Glance = { goals: [], openAlerts: [] };

/** The glance's parts that its sources decide (the last activity is kept apart: it only moves forward). */
export const glanceOf = (plan: Plan, alerts: readonly RedAlert[], reviewOn: string | undefined): Omit<Glance, 'lastActivityAt'> => ({
  goals: Object.values(plan.goals)
    .filter((g) => g.status === 'active')
    .sort((a, b) => a.order - b.order)
    .map((g) => ({ goalId: g.goalId, description: g.description, ...(g.rag ? { rag: { status: g.rag.status, at: g.rag.at } } : {}) })),
  openAlerts: alerts
    .filter((a) => a.status !== 'acknowledged')
    .sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : 1))
    .map((a) => ({ alertId: a.alertId, goalId: a.goalId, status: a.status === 'escalated' ? ('escalated' as const) : ('open' as const), raisedAt: a.raisedAt })),
  ...(reviewOn ? { reviewOn } : {}),
});

/**
 * Why a patient needs the care team's attention first, most urgent first: a red alert nobody has
 * acknowledged, one escalated to the duty team, a goal at red, a review due or overdue; or nothing.
 */
export const ATTENTION = ['alert-open', 'alert-escalated', 'red', 'review', 'none'] as const;
export type Attention = (typeof ATTENTION)[number];

export const attentionOf = (glance: Glance | undefined, today: string): Attention => {
  if (!glance) return 'none';
  if (glance.openAlerts.some((a) => a.status === 'open')) return 'alert-open';
  if (glance.openAlerts.length > 0) return 'alert-escalated';
  if (glance.goals.some((g) => g.rag?.status === 'red')) return 'red';
  if (glance.reviewOn && reviewStatus(glance.reviewOn, today)) return 'review';
  return 'none';
};
