import type { BoroughEntry } from './config';
import { resetLastActive } from './idle';
import { forgetKeptCopies } from './offline/kept';
import { forgetOutbox, forgetOutboxOfOthers } from './offline/outbox';

export type Role = 'patient' | 'clinician' | 'phb-advisor' | 'operator' | 'paramedic' | 'integration' | 'duty';

/** Who is signed in, to which borough, with which token. Kept for the tab only (sessionStorage). */
export interface Session {
  borough: BoroughEntry;
  token: string;
  userId: string;
  roles: Role[];
  /** Seconds since the epoch. */
  expiresAt: number;
  /** How the directory names them (GET /me `person.name`), once it has answered. */
  name?: string;
}

const KEY = 'recovery.session';

/** The claims the page needs from an ID token (it does not verify it: the API does, on every call). */
export const claimsOf = (token: string): { sub: string; roles: Role[]; exp: number } => {
  const payload = token.split('.')[1] ?? '';
  const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string; exp: number; 'cognito:groups'?: Role[] };
  return { sub: json.sub, roles: json['cognito:groups'] ?? [], exp: json.exp };
};

export const startSession = (borough: BoroughEntry, token: string): Session => {
  const claims = claimsOf(token);
  const session: Session = { borough, token, userId: claims.sub, roles: claims.roles, expiresAt: claims.exp };
  resetLastActive();
  // Copies left by a session that ended without signing out are not this one's; updates this person
  // could not send before they were signed out for them are, and are sent now.
  forgetKeptCopies();
  forgetOutboxOfOthers(session);
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
};

export const savedSession = (): Session | undefined => {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as Session;
  return session.expiresAt * 1000 > Date.now() ? session : undefined;
};

/** The session with the person's name from the directory, kept for the tab like the rest. */
export const rememberName = (session: Session, name: string): Session => {
  const named = { ...session, name };
  sessionStorage.setItem(KEY, JSON.stringify(named));
  return named;
};

/** Who is signed in, for the header: their name, never their id (before GET /me answers, the borough alone). */
export const whoIsSignedIn = (session: Session): string => (session.name ? `${session.name}, ${session.borough.name}` : `Signed in to ${session.borough.name}`);

/**
 * At sign-out, everything the site kept for offline use: the kept copies, the updates not sent (unless
 * `keepUnsent`), and any cache the service worker filled at run time (only the built site's own files
 * stay: they hold nobody's data).
 */
const forgetOfflineItems = (keepUnsent: boolean): void => {
  forgetKeptCopies();
  if (!keepUnsent) forgetOutbox();
  if ('caches' in window) {
    void caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => !name.startsWith('workbox-precache')).map((name) => caches.delete(name))))
      .catch(() => undefined);
  }
};

/**
 * Ends the session. `keepUnsent`: signed out for them (idle, expired), the person's updates not sent
 * stay in this tab until they sign in again (and are sent) or someone else does (and they are forgotten).
 */
export const endSession = ({ keepUnsent = false }: { keepUnsent?: boolean } = {}): void => {
  sessionStorage.removeItem(KEY);
  forgetOfflineItems(keepUnsent);
  resetLastActive();
};
