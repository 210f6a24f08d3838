import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SERVICES } from '../../functions/services';
import { parseArgs } from '../../infra/local/cli-args';
import { listenHost } from '../../infra/local/listen-host';
import { freePort } from '../../infra/local/free-port';
import { webSecurityHeaders } from '../../infra/web/security-headers';
import { testEndpoint } from '../support/dynamo';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { rawRequest, sendBody, type RawResponse } from '../support/raw-http';
import { serveOverHttp } from '../support/local-http';

const ROOT = join(__dirname, '..', '..');

/** This machine's addresses other than 127.0.0.1: its network interfaces, and on Linux the rest of 127/8. */
const otherAddresses = (): string[] => [
  ...Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal && !a.address.startsWith('fe80'))
    .map((a) => a!.address),
  ...(process.platform === 'linux' ? ['127.0.0.2'] : []),
];

const reachable = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

const listening = async (host: string): Promise<{ server: Server; port: number }> => {
  const server = createServer((_req, res) => res.end());
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, host, done));
  return { server, port };
};

describe('the local platform is local', () => {
  it('npm start listens on 127.0.0.1 only, unless --host says otherwise, and then warns', async () => {
    const local = listenHost(parseArgs([]));
    expect(local).toEqual({ host: '127.0.0.1' });
    const { server, port } = await listening(local.host);
    try {
      expect(await reachable('127.0.0.1', port)).toBe(true);
      for (const address of otherAddresses()) expect({ address, reachable: await reachable(address, port) }).toEqual({ address, reachable: false });
    } finally {
      server.close();
    }

    const wide = listenHost(parseArgs(['--host', '0.0.0.0']));
    expect(wide.host).toBe('0.0.0.0');
    expect(wide.warning).toMatch(/^Warning: .*0\.0\.0\.0.*anyone who can reach it can sign in as any seeded person/);
    const everywhere = await listening(wide.host);
    try {
      for (const address of otherAddresses().filter((a) => !a.includes(':'))) expect({ address, reachable: await reachable(address, everywhere.port) }).toEqual({ address, reachable: true });
    } finally {
      everywhere.server.close();
    }
    expect(listenHost(parseArgs(['--host', 'localhost'])).warning).toBeUndefined();
    expect(() => listenHost(parseArgs(['--host']))).toThrow(/--host needs an address/);
  });

  it('keeps DynamoDB Local on 127.0.0.1: nothing else on this machine or its network reaches it', async () => {
    const port = Number(new URL(testEndpoint()).port);
    expect(await reachable('127.0.0.1', port)).toBe(true);
    for (const address of otherAddresses()) expect({ address, reachable: await reachable(address, port) }).toEqual({ address, reachable: false });
  });

  it('keeps the local sign-in out of the AWS build: only infra/local serves /_local, and nothing outside it imports it', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' || path === join(ROOT, 'infra', 'local') ? [] : sources(path);
        return /\.tsx?$/.test(name) ? [path] : [];
      });
    const importers = ['functions', 'shared', 'infra', 'web/src']
      .flatMap((dir) => sources(join(ROOT, dir)))
      .filter((file) => /from '[^']*\/local\/[^']*'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    // infra/ops talks to a running npm start on purpose; it is never deployed.
    expect(importers.filter((file) => !file.startsWith('infra/ops/'))).toEqual([]);
    expect(SERVICES.flatMap(({ routes }) => routes).filter((r) => r.path.startsWith('/_local'))).toEqual([]);
  });
});

describe('the local server over HTTP', () => {
  let t: TestPlatform;
  let http: Awaited<ReturnType<typeof serveOverHttp>>;
  let base: string;
  beforeAll(async () => {
    t = await startTestPlatform();
    http = await serveOverHttp(t);
    base = http.base;
  });
  afterAll(async () => {
    await http.close();
    await t.stop();
  });
  const port = () => Number(new URL(base).port);
  const expectProblem = (res: RawResponse, status: number) => {
    expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: 'application/problem+json' });
    expect((JSON.parse(res.body) as { status: number }).status).toBe(status);
  };

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
    // The service worker and the manifest, always fetched afresh (a phone checks them for a new version).
    const worker = await fetch(`${base}/sw.js`);
    expect([worker.status, worker.headers.get('content-type'), worker.headers.get('cache-control')]).toEqual([200, 'text/javascript; charset=utf-8', 'no-cache']);
    const manifest = await fetch(`${base}/manifest.webmanifest`);
    expect([manifest.status, manifest.headers.get('content-type'), manifest.headers.get('cache-control')]).toEqual([200, 'application/manifest+json', 'no-cache']);
    // Only the built site: nothing beside it, however the path is spelled (nor its source maps' neighbours).
    for (const path of ['/assets/../../package.json', '/assets/%2e%2e/%2e%2e/package.json', '/icons/../../../package.json', '/sw.js.map']) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text()).not.toMatch(/"recovery-platform"|"mappings"/);
    }
  });

  it('offers a person an operator invited on the sign-in page and signs them in; a disabled person neither', async () => {
    const operator = await t.tokenFor('operator');
    const invited = await fetch(`${base}/city-and-hackney/borough/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ roles: ['patient'], name: { given: 'Rae', family: 'Example' }, nhsNumber: '9990000042', birthDate: '1988-08-08', email: 'rae@example.org' }),
    });
    expect(invited.status).toBe(201);
    const { userId } = (await invited.json()) as { userId: string };
    const choices = async () => ((await (await fetch(`${base}/_local/users`)).json()) as Record<string, { id: string; name: string; description: string }[]>)['city-and-hackney']!;
    expect((await choices()).find((u) => u.id === userId)).toMatchObject({ name: 'Rae Example', description: 'patient, invited' });
    const signIn = (id: string) => fetch(`${base}/_local/sign-in`, { method: 'POST', body: JSON.stringify({ borough: 'city-and-hackney', userId: id }) });
    const { token } = (await (await signIn(userId)).json()) as { token: string };
    expect(await (await fetch(`${base}/city-and-hackney/me`, { headers: { authorization: `Bearer ${token}` } })).json()).toMatchObject({
      id: userId,
      roles: ['patient'],
      person: { name: 'Rae Example' },
    });

    expect((await fetch(`${base}/city-and-hackney/borough/users/${userId}/disable`, { method: 'POST', headers: { authorization: `Bearer ${operator}` } })).status).toBe(200);
    expect((await choices()).map((u) => u.id)).not.toContain(userId);
    expect((await signIn(userId)).status).toBe(404);
    expect((await fetch(`${base}/city-and-hackney/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('publishes the issuer keys and a docs page', async () => {
    const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: { kty: string; alg: string }[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
    const docs = await fetch(`${base}/city-and-hackney/docs`);
    expect(await docs.text()).toContain('/city-and-hackney/openapi.json');
    expect((await fetch(`${base}/_docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('serves the API docs page with the security headers of the rest, and only scripts that policy lets run', async () => {
    const docs = await fetch(`${base}/city-and-hackney/docs`);
    const headers = webSecurityHeaders();
    expect(Object.fromEntries(Object.keys(headers).map((name) => [name, docs.headers.get(name)]))).toEqual(headers);
    // script-src 'self' runs no inline script: every script must be a file of this origin.
    const scripts = [...(await docs.text()).matchAll(/<script([^>]*)>/g)].map((m) => /\bsrc="([^"]+)"/.exec(m[1]!)?.[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).toMatch(/^\/_docs\//);
      const script = await fetch(`${base}${src}`);
      expect({ src, status: script.status, type: script.headers.get('content-type') }).toEqual({ src, status: 200, type: 'text/javascript' });
    }
  });

  it.each(['content-length', 'chunked'] as const)('answers a GET with a body (%s) as one without, even /health without a token', async (framing) => {
    const res = await sendBody(base, '/city-and-hackney/health', { method: 'GET', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"x":1}'), framing });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
  });

  describe.each([
    ['100 KB', 100_000],
    ['2 MB', 2_000_000],
    ['20 MB', 20_000_000],
  ])('a body of %s, over the limit', (_size, bytes) => {
    const body = Buffer.alloc(bytes, 'x');
    it.each([
      ['the API', '/city-and-hackney/patients/me/log', 'content-length'],
      ['the API', '/city-and-hackney/patients/me/log', 'chunked'],
      ['the API', '/city-and-hackney/patients/me/log', 'expect-continue'],
      ['the local sign-in', '/_local/sign-in', 'content-length'],
      ['the local sign-in', '/_local/sign-in', 'chunked'],
      ['a GET of /health', '/city-and-hackney/health', 'chunked'],
    ] as const)('sent to %s (%s, %s) gets a 413 problem, not a dropped connection', async (_target, path, framing) => {
      const method = path.endsWith('/health') ? 'GET' : 'POST';
      const res = await sendBody(base, path, { method, headers: { authorization: `Bearer ${await t.tokenFor('sally')}`, 'content-type': 'application/json' }, body, framing });
      expectProblem(res, 413);
      expect(JSON.parse(res.body)).toMatchObject({ errors: [{ field: 'body' }] });
    });
  });

  describe('hostile edges: never a 500, never a hang, always a 4xx problem', () => {
    const req = (line: string, headers: string[] = [], body = '') => [line, 'Host: localhost', ...headers, 'Connection: close', '', body].join('\r\n');
    const withToken = async (line: string, headers: string[] = [], body = '') => req(line, [`Authorization: Bearer ${await t.tokenFor('sally')}`, ...headers], body);
    const json = (body: string): [string[], string] => [['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`], body];
    const gzip = gzipSync('{"text":"hello"}').toString('latin1');

    it.each<[string, () => Promise<string> | string, number]>([
      ['an unknown method on the API', () => req('PROPFIND /city-and-hackney/health HTTP/1.1'), 405],
      ['TRACE on the API', () => req('TRACE /city-and-hackney/health HTTP/1.1'), 405],
      ['TRACE on the web front end', () => req('TRACE / HTTP/1.1'), 405],
      ['PROPFIND on the web front end', () => req('PROPFIND /favicon.svg HTTP/1.1'), 405],
      ['POST to a page', () => req('POST / HTTP/1.1', ['Content-Length: 0']), 405],
      ['CONNECT', () => 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n', 405],
      ['a method no HTTP server knows', () => req('FOO /city-and-hackney/health HTTP/1.1'), 400],
      ['a request that is not HTTP', () => 'HELLO\r\n\r\n', 400],
      ['a header of 20 KB', () => req('GET /city-and-hackney/health HTTP/1.1', [`X-Big: ${'a'.repeat(20_000)}`]), 431],
      ['a URL of 100 KB', () => req(`GET /city-and-hackney/health?${'a'.repeat(100_000)} HTTP/1.1`), 431],
      ['an absolute URL that is not one', () => req('GET http://[ HTTP/1.1'), 400],
      ['%00 in the path', () => req('GET /city-and-hackney/%00 HTTP/1.1'), 404],
      ['.. in the path', () => req('GET /city-and-hackney/../package.json HTTP/1.1'), 404],
      ['an encoded slash in a path parameter', () => withToken('GET /city-and-hackney/patients/a%2Fb/plan HTTP/1.1'), 422],
      ['broken percent-encoding in a path parameter', () => withToken('GET /city-and-hackney/patients/%E0%A4%A/plan HTTP/1.1'), 400],
      ['a Host that is not a host name', () => 'GET /city-and-hackney/health HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n', 400],
      ['an X-Forwarded-Proto that is not a scheme', () => req('GET /city-and-hackney/health HTTP/1.1', ['X-Forwarded-Proto: a b']), 400],
      ['two Content-Lengths', () => req('POST /_local/sign-in HTTP/1.1', ['Content-Length: 2', 'Content-Length: 3'], '{}'), 400],
      ['Content-Length with chunked', () => req('POST /_local/sign-in HTTP/1.1', ['Content-Length: 2', 'Transfer-Encoding: chunked'], '0\r\n\r\n'), 400],
      [
        'JSON declared in another charset',
        () => withToken('POST /city-and-hackney/patients/me/log HTTP/1.1', ['Content-Type: application/json; charset=utf-16', 'Content-Length: 16'], '{"text":"hello"}'),
        415,
      ],
      [
        'a gzip body to the API',
        () => withToken('POST /city-and-hackney/patients/me/log HTTP/1.1', ['Content-Type: application/json', 'Content-Encoding: gzip', `Content-Length: ${gzip.length}`], gzip),
        415,
      ],
      ['a gzip body to the local sign-in', () => req('POST /_local/sign-in HTTP/1.1', ['Content-Type: application/json', 'Content-Encoding: gzip', `Content-Length: ${gzip.length}`], gzip), 415],
      ['a body that is not JSON to the local sign-in', () => req('POST /_local/sign-in HTTP/1.1', ...json('{"borough":')), 400],
      ['JSON null to the local sign-in', () => req('POST /_local/sign-in HTTP/1.1', ...json('null')), 400],
    ])('%s', async (_what, make, status) => {
      expectProblem(await rawRequest(port(), await make()), status);
    });
  });

  it('answers an unknown borough with a 404 problem', async () => {
    const res = await fetch(`${base}/atlantis/health`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: 'There is no borough "atlantis" here.' });
  });
});
