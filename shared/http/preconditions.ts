import { ProblemError, ValidationProblemError } from './problem';

/**
 * The version a write is based on, from `If-Match` (`"3"`, `W/"3"` or `3`): a write without it is
 * 428, so that two people editing never silently overwrite each other.
 */
export const requireIfMatch = (headers: Headers): number => {
  const raw = headers.get('if-match');
  if (raw === null) throw new ProblemError(428, 'precondition-required', 'Precondition Required', 'Send If-Match with the version you are changing.');
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!match) throw new ValidationProblemError(400, 'If-Match must be a version number.', [{ field: 'header.if-match', detail: 'must be a version, e.g. "3"' }]);
  return Number(match[1]);
};

/** The version in `If-Match` if the client sent one (appends may omit it: they overwrite nothing). */
export const optionalIfMatch = (headers: Headers): number | undefined => (headers.get('if-match') === null ? undefined : requireIfMatch(headers));

/** 412 with the current version, so the client can fetch it and try again. */
export const staleVersion = (current: number): ProblemError =>
  new ProblemError(412, 'stale-version', 'Precondition Failed', `Someone changed this first; the current version is ${current}.`, { currentVersion: current }, { etag: `"${current}"` });

export const etag = (version: number): Record<string, string> => ({ etag: `"${version}"` });
