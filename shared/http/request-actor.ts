import type { Actor } from '../domain/actor';
import { UnauthorizedError } from './problem';

// The auth middleware (middy) and the routes (Powertools router) see the same event object;
// the actor it resolved travels with that object, not through a global.
const actors = new WeakMap<object, Actor>();

export const setRequestActor = (event: object, actor: Actor): void => {
  actors.set(event, actor);
};

export const requestActor = (event: object): Actor | undefined => actors.get(event);

/** The caller of a route that is not public: its access rule has already required a valid token. */
export const callerOf = (ctx: { actor: Actor | undefined }): Actor => {
  if (!ctx.actor) throw new UnauthorizedError();
  return ctx.actor;
};
