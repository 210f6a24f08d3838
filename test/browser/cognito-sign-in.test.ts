import { createHash } from 'node:crypto';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/issuer';
import { useBrowserSite } from './harness';
import { PHONE } from './site';

const HOSTED_UI = 'https://recovery-nel-city-and-hackney.auth.eu-west-2.amazoncognito.com';

/**
 * The page's AWS sign-in (authorization code + PKCE through the borough's Cognito hosted UI), with the
 * hosted UI played by the test: Cognito cannot run here. The "hosted UI" checks what Cognito checks of
 * a public client (the S256 challenge against the verifier, the redirect, the code) and answers with an
 * ID token from the local issuer, which the API then accepts like a Cognito one.
 */
describe('signing in through the hosted UI (code flow with PKCE)', () => {
  const h = useBrowserSite();

  it('goes to the hosted UI, exchanges the code with its verifier, calls the API with the ID token, and signs out there too', async () => {
    // The CSP served locally allows only this origin; in AWS it names the hosted UI (checked in test/infra).
    const context = await h.browser.newContext({ viewport: PHONE, bypassCSP: true });
    const page = await context.newPage();
    const seen: { challenge?: string; method?: string; verifierOk?: boolean; loggedOut?: boolean; revoked?: string } = {};
    await page.route(`${h.site.base}/config.json`, (route) =>
      route.fulfill({
        json: {
          auth: 'cognito',
          boroughs: [{ id: 'city-and-hackney', name: 'City and Hackney', api: '/city-and-hackney', cognito: { domain: HOSTED_UI, clientId: LOCAL_AUDIENCE, issuer: LOCAL_ISSUER } }],
        },
      }),
    );
    await page.route(`${HOSTED_UI}/**`, async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === '/oauth2/authorize') {
        expect(url.searchParams.get('client_id')).toBe(LOCAL_AUDIENCE);
        expect(url.searchParams.get('response_type')).toBe('code');
        expect(url.searchParams.get('redirect_uri')).toBe(`${h.site.base}/`);
        seen.challenge = url.searchParams.get('code_challenge') ?? undefined;
        seen.method = url.searchParams.get('code_challenge_method') ?? undefined;
        return route.fulfill({ status: 302, headers: { location: `${h.site.base}/?code=code-1&state=${url.searchParams.get('state')}` } });
      }
      if (url.pathname === '/oauth2/token') {
        const form = new URLSearchParams(route.request().postData() ?? '');
        const verifier = form.get('code_verifier') ?? '';
        seen.verifierOk = form.get('grant_type') === 'authorization_code' && form.get('code') === 'code-1' && createHash('sha256').update(verifier).digest('base64url') === seen.challenge;
        if (!seen.verifierOk) return route.fulfill({ status: 400, json: { error: 'invalid_grant' }, headers: { 'access-control-allow-origin': '*' } });
        const idToken = await h.t.issuer.sign({ id: 'sally', roles: ['patient'], borough: 'city-and-hackney' });
        return route.fulfill({
          json: { id_token: idToken, access_token: idToken, refresh_token: 'refresh-1', token_type: 'Bearer', expires_in: 3600 },
          headers: { 'access-control-allow-origin': '*' },
        });
      }
      if (url.pathname === '/oauth2/revoke') {
        seen.revoked = new URLSearchParams(route.request().postData() ?? '').get('token') ?? undefined;
        return route.fulfill({ status: 200, body: '', headers: { 'access-control-allow-origin': '*' } });
      }
      if (url.pathname === '/logout') {
        seen.loggedOut = url.searchParams.get('client_id') === LOCAL_AUDIENCE;
        return route.fulfill({ status: 302, headers: { location: url.searchParams.get('logout_uri') ?? '/' } });
      }
      return route.fulfill({ status: 404 });
    });

    await page.goto(`${h.site.base}/`);
    await page.getByRole('button', { name: 'Sign in to City and Hackney' }).click();
    await page.getByRole('heading', { level: 1, name: 'My plan' }).waitFor();
    expect(seen).toMatchObject({ method: 'S256', verifierOk: true });
    expect(page.url()).not.toContain('code=');
    // The refresh token was revoked at once, and no token is left in the tab but the session's ID token.
    expect(seen.revoked).toBe('refresh-1');
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.')))).toEqual([]);
    // The ID token works on the API: Sally's own goals are on the page.
    await page.getByRole('region', { name: 'Walk to Victoria Park twice a week' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(seen.loggedOut).toBe(true);
    await context.close();
  }, 60_000);
});
