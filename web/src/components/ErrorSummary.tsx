import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../api';

/** The NHS error summary: what went wrong in words, the fields at fault linked to their inputs; takes focus. */
export const ErrorSummary = ({ error, fieldIds = {}, names = {} }: { error?: ApiError; fieldIds?: Record<string, string>; names?: Record<string, string> }) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) box.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={box}>
      <h2 class="nhsuk-error-summary__title" id="error-summary-title">
        There is a problem
      </h2>
      <div class="nhsuk-error-summary__body">
        <p>{error.message}</p>
        {error.fieldErrors.length > 0 && (
          <ul class="nhsuk-list nhsuk-error-summary__list">
            {error.fieldErrors.map((f) => {
              const id = fieldIds[f.field];
              return (
                <li key={f.field}>
                  {id ? (
                    <a href={`#${id}`} onClick={(e) => focusField(e, id)}>
                      {describe(f, names[f.field])}
                    </a>
                  ) : (
                    describe(f, names[f.field])
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
};

/** `body.note` "is too long" reads as "Note is too long"; a page may name a field in its own words. */
export const describe = (f: { field: string; detail: string }, own?: string): string => {
  const name =
    own ??
    f.field
      .replace(/^(body|query|path|header)\./, '')
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase();
  return `${name.charAt(0).toUpperCase()}${name.slice(1)} ${f.detail}`;
};

// The links are in-page: move focus to the field rather than changing the hash route.
const focusField = (event: Event, id: string): void => {
  event.preventDefault();
  document.getElementById(id)?.focus();
};

export const fieldError = (error: ApiError | undefined, field: string): string | undefined => error?.fieldErrors.find((f) => f.field === field)?.detail;

/** The NHS error message beside a field, when the API (or the page) named that field. */
export const FieldError = ({ message, id }: { message?: string; id?: string }) =>
  message ? (
    <span class="nhsuk-error-message" id={id}>
      <span class="nhsuk-u-visually-hidden">Error:</span> {message}
    </span>
  ) : null;
