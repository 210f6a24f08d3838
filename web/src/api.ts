import type { Session } from './session';

/** An RFC 9457 problem, as the API answers every error. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  errors?: { field: string; detail: string }[];
}

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

export interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** The version the change was based on (If-Match), for edits. */
  ifMatch?: number;
  idempotencyKey?: string;
}

/** One call to the borough's API as the signed-in person; problems become ApiError, a 401 also ends the session. */
export const call = async <T>(session: Session, path: string, options: CallOptions = {}, onSignedOut?: () => void): Promise<T> => {
  const headers: Record<string, string> = { authorization: `Bearer ${session.token}`, accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(`${session.borough.api}${path}`, {
      method: options.method ?? 'GET',
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError(0, { status: 0, title: 'Network error' });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    if (response.status === 401) onSignedOut?.();
    throw new ApiError(response.status, (json as Problem | undefined) ?? { status: response.status, title: response.statusText });
  }
  return json as T;
};
