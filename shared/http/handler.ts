import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { systemClients, type Deps } from '../runtime/deps';
import { authContext, bodyLimit, countResponses, problemOnError, readableRequest, type HttpEvent, type HttpResult } from './middleware';
import type { Route } from './route';
import { buildRouter } from './router';

export type HttpHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/**
 * The Lambda handler of an HTTP service: Powertools observability and our auth, size, readability and
 * error middleware around Powertools' router for the service's route table.
 * @example export const handler = makeHttpHandler(routes, depsFromEnv('boroughs'))
 */
export const makeHttpHandler = (routes: readonly Route[], deps: Deps): HttpHandler => {
  const { logger, metrics, tracing } = deps.observability;
  const router = buildRouter(routes, deps);
  const handler = middy<HttpEvent, HttpResult>()
    .use([...tracing.middleware])
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use(countResponses(metrics))
    .use(problemOnError(logger))
    .use(authContext({ borough: deps.config.borough.id, clients: systemClients(deps.config) }))
    // The largest any route allows; each route's own limit is checked by the router.
    .use(bodyLimit(Math.max(deps.config.maxBodyBytes, ...routes.map((r) => r.maxBodyBytes ?? 0))))
    .use(readableRequest())
    .handler((event, context) => router.resolve(event as unknown as APIGatewayProxyEventV2, context));
  return (event, context) => handler(event, context);
};
