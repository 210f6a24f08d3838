import type { Context, PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { makeHttpHandler } from '../../shared/http/handler';
import type { HttpEvent } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { isDirectorySweepRequest, sweepDirectory, type DirectorySweepRequest } from './directory-sweep';
import { isTokenGenerationEvent, makeDirectorySync } from './directory-sync';
import { routes } from './routes';
import { requireStaffMfa, type MfaSettings } from './staff-mfa';

/**
 * One function for the borough's own endpoints, for Cognito's sign-ins, which keep the directory
 * and refuse staff without a second factor (`mfa`: Cognito in AWS; absent locally, where no Cognito
 * signs anyone in), and for the directory sweep (hourly, and on Cognito's disable and delete events).
 */
export const makeBoroughsHandler = (deps: Deps, mfa?: MfaSettings) => {
  const http = makeHttpHandler(routes, deps);
  const sync = makeDirectorySync(deps);
  const signIn = async (event: PreTokenGenerationTriggerEvent) => {
    if (mfa) await requireStaffMfa(mfa, event);
    return sync(event);
  };
  const sweep = async () => {
    if (!deps.accounts) throw new Error('the boroughs function has no accounts adapter');
    try {
      return await sweepDirectory(deps, deps.accounts);
    } finally {
      deps.observability.metrics.publishStoredMetrics();
    }
  };
  return (event: HttpEvent | PreTokenGenerationTriggerEvent | DirectorySweepRequest, context: Context) =>
    isDirectorySweepRequest(event) ? sweep() : isTokenGenerationEvent(event) ? signIn(event) : http(event, context);
};
