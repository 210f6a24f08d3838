import type { Actor } from './actor';

/** What an actor wants to do with a patient's data. Later issues add the grant scopes. */
export type ConsentAction = 'plan:read' | 'plan:contribute' | 'plan:write' | 'crisis-plan:read' | 'log:read' | 'health:read' | 'phb:read';

export interface ConsentResource {
  borough: string;
  patientId: string;
}

export type ConsentDecision =
  | { allow: true; reason: 'self' }
  | { allow: false; reason: 'other-borough' | 'no-grant' };

/**
 * The one policy decision point (design decision 6). For now a patient may act on their own data and
 * everyone else is denied; grants extend it.
 * @example decide(actor, 'plan:read', { borough: 'city-and-hackney', patientId: 'sally' }, new Date())
 */
export const decide = (actor: Actor, _action: ConsentAction, resource: ConsentResource, _now: Date): ConsentDecision => {
  if (actor.borough !== resource.borough) return { allow: false, reason: 'other-borough' };
  if (actor.roles.includes('patient') && actor.id === resource.patientId) return { allow: true, reason: 'self' };
  return { allow: false, reason: 'no-grant' };
};
