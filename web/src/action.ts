import { useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Action {
  error?: ApiError;
  /** What was done, in words, once it was. */
  saved?: string;
  /**
   * Runs a change: on success reloads (`onDone`) and says `said`; on an API error keeps it to be shown
   * and, for a stale version (412), reloads so the person sees what is there now. True if it was done.
   */
  run(change: () => Promise<unknown>, said: string): Promise<boolean>;
  /** Refuses before calling, naming the field as the API would. */
  refuse(field: string, detail: string): void;
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
        await change();
        await onDone?.();
        setSaved(said);
        return true;
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        setError(e);
        if (e.status === 412) await onDone?.();
        return false;
      }
    },
    refuse: (field, detail) => {
      setSaved(undefined);
      setError(new ApiError(422, { status: 422, title: 'Invalid', errors: [{ field, detail }] }));
    },
  };
};
