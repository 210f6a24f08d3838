import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { makeHttpHandler } from '../../shared/http/handler';
import type { HttpEvent } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { routes } from './routes';
import { makeStreamHandler } from './stream';
import { sendDigests } from './digest';

/** The scheduled event (EventBridge) that asks for the daily digest. */
export interface DigestEvent {
  digest: true;
}

/** One function for the service: the table's stream (deliveries), the daily digest and the inbox routes. */
export const makeNotificationsHandler = (deps: Deps) => {
  const http = makeHttpHandler(routes, deps);
  const stream = makeStreamHandler(deps);
  return (event: HttpEvent | DynamoDBStreamEvent | DigestEvent, context: Context) => {
    if ('Records' in event) return stream(event, context);
    if ('digest' in event) return deps.messages ? sendDigests(deps, deps.messages) : Promise.resolve({ sent: 0 });
    return http(event, context);
  };
};
