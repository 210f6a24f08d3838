import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { makeHttpHandler } from '../../shared/http/handler';
import type { HttpEvent } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { isTokenGenerationEvent, makeDirectorySync } from './directory-sync';
import { routes } from './routes';
import { requireStaffMfa, type MfaSettings } from './staff-mfa';

/**
 * One function for the borough's own endpoints and for Cognito's sign-ins, which keep the directory
 * and refuse staff without a second factor (`mfa`: Cognito in AWS; absent locally, where no Cognito
 * signs anyone in).
 */
export const makeBoroughsHandler = (deps: Deps, mfa?: MfaSettings) => {
  const http = makeHttpHandler(routes, deps);
  const sync = makeDirectorySync(deps);
  const signIn = async (event: PreTokenGenerationTriggerEvent) => {
    if (mfa) await requireStaffMfa(mfa, event);
    return sync(event);
  };
  return (event: HttpEvent | PreTokenGenerationTriggerEvent, context: Context) => (isTokenGenerationEvent(event) ? signIn(event) : http(event, context));
};
