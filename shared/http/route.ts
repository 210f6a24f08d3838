import type { Context } from 'aws-lambda';
import type { Actor, Role } from '../domain/actor';
import type { ConsentAction } from '../domain/consent';
import type { ClientScope } from '../domain/client-scopes';
import type * as z from 'zod/mini';
import type { Deps } from '../runtime/deps';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call a route; every route declares one, and the access matrix test checks it.
 * - public: no token (health, API document)
 * - signed-in: any valid token of this borough
 * - roles: a valid token carrying one of these groups
 * - client: a system client (OAuth client credentials) whose token carries this scope; a system
 *   client may call no other kind of route
 * - patient-data: the path names a patient; the consent decision point decides per request with the
 *   patient's grants and the roles listed (the only roles a grant can reach); a refusal is audited
 *   and answers 404
 */
export type Access =
  | { kind: 'public' }
  | { kind: 'signed-in' }
  | { kind: 'roles'; roles: readonly Role[] }
  | { kind: 'client'; scope: ClientScope }
  | { kind: 'patient-data'; action: ConsentAction; roles: readonly Role[] };

/** The path of every route on a patient's data names the patient (`me` for the caller). */
export const PATIENT_PARAM = 'patientId';

export type Schema<T> = z.ZodMiniType<T>;

export interface RouteContext<TBody, TQuery, TParams> {
  /** Present on every route but public ones (the access rule guarantees it there). */
  actor: Actor | undefined;
  body: TBody;
  query: TQuery;
  params: TParams;
  headers: Headers;
  deps: Deps;
  /** `METHOD /path/{template}`: what the audit log records as the operation. */
  operation: string;
  access: Access;
  /** The Lambda context (remaining time, request id), for libraries that want it. */
  lambda: Context;
}

export interface RouteSpec<TBody, TQuery, TParams, TRes> {
  method: HttpMethod;
  /** API Gateway syntax: `/patients/{patientId}/plan`. */
  path: `/${string}`;
  summary: string;
  tags: string[];
  access: Access;
  body?: Schema<TBody>;
  query?: Schema<TQuery>;
  params?: Schema<TParams>;
  response: { status: 200 | 201 | 204; schema?: Schema<TRes>; contentType?: string };
  /** Largest body this route accepts, when it is not the service default (e.g. a GP import bundle). */
  maxBodyBytes?: number;
  /** Compress the answer (gzip) for a client that accepts it: for answers that can be large (a whole record). */
  compressed?: boolean;
  /**
   * A valid request, shown in the API document and replayed by the access matrix test as every role;
   * path parameters other than `patientId` (which the matrix sets) come from here too.
   */
  example?: { body?: TBody; query?: Record<string, string>; params?: Record<string, string>; headers?: Record<string, string> };
  handle(ctx: RouteContext<TBody, TQuery, TParams>): TRes | Response | Promise<TRes | Response>;
}

/** A route with its types erased, as route tables hold them. */
export type Route = RouteSpec<unknown, unknown, unknown, unknown>;

/**
 * Declares a route with its handler typed from its schemas.
 * @example defineRoute({ method: 'GET', path: '/me', access: { kind: 'signed-in' }, ... })
 */
export const defineRoute = <TBody = undefined, TQuery = Record<string, never>, TParams = Record<string, string>, TRes = unknown>(spec: RouteSpec<TBody, TQuery, TParams, TRes>): Route => spec;

/** The services' route tables, as the CDK stack, the local server and the OpenAPI document read them. */
export interface ServiceRoutes {
  service: string;
  routes: readonly Route[];
}

/** `{patientId}` -> `:patientId`, the router's syntax. */
export const toRouterPath = (path: string): `/${string}` => path.replace(/\{(\w+)\}/g, ':$1') as `/${string}`;

/** The path parameters a template names, in order. */
export const pathParamNames = (path: string): string[] => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
