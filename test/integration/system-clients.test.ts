import { importJWK, SignJWT, type JWK } from 'jose';
import { readFileSync } from 'node:fs';
import { lambdaContext, toHttpEvent } from '../../infra/local/http-event';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/issuer';
import type { Claims } from '../../shared/http/claims';
import { startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * GP and trust systems sign in as OAuth clients (client credentials), never as users; their tokens work
 * on the routes for systems only. Every token must expire.
 */
describe('system clients and token expiry', () => {
  let t: TestPlatform;
  let gp: string;
  beforeAll(async () => {
    t = await startTestPlatform();
    gp = await t.tokenFor('gp-system');
  });
  afterAll(() => t.stop());

  const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'Observation', id: 'example-1', status: 'final' } }] };
  const importAs = (token: string, borough?: string) => t.call({ method: 'POST', path: '/imports/gp', token, body: bundle, ...(borough ? { borough } : {}) });

  it("lets the borough's GP system import with its client-credentials token (no user account)", async () => {
    const res = await importAs(gp);
    expect(res.status).toBe(200);
    const claims = JSON.parse(Buffer.from(gp.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ token_use: 'access', client_id: 'city-and-hackney.gp-system', scope: 'imports/gp.write imports/appointments.write' });
    expect(claims['cognito:groups']).toBeUndefined();
  });

  it.each([
    ['GET', '/me'],
    ['GET', '/me/patients'],
    ['GET', '/patients/sally/plan'],
    ['GET', '/phb-requests'],
    ['GET', '/borough/outcomes'],
  ])('refuses the GP system on %s %s, which is not for systems (403)', async (method, path) => {
    const res = await t.call({ method, path, token: gp });
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status: 403, type: 'application/problem+json' });
  });

  it('refuses a user account carrying the integration group: systems are clients, not users', async () => {
    const user = await t.issuer.sign({ id: 'old-gp-account', borough: 'city-and-hackney', roles: ['integration'], org: 'beechwood-practice' });
    expect((await importAs(user)).status).toBe(403);
  });

  it("refuses a client without the scope, a client the borough does not know, and another borough's client", async () => {
    const unscoped = await t.issuer.signClient({ clientId: 'city-and-hackney.gp-system', scopes: [] });
    expect((await importAs(unscoped)).status).toBe(403);
    const stranger = await t.issuer.signClient({ clientId: 'city-and-hackney.someone-else', scopes: ['imports/gp.write'] });
    expect((await importAs(stranger)).status).toBe(401);
    expect((await importAs(gp, 'newham')).status).toBe(401);
  });

  it('refuses a signed token without an expiry, at the gateway and in the handler', async () => {
    // Prepare: a token signed by the local issuer's own key, but with no `exp`.
    const { privateJwk } = JSON.parse(readFileSync(t.issuerKeyFile, 'utf8')) as { privateJwk: JWK };
    const forever = await new SignJWT({ 'custom:borough': 'city-and-hackney', 'cognito:groups': ['patient'], token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256', kid: String(privateJwk.kid) })
      .setSubject('sally')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .sign(await importJWK(privateJwk, 'RS256'));
    // Act + Assess: the local authorizer refuses it.
    const res = await t.call({ method: 'GET', path: '/me', token: forever });
    expect({ status: res.status, detail: (res.body as { detail?: string }).detail }).toEqual({ status: 401, detail: expect.stringMatching(/"exp"/) });
    // And the handler itself, given claims without `exp` by a gateway that let them through.
    const claims: Claims = { sub: 'sally', 'custom:borough': 'city-and-hackney', 'cognito:groups': '[patient]', token_use: 'id' };
    const handler = t.platform.boroughs.get('city-and-hackney')!.handlers.get('boroughs')!;
    const direct = await handler(toHttpEvent({ method: 'GET', path: '/me', claims }), lambdaContext('recovery-city-and-hackney-boroughs'));
    expect(direct.statusCode).toBe(401);
    const withExpiry = await handler(
      toHttpEvent({ method: 'GET', path: '/me', claims: { ...claims, exp: String(Math.floor(Date.now() / 1000) + 60) } }),
      lambdaContext('recovery-city-and-hackney-boroughs'),
    );
    expect(withExpiry.statusCode).toBe(200);
  });
});
