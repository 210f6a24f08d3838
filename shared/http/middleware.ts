import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { actorFromClaims, type Claims, type TokenContext } from './claims';
import { ForbiddenError, PROBLEM_CONTENT_TYPE, UnauthorizedError, ValidationProblemError, type ProblemError } from './problem';
import { setRequestActor } from './request-actor';
import { ROUTE_METHODS, unreadablePart } from './request-shape';
import { bodyTooLarge, internalError, methodNotAllowed, toProblemError } from './to-problem';

// A public route (health, API document) has no authorizer, so the event may lack it entirely.
export type HttpEvent = Omit<APIGatewayProxyEventV2WithJWTAuthorizer, 'requestContext'> & {
  requestContext: Omit<APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'], 'authorizer'> & {
    authorizer?: { jwt?: { claims?: Claims; scopes?: string[] | null } };
  };
};
export type HttpResult = APIGatewayProxyStructuredResultV2;
type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResult>;

/** A problem as an HTTP API result, for answers given before the router runs. */
export const problemResult = (problem: ProblemError): HttpResult => ({
  statusCode: problem.status,
  headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...problem.headers },
  body: JSON.stringify(problem.toProblem()),
});

/**
 * Reads the caller from the JWT authorizer's claims and refuses a token of another borough (403),
 * whatever the route: each borough's API serves its own people only (design decision 1).
 */
export const authContext = (context: TokenContext): HttpMiddleware => ({
  before: (request) => {
    const { borough } = context;
    const claims = request.event.requestContext.authorizer?.jwt?.claims;
    if (!claims) return;
    const actor = actorFromClaims(claims, context);
    if (!actor) return problemResult(new UnauthorizedError('The token does not name a user and a borough (or a system client of this borough), or has no expiry.'));
    if (actor.borough !== borough) return problemResult(new ForbiddenError(`This token is for another borough; this API serves ${borough}.`));
    setRequestActor(request.event, actor);
  },
});

/** Refuses a body larger than the limit before anything parses it (413). */
export const bodyLimit = (maxBytes: number): HttpMiddleware => ({
  before: (request) => {
    const { body, isBase64Encoded } = request.event;
    if (!body) return;
    const size = isBase64Encoded ? Buffer.from(body, 'base64').byteLength : Buffer.byteLength(body, 'utf8');
    if (size > maxBytes) return problemResult(bodyTooLarge(maxBytes, size));
  },
});

/**
 * Refuses what the router cannot read, so that it never becomes a 500: a method no route table uses
 * (405), and what `unreadablePart` names (400). A GET's body is dropped: it has no meaning (RFC 9110
 * §9.3.1), and a Web Request cannot carry one.
 */
export const readableRequest = (): HttpMiddleware => ({
  before: (request) => {
    const { event } = request;
    const method = event.requestContext.http.method.toUpperCase();
    if (!ROUTE_METHODS.has(method)) return problemResult(methodNotAllowed());
    if (method === 'GET') {
      delete event.body;
      event.isBase64Encoded = false;
    }
    const issue = unreadablePart(event);
    if (issue) return problemResult(new ValidationProblemError(400, `The request cannot be read: ${issue.field} ${issue.detail}.`, [issue]));
  },
});

/** Last line of defence: whatever escaped the router still answers problem+json (503 when the database is away). */
export const problemOnError = (logger: Logger): HttpMiddleware => ({
  onError: (request) => {
    const problem = toProblemError(request.error);
    if (!problem) logger.error('unhandled error', { errorName: request.error?.name, error: request.error ?? undefined });
    request.response = problemResult(problem ?? internalError());
  },
});

/** One metric per answer by class (2xx/4xx/5xx), for the borough's alarms and dashboard. */
export const countResponses = (metrics: Metrics): HttpMiddleware => {
  const count = (status: number | undefined) => metrics.addMetric(status === undefined || status < 400 ? 'Responses2xx' : status < 500 ? 'Responses4xx' : 'Responses5xx', MetricUnit.Count, 1);
  return {
    // Braces matter: a middy middleware that returns a value replaces the response.
    after: (request) => {
      count(request.response?.statusCode);
    },
    onError: (request) => {
      count(request.response?.statusCode ?? 500);
    },
  };
};
