import * as z from 'zod/mini';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadBoroughs } from '../../infra/boroughs';
import { localIssuer } from '../../infra/local/issuer';
import { createPlatform, type LocalPlatform } from '../../infra/local/platform';
import { defineRoute } from '../../shared/http/route';
import type { HttpEvent, HttpResult } from '../../shared/http/middleware';
import type { Claims } from '../../shared/http/claims';
import { lambdaContext } from '../../infra/local/http-event';
import { freePort } from '../../infra/local/free-port';
import { gzipSync } from 'node:zlib';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { testEndpoint } from '../support/dynamo';

// A service that exists only in this test, to exercise the HTTP layer every real route goes through.
const NoteBody = z.strictObject({ title: z.string().check(z.minLength(1), z.maxLength(50)), mood: z.int().check(z.minimum(1), z.maximum(5)) });
const echoRoutes = [
  defineRoute<z.infer<typeof NoteBody>, Record<string, never>, { noteId: string }, { id: string }>({
    method: 'POST',
    path: '/notes/{noteId}',
    summary: 'store a note',
    tags: ['test'],
    access: { kind: 'roles', roles: ['patient'] },
    body: NoteBody,
    response: { status: 201 },
    handle: async ({ body, params, deps }) => {
      await deps.store.doc.send(new PutCommand({ TableName: deps.store.tableName, Item: { pk: 'NOTES', sk: params.noteId, title: body.title } }));
      return { id: params.noteId };
    },
  }),
  defineRoute<undefined, Record<string, never>, { noteId: string }, { deleted: string }>({
    method: 'DELETE',
    path: '/notes/{noteId}',
    summary: 'forget a note',
    tags: ['test'],
    access: { kind: 'roles', roles: ['patient'] },
    response: { status: 200 },
    handle: async ({ params }) => ({ deleted: params.noteId }),
  }),
  defineRoute({
    method: 'GET',
    path: '/status',
    summary: 'a public GET, as /health is',
    tags: ['test'],
    access: { kind: 'public' },
    response: { status: 200 },
    handle: async () => ({ ok: true }),
  }),
  defineRoute({
    method: 'GET',
    path: '/boom',
    summary: 'fails unexpectedly',
    tags: ['test'],
    access: { kind: 'public' },
    response: { status: 200 },
    handle: async () => {
      throw new Error('secret detail that must not reach the caller');
    },
  }),
];

describe('the HTTP layer: validation, media type, errors', () => {
  let platform: LocalPlatform;
  let token: string;
  let tableName: string;
  beforeAll(async () => {
    const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json'));
    tableName = `t-http-${randomUUID().slice(0, 8)}`;
    platform = await createPlatform({
      endpoint: testEndpoint(),
      boroughs: loadBoroughs(),
      issuer,
      streams: false,
      services: [{ service: 'echo', routes: echoRoutes }],
      tableAccess: { echo: { actions: ['GetItem', 'PutItem'] } },
      tableName: () => tableName,
    });
    token = await issuer.sign({ id: 'sally', borough: 'city-and-hackney', roles: ['patient'] });
  });
  afterAll(() => platform.close());

  const post = (body: string, contentType = 'application/json', noteId = 'n1') =>
    platform.dispatch('city-and-hackney', { method: 'POST', path: `/notes/${noteId}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  const parse = (r: { body?: string }) => JSON.parse(r.body ?? '{}') as { status: number; errors?: { field: string; detail: string }[] };
  const notes = async () => (await platform.clients.doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'NOTES' } }))).Items ?? [];

  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ title: 'walk', mood: 3 }), 'application/json', 'ok-1');
    expect(res.statusCode).toBe(201);
  });

  it.each([
    ['a missing field', { title: 'walk' }, 'body.mood'],
    ['a value out of range', { title: 'walk', mood: 9 }, 'body.mood'],
    ['a wrong type', { title: 7, mood: 2 }, 'body.title'],
    ['an unknown field (mass assignment)', { title: 'walk', mood: 2, owner: 'andre' }, 'body.owner'],
  ])('answers 422 naming the field for %s, and writes nothing', async (_what, body, field) => {
    const before = (await notes()).length;
    const res = await post(JSON.stringify(body), 'application/json', 'bad-1');
    expect(res.statusCode).toBe(422);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(parse(res).errors?.map((e) => e.field)).toContain(field);
    expect((await notes()).length).toBe(before);
  });

  it('answers 422 naming a bad path parameter', async () => {
    const res = await post(JSON.stringify({ title: 'walk', mood: 2 }), 'application/json', 'a%20b');
    expect(res.statusCode).toBe(422);
    expect(parse(res).errors?.[0]?.field).toBe('path.noteId');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await post('{"title": ');
    expect(res.statusCode).toBe(400);
    expect(parse(res).errors).toEqual([{ field: 'body', detail: 'is not valid JSON' }]);
  });

  it('answers 415 for a body that is not declared JSON', async () => {
    const res = await post('title=walk', 'application/x-www-form-urlencoded');
    expect(res.statusCode).toBe(415);
  });

  it('checks access before input: a caller without a token learns nothing about the schema', async () => {
    const res = await platform.dispatch('city-and-hackney', { method: 'POST', path: '/notes/n1', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.statusCode).toBe(401);
  });

  it('answers an unexpected failure with a 500 problem that reveals nothing', async () => {
    const res = await platform.dispatch('city-and-hackney', { method: 'GET', path: '/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.headers?.['content-type']).toBe('application/problem+json');
    expect(res.body).not.toContain('secret');
  });
});

interface EdgeRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  claims?: Claims;
}

const API_HOST = 'abc123.execute-api.eu-west-2.amazonaws.com';

/** A payload 2.0 event as API Gateway hands it to Lambda, written out here (not by the local server). */
const apiGatewayEvent = ({ method, path, headers = {}, body, isBase64Encoded = false, claims }: EdgeRequest): HttpEvent => ({
  version: '2.0',
  routeKey: `${method} ${path}`,
  rawPath: path,
  rawQueryString: '',
  headers: { host: API_HOST, 'x-forwarded-proto': 'https', 'user-agent': 'curl/8', ...headers },
  ...(body !== undefined ? { body } : {}),
  isBase64Encoded,
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    domainName: API_HOST,
    domainPrefix: 'abc123',
    http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8' },
    requestId: 'req-1',
    routeKey: `${method} ${path}`,
    stage: '$default',
    time: '30/Nov/2026:10:00:00 +0000',
    timeEpoch: 1_796_032_800_000,
    ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
  },
});

describe('the Lambda handler given API Gateway events at the HTTP edge', () => {
  let platform: LocalPlatform;
  let claims: Claims;
  let limit: number;
  beforeAll(async () => {
    const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json'));
    platform = await createPlatform({
      endpoint: testEndpoint(),
      boroughs: loadBoroughs(),
      issuer,
      streams: false,
      services: [{ service: 'echo', routes: echoRoutes }],
      tableAccess: { echo: { actions: ['GetItem', 'PutItem'] } },
      tableName: () => `t-edge-${randomUUID().slice(0, 8)}`,
    });
    claims = await issuer.verify(await issuer.sign({ id: 'sally', borough: 'city-and-hackney', roles: ['patient'] }));
    limit = platform.boroughs.get('city-and-hackney')!.deps.config.maxBodyBytes;
  });
  afterAll(() => platform.close());

  const invoke = (request: EdgeRequest): Promise<HttpResult> =>
    platform.boroughs.get('city-and-hackney')!.handlers.get('echo')!(apiGatewayEvent(request), lambdaContext('recovery-city-and-hackney-echo'));
  const problemOf = (res: HttpResult) => JSON.parse(res.body ?? '{}') as { status: number; errors?: { field: string }[] };
  const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
  const json = { 'content-type': 'application/json' };

  it.each<[string, Omit<EdgeRequest, 'claims'>]>([
    ['GET with a body and no content-type', { method: 'GET', path: '/status', body: 'hello' }],
    ['GET with a JSON body', { method: 'GET', path: '/status', headers: json, body: '{"a":1}' }],
    ['GET with a base64-encoded body', { method: 'GET', path: '/status', headers: json, body: base64('{"a":1}'), isBase64Encoded: true }],
    ['DELETE with a body and no content-type', { method: 'DELETE', path: '/notes/n1', body: 'hello' }],
    ['DELETE with a base64-encoded JSON body', { method: 'DELETE', path: '/notes/n1', headers: json, body: base64('{"a":1}'), isBase64Encoded: true }],
  ])('ignores the body of %s, as RFC 9110 gives it no meaning', async (_what, request) => {
    const res = await invoke({ ...request, claims });
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 200 });
  });

  it.each<[string, Omit<EdgeRequest, 'claims'>, number, string | undefined]>([
    ['HEAD with a body', { method: 'HEAD', path: '/status', body: 'hello' }, 405, undefined],
    ['OPTIONS with a body', { method: 'OPTIONS', path: '/status', headers: json, body: '{}' }, 405, undefined],
    ['an unknown method (PROPFIND)', { method: 'PROPFIND', path: '/status' }, 405, undefined],
    ['an unknown method (TRACE)', { method: 'TRACE', path: '/status', body: 'x' }, 405, undefined],
    ['a GET body over the limit', { method: 'GET', path: '/status', body: 'x'.repeat(70_000) }, 413, 'body'],
    ['a base64-encoded body over the limit', { method: 'POST', path: '/notes/n1', headers: json, body: base64('x'.repeat(70_000)), isBase64Encoded: true }, 413, 'body'],
    ['a header value no HTTP header can carry', { method: 'GET', path: '/status', headers: { 'x-note': 'caf\u20ac' } }, 400, 'headers.x-note'],
    ['a Host that is not a host name', { method: 'GET', path: '/status', headers: { host: 'a b' } }, 400, 'headers.host'],
    ['an X-Forwarded-Proto that is not a scheme', { method: 'GET', path: '/status', headers: { 'x-forwarded-proto': 'a b' } }, 400, 'headers.x-forwarded-proto'],
    ['a path with broken percent-encoding', { method: 'DELETE', path: '/notes/%E0%A4%A' }, 400, 'path'],
    [
      'a gzip-encoded body',
      { method: 'POST', path: '/notes/n1', headers: { ...json, 'content-encoding': 'gzip' }, body: base64(gzipSync('{"title":"walk","mood":3}')), isBase64Encoded: true },
      415,
      'content-encoding',
    ],
    [
      'a JSON body in another charset',
      { method: 'POST', path: '/notes/n1', headers: { 'content-type': 'application/json; charset=iso-8859-1' }, body: '{"title":"walk","mood":3}' },
      415,
      'content-type',
    ],
  ])('answers %s with a 4xx problem, never a 500', async (_what, request, status, field) => {
    const res = await invoke({ ...request, claims });
    expect({ status: res.statusCode, type: res.headers?.['content-type'] }).toEqual({ status, type: 'application/problem+json' });
    expect(problemOf(res).status).toBe(status);
    if (field) expect(problemOf(res).errors?.map((e) => e.field)).toContain(field);
  });

  it('still answers 413 for a body one byte over the limit, and accepts one at the limit', async () => {
    expect((await invoke({ method: 'GET', path: '/status', body: 'x'.repeat(limit + 1) })).statusCode).toBe(413);
    expect((await invoke({ method: 'GET', path: '/status', body: 'x'.repeat(limit) })).statusCode).toBe(200);
  });
});

describe('when DynamoDB is unreachable', () => {
  it('answers 503 problem+json with Retry-After, quickly', async () => {
    const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json'));
    const live = await createPlatform({ endpoint: testEndpoint(), boroughs: loadBoroughs(), issuer, streams: false, tableName: () => `t-down-${randomUUID().slice(0, 8)}` });
    live.close();
    // Same handlers, but their store points at a port where nothing listens.
    const down = await freePort();
    const { makeStoreClients } = await import('../../shared/store/client');
    const runtime = live.boroughs.get('city-and-hackney')!;
    Object.assign(runtime.deps.store, makeStoreClients({ endpoint: `http://127.0.0.1:${down}`, region: 'eu-west-2', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }));
    const started = Date.now();
    const res = await live.dispatch('city-and-hackney', { method: 'GET', path: '/health' });
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 503 });
    expect(res.headers?.['retry-after']).toBe('2');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
