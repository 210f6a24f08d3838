import { Router } from '@aws-lambda-powertools/event-handler/http';
import { compress } from '@aws-lambda-powertools/event-handler/http/middleware';
import type { HttpRouteOptions, Middleware } from '@aws-lambda-powertools/event-handler/types';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import * as z from 'zod/mini';
import type { Deps } from '../runtime/deps';
import { behindTheDoor, guardStore } from '../record/door-gate';
import { authorize } from './access';
import { bodyNotUtf8, utf8Text } from './body-text';
import { accountClosed, accountDisabled, ValidationProblemError, problemResponse } from './problem';
import { refusedAccount } from '../store/directory-repository';
import { requestActor } from './request-actor';
import { jsonResponse } from './responses';
import { pathParamNames, toRouterPath, type Route, type Schema } from './route';
import type { FieldIssue } from '../domain/zod';
import { bodyTooLarge, internalError, toProblemError } from './to-problem';

/** A path parameter: an id, never empty, never a path of its own. */
const pathParam = z.string().check(z.minLength(1), z.maxLength(128), z.regex(/^[A-Za-z0-9._~-]+$/, 'must be an id (letters, digits, . _ ~ -)'));

/** Routes that declare no query still reject unknown parameters (strict schemas, design decision 8). */
const noQuery = z.strictObject({});

const paramsSchema = (route: Route): Schema<unknown> => route.params ?? z.strictObject(Object.fromEntries(pathParamNames(route.path).map((name) => [name, pathParam])));

/** Why a body cannot be read as the JSON a route takes (415), or undefined when it can. */
const unreadableBody = (headers: Headers): FieldIssue | undefined => {
  const type = headers.get('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) return { field: 'content-type', detail: 'must be application/json' };
  // JSON is UTF-8 (RFC 8259 §8.1); a body declared otherwise would be read wrong, not refused.
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) return { field: 'content-type', detail: 'must have no charset but UTF-8' };
  const coding = headers.get('content-encoding');
  if (coding !== null && !/^identity$/i.test(coding)) return { field: 'content-encoding', detail: 'must be absent: compressed bodies are not accepted' };
  return undefined;
};

/** A file to save (`Content-Disposition: attachment`), e.g. the finance CSV. */
const isDownload = (response: Response): boolean => /^attachment\b/i.test(response.headers.get('content-disposition') ?? '');

/**
 * A file goes as its bytes (base64 to API Gateway, which sends them as they are): as text, the
 * router would decode it first, and decoding drops a leading byte order mark (the one a CSV needs
 * for spreadsheets to read it as UTF-8).
 */
const asBytes = async (response: Response, headers: Headers): Promise<ArrayBuffer> => {
  response.headers.forEach((value, name) => {
    headers.set(name, value);
  });
  return response.arrayBuffer();
};

const gzip = compress({ encoding: 'gzip' });
/**
 * Gzip (Powertools' compress) only for a client that says it takes gzip: Powertools compresses for a
 * request without Accept-Encoding too, which would hand a plain `curl` bytes it cannot read.
 */
const gzipWhenAsked: Middleware = (args) => (/\bgzip\b/i.test(args.reqCtx.req.headers.get('accept-encoding') ?? '') ? gzip(args) : args.next());

/** Access first, so that a caller who may not use a route learns nothing from validation errors. */
const accessCheck =
  (route: Route, deps: Deps): Middleware =>
  async ({ reqCtx, next }) => {
    const actor = requestActor(reqCtx.event);
    authorize(route.access, actor);
    // A person an operator disabled is refused from their next request, whatever their token says
    // (on patient data, the record reads it with the data: shared/record/patient-record.ts).
    const refused = actor && !actor.scopes && route.access.kind !== 'patient-data' ? await refusedAccount(deps.store, deps.config.borough.id, actor.id) : undefined;
    if (refused) throw refused === 'closed' ? accountClosed() : accountDisabled();
    const defaultMaxBody = deps.config.maxBodyBytes;
    const limit = route.maxBodyBytes ?? defaultMaxBody;
    const { body, isBase64Encoded } = reqCtx.event as { body?: string | null; isBase64Encoded?: boolean };
    const length = body ? Buffer.byteLength(body, isBase64Encoded ? 'base64' : 'utf8') : 0;
    if (length > limit) throw bodyTooLarge(limit, length);
    const issue = route.body ? unreadableBody(reqCtx.req.headers) : undefined;
    if (issue) throw new ValidationProblemError(415, 'Send the body as application/json, in UTF-8, uncompressed.', [issue]);
    // API Gateway hands over bytes it cannot pass as text in base64: they must still be UTF-8.
    if (route.body && body && isBase64Encoded && utf8Text(Buffer.from(body, 'base64')) === undefined) throw bodyNotUtf8();
    await next();
  };

/**
 * Puts a service's route table on Powertools' HTTP router: access rule, strict validation of body,
 * query and path, then the route's handler; every failure becomes problem+json.
 */
export const buildRouter = (routes: readonly Route[], deps: Deps): Router => {
  const { logger } = deps.observability;
  const app = new Router({ logger });
  guardStore(deps.store);
  for (const route of routes) {
    // zod/mini schemas are Standard Schemas; the router's types want their exact outputs.
    const validation: NonNullable<HttpRouteOptions['validation']> = {
      req: {
        ...(route.body ? { body: route.body } : {}),
        query: (route.query ?? noQuery) as StandardSchemaV1<unknown, Record<string, unknown>>,
        path: paramsSchema(route) as StandardSchemaV1<unknown, Record<string, string>>,
      },
    };
    app.route(
      async (reqCtx) => {
        const valid = (reqCtx as { valid?: { req?: unknown } }).valid?.req as { body?: unknown; query?: unknown; path?: unknown };
        const handle = () =>
          Promise.resolve(
            route.handle({
              actor: requestActor(reqCtx.event),
              body: valid.body,
              query: valid.query,
              params: valid.path,
              headers: reqCtx.req.headers,
              deps,
              operation: `${route.method} ${route.path}`,
              access: route.access,
              lambda: reqCtx.context,
            }),
          );
        // A patient's data is reached only through their record, which decides on consent first.
        const result = await (route.access.kind === 'patient-data' ? behindTheDoor(deps.config.borough.id, `${route.method} ${route.path}`, handle) : handle());
        if (!(result instanceof Response)) return jsonResponse(route.response.status, result);
        return isDownload(result) ? asBytes(result, reqCtx.res.headers) : result;
      },
      { method: route.method, path: toRouterPath(route.path), middleware: [accessCheck(route, deps), ...(route.compressed ? [gzipWhenAsked] : [])], validation },
    );
  }
  const answerTo = (error: Error): Response => {
    const problem = toProblemError(error);
    if (problem) return problemResponse(problem);
    logger.error('unhandled error in route', { errorName: error.name, error });
    return problemResponse(internalError());
  };
  app.errorHandler(Error, (error) => Promise.resolve(answerTo(error)));
  return app;
};
