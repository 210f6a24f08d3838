import * as z from 'zod/mini';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadBoroughs } from '../../infra/boroughs';
import { localIssuer } from '../../infra/local/issuer';
import { createPlatform, type LocalPlatform } from '../../infra/local/platform';
import { defineRoute } from '../../shared/http/route';
import { freePort } from '../../infra/local/free-port';
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
      services: [{ service: 'echo', routes: echoRoutes }],
      tableName: () => tableName,
    });
    token = await issuer.sign({ id: 'sally', borough: 'city-and-hackney', roles: ['patient'] });
  });
  afterAll(() => platform.close());

  const post = (body: string, contentType = 'application/json', noteId = 'n1') =>
    platform.dispatch('city-and-hackney', { method: 'POST', path: `/notes/${noteId}`, headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  const parse = (r: { body?: string }) => JSON.parse(r.body ?? '{}') as { status: number; errors?: { field: string; detail: string }[] };
  const notes = async () =>
    (await platform.clients.doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'NOTES' } }))).Items ?? [];

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

describe('when DynamoDB is unreachable', () => {
  it('answers 503 problem+json with Retry-After, quickly', async () => {
    const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json'));
    const live = await createPlatform({ endpoint: testEndpoint(), boroughs: loadBoroughs(), issuer, tableName: () => `t-down-${randomUUID().slice(0, 8)}` });
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
