import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { makeHttpHandler } from '../../shared/http/handler';
import type { HttpEvent } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { routes } from './routes';
import { makeStreamHandler } from './stream';

/** One function for the service: the table's stream (deliveries) and the inbox routes. */
export const makeNotificationsHandler = (deps: Deps) => {
  const http = makeHttpHandler(routes, deps);
  const stream = makeStreamHandler(deps);
  return (event: HttpEvent | DynamoDBStreamEvent, context: Context) => ('Records' in event ? stream(event, context) : http(event, context));
};
