import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { makeHttpHandler } from '../../shared/http/handler';
import type { HttpEvent } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { routes } from './routes';
import { makeOutcomesStreamHandler } from './stream';

/** One function for the service: the table's stream (keeping the aggregates) and the report route. */
export const makeOutcomesHandler = (deps: Deps) => {
  const http = makeHttpHandler(routes, deps);
  const stream = makeOutcomesStreamHandler(deps);
  return (event: HttpEvent | DynamoDBStreamEvent, context: Context) => ('Records' in event ? stream(event, context) : http(event, context));
};
