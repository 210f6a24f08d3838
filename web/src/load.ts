import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload(): Promise<void>;
}

/** Loads what a page shows; `reload` after a change. Errors are kept to be shown in words, never thrown. */
export const useLoad = <T,>(load: () => Promise<T>, deps: unknown[]): Loaded<T> => {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const reload = useCallback(async () => {
    try {
      const data = await load();
      setState({ data, loading: false });
    } catch (error) {
      setState({ loading: false, error: error instanceof ApiError ? error : new ApiError(500, { status: 500, title: String(error) }) });
    }
  }, deps); // the caller names what the load depends on
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
};
