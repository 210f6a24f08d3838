import createClient, { type MaybeOptionalInit } from 'openapi-fetch';
import type { components, paths } from './api-types';
import type { Session } from './session';

type ApiProblem = components['schemas']['Problem'];

/** An RFC 9457 problem, as the API answers every error (the page makes its own without a `type`). */
export type Problem = Pick<ApiProblem, 'status' | 'title' | 'detail' | 'errors'> & { type?: string };

/** A failed call, with what to tell the person in plain words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(explain(status, problem));
    this.name = 'ApiError';
  }

  /** The fields the API named, for the error summary and the messages beside each field. */
  get fieldErrors(): { field: string; detail: string }[] {
    return this.problem.errors ?? [];
  }
}

/** Words a person understands for each kind of failure (the API's own detail where it is meant for people). */
export const explain = (status: number, problem?: Problem): string => {
  switch (status) {
    case 0:
      return 'We could not reach the service. Check your internet connection and try again.';
    case 401:
      return 'You have been signed out, for your security. Sign in again to carry on.';
    case 403:
      return 'You do not have permission to do this.';
    case 404:
      return 'We could not find this. It may have been removed, or it is no longer shared with you.';
    case 409:
      return problem?.detail ?? 'This has already been done, or it clashes with something that already exists.';
    case 412:
      return 'Someone else changed this while you were working on it. We have loaded the latest version: check it and try again.';
    case 413:
      return 'That is too long to save. Please shorten it.';
    case 400:
    case 422:
      return 'Some answers need checking.';
    case 429:
    case 503:
      return 'The service is very busy right now. Nothing was changed. Please try again in a minute.';
    default:
      return 'Something went wrong on our side. Nothing was changed. Please try again.';
  }
};

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';

/** The API's paths that answer this method. */
type PathsOf<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, object> ? P : never }[keyof paths];

type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined;

/**
 * What a route answers on success, as the API document (web/src/api-types.ts, generated from the
 * route tables' zod schemas) says: a changed response schema breaks the web's type check and build.
 * @example type PlanView = Answer<'/patients/{patientId}/plan'>
 */
export type Answer<P extends keyof paths, M extends Method = 'get'> = paths[P][M] extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : undefined
  : never;

/** What a route takes as its JSON body. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends { requestBody: { content: { 'application/json': infer T } } } ? T : never;

export interface CallOptions {
  /** The version the change was based on (If-Match), for edits. */
  ifMatch?: number;
  idempotencyKey?: string;
  /** Gives up after this long, as if there were no connection (status 0): for what the phone keeps and sends again. */
  timeoutMs?: number;
}

/** openapi-fetch's options of one route (`params: { path, query }`, `body`), typed by the API document, and ours. */
type Init<P extends keyof paths, M extends Method> = NonNullable<MaybeOptionalInit<paths[P], M>> & CallOptions;
type Call<M extends Method> = <P extends PathsOf<M>>(path: P, ...init: undefined extends MaybeOptionalInit<paths[P], M> ? [init?: Init<P, M>] : [init: Init<P, M>]) => Promise<Answer<P, M>>;

/**
 * The borough's API as the signed-in person, one method per HTTP method, each typed by its path
 * template: `api.GET('/patients/{patientId}/plan', { params: { path: { patientId: 'me' } } })`.
 * A call answers the route's JSON (undefined for a 204); a problem becomes an ApiError, and a 401 also
 * ends the session.
 */
export interface Api {
  GET: Call<'get'>;
  PUT: Call<'put'>;
  POST: Call<'post'>;
  PATCH: Call<'patch'>;
  DELETE: Call<'delete'>;
  /** A file the API sends to save (`Content-Disposition: attachment`): its bytes and the name it gives it. */
  download: <P extends PathsOf<'get'>>(path: P, ...init: undefined extends MaybeOptionalInit<paths[P], 'get'> ? [init?: Init<P, 'get'>] : [init: Init<P, 'get'>]) => Promise<Download>;
}

export interface Download {
  blob: Blob;
  filename: string;
}

/** The calling patient's own record (`/patients/me/...`). */
export const ME = { path: { patientId: 'me' } } as const;

/** The borough's API (openapi-fetch, base address `session.borough.api`) with the session's token. */
export const apiFor = (session: Session, onSignedOut?: () => void): Api => {
  const client = createClient<paths>({
    baseUrl: session.borough.api,
    headers: { authorization: `Bearer ${session.token}`, accept: 'application/json' },
    // Only a request that never got an answer is a network error (a body that does not parse is not).
    fetch: (request) => fetch(request).catch(() => Promise.reject(new ApiError(0, { status: 0, title: 'Network error' }))),
  });
  // Typed for callers by Api; here one function serves every path and method.
  const request = client.request as (method: string, path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
  const failed = (response: Response, error: unknown): ApiError => {
    if (response.status === 401) onSignedOut?.();
    return new ApiError(response.status, typeof error === 'object' && error !== null ? (error as Problem) : { status: response.status, title: response.statusText });
  };
  const send =
    (method: Uppercase<Method>) =>
    async (path: string, init: Record<string, unknown> & CallOptions = {}): Promise<unknown> => {
      const { ifMatch, idempotencyKey, timeoutMs, ...options } = init;
      const headers: Record<string, string> = {};
      if (ifMatch !== undefined) headers['if-match'] = `"${ifMatch}"`;
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      const { response, error, data } = await request(method, path, { ...options, headers, ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}) });
      if (response.ok) return data;
      throw failed(response, error);
    };
  const download = async (path: string, init: Record<string, unknown> = {}): Promise<Download> => {
    // Fetched with the token like any call (a plain link would carry none), then kept as it came.
    const { response, error, data } = await request('GET', path, { ...init, parseAs: 'blob' });
    if (!response.ok || !(data instanceof Blob)) throw failed(response, error);
    const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
    return { blob: data, filename };
  };
  return { GET: send('GET'), PUT: send('PUT'), POST: send('POST'), PATCH: send('PATCH'), DELETE: send('DELETE'), download } as Api;
};
