import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { apiFor, type Api } from './api';
import type { SiteConfig } from './config';
import type { Session } from './session';

export interface App {
  config: SiteConfig;
  session: Session;
  /** The borough's API as the signed-in person, typed by the API document. */
  api: Api;
  signOut(reason?: string): void;
}

export const AppContext = createContext<App | undefined>(undefined);

export const useApp = (): App => {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp outside a signed-in page');
  return app;
};

export const makeApp = (config: SiteConfig, session: Session, signOut: (reason?: string) => void): App => ({
  config,
  session,
  api: apiFor(session, () => signOut('You have been signed out, for your security. Sign in again to carry on.')),
  signOut,
});
