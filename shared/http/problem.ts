import type { FieldIssue } from '../domain/zod';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://recovery-platform.nhs.example/problems/';

/** An RFC 9457 problem details body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The fields at fault, for 400/413/415/422. */
  errors?: FieldIssue[];
  [extension: string]: unknown;
}

/**
 * An error that is meant for the caller: it becomes an `application/problem+json` response.
 * @example throw new ProblemError(409, 'conflict', 'Conflict', 'The request was already decided')
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }

  toProblem(): Problem {
    return {
      type: this.slug === 'about:blank' ? 'about:blank' : `${TYPE_BASE}${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...this.extensions,
    };
  }
}

export class ValidationProblemError extends ProblemError {
  constructor(status: 400 | 413 | 415 | 422, detail: string, errors: FieldIssue[]) {
    super(status, status === 413 ? 'body-too-large' : status === 415 ? 'unsupported-media-type' : 'invalid-request', titleFor(status), detail, { errors });
    this.name = 'ValidationProblemError';
  }
}

export class UnauthorizedError extends ProblemError {
  constructor(detail = 'A valid bearer token is needed for this request.') {
    super(401, 'unauthorized', 'Unauthorized', detail, {}, { 'www-authenticate': 'Bearer' });
    this.name = 'UnauthorizedError';
  }
}

/** The directory says an operator disabled this person: their token, still valid, no longer is. */
export const accountDisabled = (): UnauthorizedError => new UnauthorizedError('This account has been disabled: ask your organisation.');

/** The caller closed their own account (a token issued before the closure): nothing more can be done with it. */
export const accountClosed = (): UnauthorizedError => new UnauthorizedError('This account is closed.');

/** A write to a record whose patient closed their account: it is kept read-only until it is removed (docs/records.md). */
export const recordClosed = (): ProblemError => new ProblemError(409, 'record-closed', 'Conflict', 'This account is closed: its record is read-only.');

export class ForbiddenError extends ProblemError {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends ProblemError {
  constructor(detail = 'Nothing was found at this address.') {
    super(404, 'not-found', 'Not Found', detail);
    this.name = 'NotFoundError';
  }
}

export class TooManyRequestsError extends ProblemError {
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'too-many-requests', 'Too Many Requests', detail, {}, { 'retry-after': String(retryAfterSeconds) });
    this.name = 'TooManyRequestsError';
  }
}

export class ServiceUnavailableError extends ProblemError {
  constructor(detail = 'The service is briefly unavailable; please try again shortly.') {
    super(503, 'unavailable', 'Service Unavailable', detail, {}, { 'retry-after': '2' });
    this.name = 'ServiceUnavailableError';
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const titleFor = (status: number): string => TITLES[status] ?? 'Error';

/** The Web Response for a problem (what Powertools' router and our middy layer both return). */
export const problemResponse = (error: ProblemError): Response =>
  new Response(JSON.stringify(error.toProblem()), {
    status: error.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...error.headers },
  });
