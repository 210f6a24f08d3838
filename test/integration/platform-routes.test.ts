import { SignJWT, generateKeyPair } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/issuer';
import { startTestPlatform, type TestPlatform } from '../support/platform';

describe('platform routes: /health, /me, /openapi.json', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(() => t.stop());

  it('GET /health answers without a token once the table answers', async () => {
    const res = await t.call({ method: 'GET', path: '/health' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', borough: 'city-and-hackney' });
  });

  it('GET /me tells the caller who the token says they are, and their name and title as the directory holds them', async () => {
    const res = await t.call({ method: 'GET', path: '/me', token: await t.tokenFor('miriam') });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 'miriam',
      roles: ['clinician'],
      borough: 'city-and-hackney',
      org: 'elft',
      boroughName: 'City and Hackney',
      orgName: 'East London NHS Foundation Trust',
      person: {
        userId: 'miriam',
        name: 'Miriam Okafor',
        label: 'Miriam Okafor, Psychotherapist, ELFT',
        roleTitle: 'Psychotherapist',
        org: { id: 'elft', name: 'East London NHS Foundation Trust' },
        active: true,
      },
    });
  });

  describe('refuses bad tokens with problem+json', () => {
    const expectProblem = (res: { status: number; headers: Record<string, string>; body: unknown }, status: number, detail: RegExp) => {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body).toMatchObject({ status, detail: expect.stringMatching(detail) });
    };

    it('missing', async () => {
      const res = await t.call({ method: 'GET', path: '/me' });
      expectProblem(res, 401, /bearer token/);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('malformed', async () => {
      expectProblem(await t.call({ method: 'GET', path: '/me', token: 'not-a-jwt' }), 401, /malformed/);
    });

    it('expired', async () => {
      const token = await t.issuer.sign({ id: 'sally', borough: 'city-and-hackney', roles: ['patient'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      expectProblem(await t.call({ method: 'GET', path: '/me', token }), 401, /expired/);
    });

    it('wrongly signed', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const token = await new SignJWT({ 'custom:borough': 'city-and-hackney', 'cognito:groups': ['patient'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'local-1' })
        .setSubject('sally')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setExpirationTime('1h')
        .sign(privateKey);
      expectProblem(await t.call({ method: 'GET', path: '/me', token }), 401, /signature/);
    });

    it('of another borough', async () => {
      expectProblem(await t.call({ method: 'GET', path: '/me', token: await t.tokenFor('sally', 'newham') }), 403, /another borough/);
    });
  });

  it('rejects an unknown query parameter naming it (strict schemas)', async () => {
    const res = await t.call({ method: 'GET', path: '/me', token: await t.tokenFor('sally'), query: 'admin=true' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body).toMatchObject({ errors: [{ field: 'query.admin', detail: expect.stringMatching(/not an allowed field/) }] });
  });

  it('answers 404 and 405 as problems', async () => {
    expect((await t.call({ method: 'GET', path: '/nowhere' })).status).toBe(404);
    const res = await t.call({ method: 'DELETE', path: '/health' });
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });

  it('refuses a body over the size limit with 413 before parsing it', async () => {
    const res = await t.call({ method: 'GET', path: '/me', token: await t.tokenFor('sally'), body: { pad: 'x'.repeat(70 * 1024) } });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ errors: [{ field: 'body' }] });
  });

  it('serves an OpenAPI 3.1 document generated from the route tables', async () => {
    const res = await t.call({ method: 'GET', path: '/openapi.json' });
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/me', '/openapi.json', '/patients/{patientId}/grants', '/me/patients']));
    expect(doc.paths['/health']!.get!.security).toEqual([]);
    expect(doc.paths['/me']!.get!.responses).toHaveProperty('401');
  });
});
