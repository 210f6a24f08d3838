import { HttpError, MethodNotAllowedError, NotFoundError as RouterNotFoundError, ParameterValidationError, RequestValidationError } from '@aws-lambda-powertools/event-handler/http';
import { toFieldIssue } from '../domain/zod';
import { AuditContentionError } from '../store/audit-repository';
import { MeasurementRuleError } from '../domain/health';
import { RuleError, type Refusal } from '../domain/rule-error';
import { NotFoundError, ProblemError, ServiceUnavailableError, titleFor, ValidationProblemError } from './problem';

interface Issue {
  message: string;
  path?: PropertyKey[];
}

// Errors of the AWS SDK (or the network under it) that mean "the database is not there right now".
const UNAVAILABLE = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ServiceUnavailable',
  'InternalServerError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

// The SDK wraps a socket error it cannot recognise (another realm's Error) and keeps only its message.
const NETWORK_MESSAGE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN)\b/;

export const isUnavailable = (error: unknown): boolean => {
  const e = error as { name?: string; code?: string; message?: string; cause?: unknown } | undefined;
  if (!e) return false;
  return UNAVAILABLE.has(e.name ?? '') || UNAVAILABLE.has(e.code ?? '') || NETWORK_MESSAGE.test(e.message ?? '') || (e.cause !== undefined && e.cause !== error && isUnavailable(e.cause));
};

/** How a refusal of a domain rule is answered. */
const REFUSAL_ANSWER: Record<Refusal, { status: 403 | 404 | 409; type: string }> = {
  'not-allowed': { status: 403, type: 'forbidden' },
  'not-found': { status: 404, type: 'not-found' },
  conflict: { status: 409, type: 'conflict' },
};

/**
 * Maps anything a route may throw to the problem the caller sees; `undefined` means an unexpected
 * failure (a 500, which the caller logs).
 */
export const toProblemError = (error: unknown): ProblemError | undefined => {
  if (error instanceof ProblemError) return error;
  if (error instanceof MeasurementRuleError) return new ValidationProblemError(422, `Invalid input: ${error.field}.`, [{ field: error.field, detail: error.message }]);
  if (error instanceof RuleError) {
    const { status, type } = REFUSAL_ANSWER[error.refusal];
    return new ProblemError(status, type, titleFor(status), error.message);
  }
  // The router refuses an empty (or all-blank) path parameter before our schemas see it.
  if (error instanceof ParameterValidationError) {
    const issues = error.issues.map((message) => ({ field: `path.${/'([^']+)'/.exec(message)?.[1] ?? 'parameter'}`, detail: 'must not be empty' }));
    return new ValidationProblemError(422, `Invalid input: ${issues.map((i) => i.field).join(', ')}.`, issues);
  }
  if (error instanceof RequestValidationError) {
    if ((error.cause as Error | undefined)?.message === 'Invalid JSON body') {
      return new ValidationProblemError(400, 'The request body is not valid JSON.', [{ field: 'body', detail: 'is not valid JSON' }]);
    }
    const issues = ((error.details as { issues?: Issue[] } | undefined)?.issues ?? []).map(toFieldIssue);
    const fields = issues.map((i) => i.field).join(', ');
    return new ValidationProblemError(422, `Invalid input: ${fields || 'request'}.`, issues);
  }
  if (error instanceof RouterNotFoundError) return new NotFoundError();
  if (error instanceof MethodNotAllowedError) return methodNotAllowed();
  if (error instanceof HttpError && error.statusCode < 500) {
    return new ProblemError(error.statusCode, 'about:blank', error.name, error.message);
  }
  if (isUnavailable(error)) return new ServiceUnavailableError();
  if (error instanceof AuditContentionError) return new ServiceUnavailableError('Too many people are reading this record at once; please try again in a moment.');
  return undefined;
};

export const methodNotAllowed = (): ProblemError => new ProblemError(405, 'method-not-allowed', 'Method Not Allowed', 'This address does not accept that method.');

/**
 * 413 for a body over `limit` bytes; `size` when it is known (a body refused while it was still
 * arriving has none).
 * @example throw bodyTooLarge(65536, 70000)
 */
export const bodyTooLarge = (limit: number, size?: number): ProblemError =>
  new ValidationProblemError(413, size === undefined ? `The body is larger than the ${limit} bytes accepted here.` : `The body is ${size} bytes; at most ${limit} are accepted here.`, [
    { field: 'body', detail: `is larger than ${limit} bytes` },
  ]);

export const internalError = (): ProblemError => new ProblemError(500, 'internal', 'Internal Server Error', 'Something went wrong on our side; nothing was changed. Please try again.');
