import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError } from './api';
import type { Session } from './session';
import { keep, keptCopy, type KeptName } from './offline/kept';

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Loads what a page shows; `reload` after a change. Errors are kept to be shown in words, never thrown. */
export const useLoad = <T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> => {
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

/**
 * Like useLoad, for the patient's own plan and crisis plan: each answer is kept for the session, and
 * with no connection the kept copy is shown instead, with when it was fetched (`asOf`). `keepAs`
 * undefined (staff reading a patient's record): nothing is kept, ever.
 */
export const useKeptLoad = <T>(session: Session, keepAs: KeptName | undefined, load: () => Promise<T>, deps: unknown[]): Loaded<T> & { asOf?: string } => {
  const [asOf, setAsOf] = useState<string>();
  const loaded = useLoad(async () => {
    try {
      const data = await load();
      if (keepAs) keep(session, keepAs, data);
      setAsOf(undefined);
      return data;
    } catch (error) {
      const kept = keepAs && error instanceof ApiError && error.status === 0 ? keptCopy<T>(session, keepAs) : undefined;
      if (!kept) throw error;
      setAsOf(kept.savedAt);
      return kept.data;
    }
  }, [...deps, keepAs]);
  // Back online: what is there now replaces the kept copy.
  const { reload } = loaded;
  useEffect(() => {
    if (!asOf) return undefined;
    const fresh = () => void reload();
    window.addEventListener('online', fresh);
    return () => window.removeEventListener('online', fresh);
  }, [asOf, reload]);
  return { ...loaded, ...(asOf ? { asOf } : {}) };
};

/** The page a list asks for: `limit` items after `cursor`. */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface Paged<T> {
  items: T[];
  loading: boolean;
  error?: ApiError;
  /** There are older items: `loadMore` fetches the next page. */
  more: boolean;
  loadMore: () => Promise<void>;
  /** Back to the first page, after a change. */
  reload: () => Promise<void>;
}

/**
 * A paginated list of the API (`items`, `nextCursor`), newest first: the first page on mount, and
 * older pages when asked. `fetchPage` receives the query parameters to add (`limit`, `cursor`).
 */
export const usePages = <T>(fetchPage: (query: PageQuery) => Promise<{ items: T[]; nextCursor?: string }>, deps: unknown[], limit = 20): Paged<T> => {
  const [state, setState] = useState<{ items: T[]; cursor?: string; loading: boolean; error?: ApiError }>({ items: [], loading: true });
  const fetchFrom = async (cursor: string | undefined, before: T[]) => {
    try {
      const page = await fetchPage({ limit, ...(cursor ? { cursor } : {}) });
      setState({ items: [...before, ...page.items], ...(page.nextCursor ? { cursor: page.nextCursor } : {}), loading: false });
    } catch (error) {
      setState({ items: before, ...(cursor ? { cursor } : {}), loading: false, error: error instanceof ApiError ? error : new ApiError(500, { status: 500, title: String(error) }) });
    }
  };
  const reload = useCallback(() => fetchFrom(undefined, []), deps); // the caller names what the list depends on
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, more: state.cursor !== undefined, loadMore: () => fetchFrom(state.cursor, state.items), reload };
};
