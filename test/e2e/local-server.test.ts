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
