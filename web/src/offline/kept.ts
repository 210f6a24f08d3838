import type { Session } from '../session';

/**
 * The patient's own plan and crisis plan as last fetched, kept for reading with no connection
 * (issue 25, docs/offline.md). In sessionStorage, like the session itself: they last as long as the
 * signed-in tab, go at sign-out, and are never kept for staff (only the patient's own pages keep).
 */
const KEPT = 'recovery.kept.';

/** What a patient's own pages keep: one copy each. */
export type KeptName = 'plan' | 'crisis-plan';

interface KeptCopy<T> {
  borough: string;
  userId: string;
  /** When the copy was fetched: what "as of" says. */
  savedAt: string;
  data: T;
}

const isFor = (copy: KeptCopy<unknown>, session: Session): boolean => copy.borough === session.borough.id && copy.userId === session.userId;

/** Keeps what was just fetched. A full storage only means there is no offline copy, never a failed page. */
export const keep = (session: Session, name: KeptName, data: unknown, now = new Date()): void => {
  const copy: KeptCopy<unknown> = { borough: session.borough.id, userId: session.userId, savedAt: now.toISOString(), data };
  try {
    sessionStorage.setItem(KEPT + name, JSON.stringify(copy));
  } catch {
    sessionStorage.removeItem(KEPT + name);
  }
};

/** The copy kept for this person, if there is one (another person's is never given), as the page that kept it fetched it. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names what its page kept
export const keptCopy = <T>(session: Session, name: KeptName): { data: T; savedAt: string } | undefined => {
  const raw = sessionStorage.getItem(KEPT + name);
  if (!raw) return undefined;
  try {
    const copy = JSON.parse(raw) as KeptCopy<T>;
    return isFor(copy, session) ? { data: copy.data, savedAt: copy.savedAt } : undefined;
  } catch {
    return undefined;
  }
};

/** Removes every item of this site's keeping that starts with one of `prefixes`. */
export const forgetStored = (...prefixes: string[]): void => {
  const keys = Array.from({ length: sessionStorage.length }, (_, i) => sessionStorage.key(i)).filter((k): k is string => k !== null);
  for (const key of keys) if (prefixes.some((p) => key.startsWith(p))) sessionStorage.removeItem(key);
};

/** At sign-out and sign-in: no kept copy outlives the session it was fetched in. */
export const forgetKeptCopies = (): void => forgetStored(KEPT);
