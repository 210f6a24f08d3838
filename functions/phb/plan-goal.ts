import type { Actor } from '../../shared/domain/actor';
import { authorOf as planAuthorOf, type Author } from '../../shared/domain/plan';

type Item = Record<string, unknown>;

/** Whether the stored plan has this goal (a PHB request must serve one). */
export const fromPlanItemGoal = (plan: Item | undefined, goalId: string): boolean => Boolean((plan?.goals as Record<string, unknown> | undefined)?.[goalId]);

export const authorOf = (actor: Actor, patientId: string): Author => planAuthorOf(actor, patientId);
