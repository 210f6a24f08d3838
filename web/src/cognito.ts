import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { BoroughEntry } from './config';

/**
 * Signing in with a borough's Cognito hosted UI: the authorization code flow with PKCE (oidc-client-ts),
 * back to this page. The endpoints are given rather than discovered, so the page talks only to the
 * hosted UI's domain (the CSP allows no other).
 */
const managerFor = (borough: BoroughEntry): UserManager => {
  const { cognito } = borough;
  // The site signs in with Cognito only where config.json names each borough's hosted UI.
  if (!cognito) throw new Error(`config.json names no Cognito hosted UI for ${borough.name}.`);
  return new UserManager({
    authority: cognito.issuer,
    client_id: cognito.clientId,
    redirect_uri: `${location.origin}/`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: 'openid email profile',
    loadUserInfo: false,
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    stateStore: new WebStorageStateStore({ store: sessionStorage }),
    metadata: {
      issuer: cognito.issuer,
      authorization_endpoint: `${cognito.domain}/oauth2/authorize`,
      token_endpoint: `${cognito.domain}/oauth2/token`,
      end_session_endpoint: `${cognito.domain}/logout`,
      revocation_endpoint: `${cognito.domain}/oauth2/revoke`,
    },
  });
};

/** Goes to the hosted UI; it comes back to this page with `?code=...&state=...`. */
export const signInWithCognito = (borough: BoroughEntry): Promise<void> => managerFor(borough).signinRedirect({ state: borough.id });

/** On the way back from the hosted UI: the ID token (what the borough's API accepts), or undefined if this is not a return. */
export const finishCognitoSignIn = async (boroughs: readonly BoroughEntry[]): Promise<{ borough: BoroughEntry; idToken: string } | undefined> => {
  const query = new URLSearchParams(location.search);
  if (!query.has('code') || !query.has('state')) return undefined;
  // The state names the borough; oidc-client-ts checks it against what it stored before leaving.
  for (const borough of boroughs.filter((b) => b.cognito)) {
    try {
      const manager = managerFor(borough);
      const user = await manager.signinRedirectCallback();
      history.replaceState(null, '', location.pathname + location.hash);
      await forgetTokens(manager);
      if (user.id_token) return { borough, idToken: user.id_token };
    } catch {
      // Not this borough's sign-in (or a stale return): try the next, then show the sign-in page.
    }
  }
  history.replaceState(null, '', location.pathname);
  return undefined;
};

/**
 * The page needs only the ID token, which it keeps with the session: the refresh token (30 days) is
 * revoked at once and the library's copy of the tokens removed, so that nothing left in the tab (a
 * shared ward computer, a reopened tab) can sign anyone in again. Revoking is best effort: removing is not.
 */
const forgetTokens = async (manager: UserManager): Promise<void> => {
  try {
    await manager.revokeTokens(['refresh_token']);
  } catch {
    // The hosted UI could not be reached: the token is at least no longer kept here.
  }
  await manager.removeUser();
};

/** Ends the hosted UI's session too, so the next person on a shared phone must sign in again. */
export const signOutOfCognito = (borough: BoroughEntry): void => {
  const { cognito } = borough;
  // A borough without the hosted UI has no session there to end.
  if (!cognito) return;
  location.assign(`${cognito.domain}/logout?client_id=${encodeURIComponent(cognito.clientId)}&logout_uri=${encodeURIComponent(`${location.origin}/`)}`);
};
