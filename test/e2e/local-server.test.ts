import type { Server } from 'node:http';
import { createLocalServer } from '../../infra/local/server';
import { freePort } from '../../infra/local/free-port';
import { startTestPlatform, type TestPlatform } from '../support/platform';

describe('the local server over HTTP', () => {
  let t: TestPlatform;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    t = await startTestPlatform();
    server = createLocalServer(t.platform, t.issuer);
    const port = await freePort();
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await t.stop();
  });

  it('serves GET /<borough>/me for a dev token', async () => {
    const res = await fetch(`${base}/city-and-hackney/me`, { headers: { authorization: `Bearer ${await t.tokenFor('sally')}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'sally', roles: ['patient'] });
  });

  it('passes bodies and query strings through as an HTTP API event', async () => {
    const res = await fetch(`${base}/city-and-hackney/me?x=1`, { headers: { authorization: `Bearer ${await t.tokenFor('sally')}` } });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves the web front end with its security headers, its config, and sign-in for seeded people only', async () => {
    const page = await fetch(`${base}/`);
    // npm test builds web/dist before jest runs.
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const config = (await (await fetch(`${base}/config.json`)).json()) as { auth: string; boroughs: { id: string; api: string }[] };
    expect(config.auth).toBe('local');
    expect(config.boroughs).toContainEqual(expect.objectContaining({ id: 'city-and-hackney', api: '/city-and-hackney' }));
    const users = (await (await fetch(`${base}/_local/users`)).json()) as Record<string, { id: string }[]>;
    expect(users['city-and-hackney']?.map((u) => u.id)).toEqual(expect.arrayContaining(['sally', 'miriam', 'advisor']));
    const signIn = (body: string) => fetch(`${base}/_local/sign-in`, { method: 'POST', body });
    const token = ((await (await signIn(JSON.stringify({ borough: 'city-and-hackney', userId: 'miriam' }))).json()) as { token: string }).token;
    expect(await (await fetch(`${base}/city-and-hackney/me`, { headers: { authorization: `Bearer ${token}` } })).json()).toMatchObject({ id: 'miriam', roles: ['clinician'] });
    const unknown = await signIn(JSON.stringify({ borough: 'city-and-hackney', userId: 'someone-else' }));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(await unknown.json()).toMatchObject({ errors: [{ field: 'body.userId' }] });
    expect((await signIn(JSON.stringify({ borough: 'nowhere', userId: 'sally' }))).status).toBe(404);
    expect((await signIn('not json')).status).toBe(400);
    // Only the built site: nothing beside it, however the path is spelled.
    for (const path of ['/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text()).not.toContain('"recovery-platform"');
    }
  });

  it('publishes the issuer keys and a docs page', async () => {
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: { kty: string; alg: string }[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    const docs = await fetch(`${base}/city-and-hackney/docs`);
    expect(await docs.text()).toContain('/city-and-hackney/openapi.json');
    expect((await fetch(`${base}/_docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('answers an unknown borough with a 404 problem', async () => {
    const res = await fetch(`${base}/atlantis/health`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: 'There is no borough "atlantis" here.' });
  });
});
