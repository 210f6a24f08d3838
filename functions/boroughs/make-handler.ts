import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { makeHttpHandler } from '../../shared/http/handler';
import type { HttpEvent } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { isTokenGenerationEvent, makeDirectorySync } from './directory-sync';
import { routes } from './routes';

/** One function for the borough's own endpoints and for Cognito's sign-ins, which keep the directory. */
export const makeBoroughsHandler = (deps: Deps) => {
  const http = makeHttpHandler(routes, deps);
  const sync = makeDirectorySync(deps);
  return (event: HttpEvent | PreTokenGenerationTriggerEvent, context: Context) => (isTokenGenerationEvent(event) ? sync(event) : http(event as HttpEvent, context));
};
