import { useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Action {
  error?: ApiError;
  /** What was done, in words, once it was. */
  saved?: string;
  /**
   * Runs a change: on success reloads (`onDone`), then says `said` (so the page already shows what it
   * says); on an API error keeps it to be shown and, when the thing changed meanwhile (404 gone, 409
   * clash, 412 stale version), reloads so the person sees what is there now. True if it was done.
   */
  run<T>(change: () => Promise<T>, said: string | ((result: T) => string)): Promise<boolean>;
  /** Refuses before calling, naming the field (or fields) as the API would. */
  refuse(field: string | readonly FieldIssue[], detail?: string): void;
  /** Forgets the error and the confirmation (the form changed to something else). */
  clear(): void;
}

interface FieldIssue {
  field: string;
  detail: string;
}

/** The state of a form's change: its error, its confirmation, and how to run it. */
export const useAction = (onDone?: () => Promise<void>): Action => {
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();
  return {
    ...(error ? { error } : {}),
    ...(saved ? { saved } : {}),
    run: async (change, said) => {
      setError(undefined);
      setSaved(undefined);
      try {
        const result = await change();
        await onDone?.();
        setSaved(typeof said === 'string' ? said : said(result));
        return true;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        setError(e);
        if ([404, 409, 412].includes(e.status)) await onDone?.();
        return false;
      }
    },
    clear: () => {
      setError(undefined);
      setSaved(undefined);
    },
    refuse: (field, detail = '') => {
      setSaved(undefined);
      setError(new ApiError(422, { status: 422, title: 'Invalid', errors: typeof field === 'string' ? [{ field, detail }] : [...field] }));
    },
  };
};
