import type { Actor } from '../domain/actor';
import { ForbiddenError, UnauthorizedError } from './problem';
import type { Access } from './route';

/**
 * Applies a route's declared access rule to the caller, before any input is read.
 * Patient-data routes only check the role here; the consent decision is made with the patient's data.
 */
export const authorize = (access: Access, actor: Actor | undefined): void => {
  if (access.kind === 'public') return;
  if (!actor) throw new UnauthorizedError();
  if (actor.scopes) {
    if (access.kind !== 'client') throw new ForbiddenError('A system client may use only the operations for systems.');
    if (!actor.scopes.includes(access.scope)) throw new ForbiddenError(`This operation needs the scope ${access.scope}.`);
    return;
  }
  if (access.kind === 'client') throw new ForbiddenError('Only a system client (OAuth client credentials) may use this operation.');
  if (access.kind === 'signed-in') return;
  // Patient data: the decision point decides with the patient's grants, and every refusal there is
  // audited and answers 404, whatever the caller's role.
  if (access.kind === 'patient-data') return;
  if (!access.roles.some((role) => actor.roles.includes(role))) {
    throw new ForbiddenError('Your role may not use this operation.');
  }
};
