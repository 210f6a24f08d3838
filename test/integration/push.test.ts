import { createECDH, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { deliver } from '../../functions/notifications/deliver';
import type { RecordedPush } from '../../infra/local/local-push';
import { freePort } from '../../infra/local/free-port';
import { createLocalServer } from '../../infra/local/server';
import type { DomainEvent } from '../../shared/events/outbox';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';
import { decryptPush, TEST_VAPID } from '../support/push';

const ORIGIN = 'http://localhost:3999';
/** What no push may carry: names of the people involved, what Sally wrote, her goals. */
const PRIVATE_WORDS = ['Sally', 'Brown', 'Miriam', 'Okafor', 'Sleep', 'Walk', 'Victoria'];

/** A browser's side of a subscription: its own P-256 key pair and 16-byte auth secret. */
const browserKeys = () => {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return { ecdh, auth: auth.toString('base64url'), p256dh: ecdh.getPublicKey().toString('base64url') };
};

describe('push notifications', () => {
  let t: TestPlatform;
  let pushServer: Server;
  let pushOrigin = '';
  const pushFile = join(mkdtempSync(join(tmpdir(), 'push-')), 'push.jsonl');
  const recorded = (): RecordedPush[] =>
    existsSync(pushFile)
      ? readFileSync(pushFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as RecordedPush)
      : [];
  const tokens: Record<string, string> = {};
  let seq = 0;

  beforeAll(async () => {
    // The local server's own stand-in push service (infra/local/local-push.ts), on the origin the tests' config allows.
    const port = await freePort();
    pushOrigin = `http://127.0.0.1:${port}`;
    t = await startTestPlatform({ webOrigin: ORIGIN, localPushOrigin: pushOrigin });
    pushServer = createLocalServer(t.platform, t.issuer, { pushFile });
    await new Promise<void>((done) => pushServer.listen(port, '127.0.0.1', done));
    for (const u of ['sally', 'andre', 'miriam', 'adam']) tokens[u] = await t.tokenFor(u);
  });
  afterAll(async () => {
    pushServer.close();
    pushServer.closeAllConnections();
    await t.stop();
  });

  const call = (method: string, path: string, user: string, body?: unknown) => t.call({ method, path, token: tokens[user]!, ...(body !== undefined ? { body } : {}) });
  const subscribe = (user: string, endpoint: string, keys = browserKeys(), label?: string) =>
    call('POST', '/me/push-subscriptions', user, { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth }, ...(label ? { label } : {}) });
  const devices = async (user: string) => ((await call('GET', '/me/push-subscriptions', user)).body as { items: { subscriptionId: string; label?: string; lastUsedAt?: string }[] }).items;
  const runtime = () => t.platform.boroughs.get(BOROUGH)!;
  const deliverEvent = (type: string, data: DomainEvent['data']) => {
    const event: DomainEvent = { id: `push-test-${++seq}`, type, borough: BOROUGH, partition: 'x', occurredAt: new Date().toISOString(), data };
    return { event, run: () => runtime().runAs('notifications', deliver)(runtime().deps, event) };
  };
  const refusedField = (body: unknown) => ((body as { errors?: { field: string }[] }).errors ?? []).map((e) => e.field);

  it('refuses every endpoint that is not a known push service (or the configured local one) with a 422 naming body.endpoint', async () => {
    const refused = [
      'https://evil.example.com/fcm/send/x',
      'https://fcm.googleapis.com.evil.example/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'http://fcm.googleapis.com/fcm/send/x',
      'https://fcm.googleapis.com:8443/fcm/send/x',
      'https://user:pw@fcm.googleapis.com/fcm/send/x',
      'https://localhost/x',
      'http://localhost:3999/local-push/x',
      `${pushOrigin}/city-and-hackney/me`,
      'https://notify.windows.com.example/x',
      'https://a.b.notify.windows.com/x',
      'not a url',
    ];
    for (const endpoint of refused) {
      const res = await subscribe('sally', endpoint);
      expect([endpoint, res.status, refusedField(res.body)]).toEqual([endpoint, 422, ['body.endpoint']]);
    }
    expect(await devices('sally')).toEqual([]);
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/a',
      'https://updates.push.services.mozilla.com/wpush/v2/b',
      'https://wns2-db5p.notify.windows.com/w/?token=c',
      'https://web.push.apple.com/d',
    ]) {
      // Miriam's devices: no event in this file is delivered to her, so nothing is ever sent to those real services.
      expect((await subscribe('miriam', endpoint)).status).toBe(201);
    }
  });

  it('refuses keys that are not a P-256 point and a 16-byte secret, and ids like __proto__', async () => {
    const good = browserKeys();
    const bad = [
      { p256dh: good.p256dh.slice(0, -2), auth: good.auth },
      { p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 1)]).toString('base64url'), auth: good.auth },
      { p256dh: good.p256dh, auth: randomBytes(15).toString('base64url') },
      { p256dh: `${good.p256dh}==`, auth: good.auth },
    ];
    for (const keys of bad) {
      const res = await call('POST', '/me/push-subscriptions', 'sally', { endpoint: 'https://fcm.googleapis.com/fcm/send/k', keys });
      expect(res.status).toBe(422);
      expect(refusedField(res.body).every((f) => f.startsWith('body.keys.'))).toBe(true);
    }
    for (const id of ['__proto__', 'constructor', 'x'.repeat(33)]) expect((await call('DELETE', `/me/push-subscriptions/${id}`, 'sally')).status).toBe(422);
  });

  it('keeps one device per endpoint, lists them without keys or endpoints, and deletes only the caller own devices', async () => {
    const endpoint = 'https://fcm.googleapis.com/fcm/send/same-phone';
    const first = await subscribe('sally', endpoint, browserKeys(), 'Old label');
    const again = await subscribe('sally', endpoint, browserKeys(), 'My phone');
    expect(first.status).toBe(201);
    expect((again.body as { subscriptionId: string }).subscriptionId).toBe((first.body as { subscriptionId: string }).subscriptionId);
    const listed = await call('GET', '/me/push-subscriptions', 'sally');
    expect((listed.body as { items: unknown[] }).items).toEqual([expect.objectContaining({ label: 'My phone' })]);
    expect(JSON.stringify(listed.body)).not.toMatch(/fcm|p256dh|auth/);
    const id = (first.body as { subscriptionId: string }).subscriptionId;
    // Andre's delete of Sally's device id touches only his own partition.
    expect((await call('DELETE', `/me/push-subscriptions/${id}`, 'andre')).status).toBe(204);
    expect(await devices('sally')).toHaveLength(1);
    expect((await call('DELETE', `/me/push-subscriptions/${id}`, 'sally')).status).toBe(204);
    expect(await devices('sally')).toEqual([]);
  });

  it('delivers an urgent event to each device once, encrypted, with no name or clinical word, under a VAPID JWT for the endpoint origin', async () => {
    const phone = browserKeys();
    expect((await subscribe('sally', `${pushOrigin}/local-push/sally-phone`, phone)).status).toBe(201);
    const vapid = await call('GET', '/push/vapid-public-key', 'sally');
    expect(vapid.body).toEqual({ publicKey: TEST_VAPID.publicKey });

    // Miriam has seen Sally's red update: in the app "Miriam Okafor has seen your update"; on the lock screen no name.
    const { run } = deliverEvent('alert.acknowledged', { patientId: 'sally', byUserId: 'miriam', goalId: 'seed-goal-sleep' });
    await run();
    await run();
    const got = recorded();
    expect(got).toHaveLength(1);
    const push = got[0]!;
    expect(push).toMatchObject({ device: 'sally-phone', contentEncoding: 'aes128gcm', urgency: 'high', ttl: '86400', audience: pushOrigin });

    const payload = JSON.parse(decryptPush(Buffer.from(push.body, 'base64'), phone.ecdh, phone.auth)) as Record<string, string>;
    expect(payload).toEqual({ title: 'Recovery platform', body: 'Your care team has seen your update.', url: `${ORIGIN}/#/plan` });
    for (const word of PRIVATE_WORDS) expect(JSON.stringify(payload)).not.toContain(word);

    const [, token, k] = /^vapid t=([^,]+), k=(\S+)$/.exec(push.authorization ?? '') ?? [];
    expect(k).toBe(TEST_VAPID.publicKey);
    const point = Buffer.from(TEST_VAPID.publicKey, 'base64url');
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
    const { payload: claims } = await jwtVerify(token ?? '', key, { algorithms: ['ES256'] });
    expect(claims.aud).toBe(pushOrigin);
    expect(claims.sub).toMatch(/^mailto:/);
    expect((await devices('sally'))[0]?.lastUsedAt).toEqual(expect.any(String));
  });

  it('replaces the least recently used device past the cap of 10', async () => {
    for (let i = 0; i < 11; i++) expect((await subscribe('adam', `https://fcm.googleapis.com/fcm/send/adam-${i}`, browserKeys(), `Phone ${i}`)).status).toBe(201);
    const labels = (await devices('adam')).map((d) => d.label);
    expect(labels).toHaveLength(10);
    expect(labels).not.toContain('Phone 0');
    expect(labels).toContain('Phone 10');
  });

  it('fails the record when a push service fails, and its retry pushes only to the devices not yet reached', async () => {
    const sally = browserKeys();
    for (const id of ['retry-a', 'retry-b']) expect((await subscribe('sally', `${pushOrigin}/local-push/${id}`, sally)).status).toBe(201);
    const real = runtime().deps.push!;
    let failB = true;
    const flaky = {
      ...real,
      send: async (...args: Parameters<typeof real.send>) => (failB && args[0].endpoint.endsWith('retry-b') ? Promise.reject(new Error('The push service answered 503.')) : real.send(...args)),
    };
    const { event } = deliverEvent('emergency-access.granted', { patientId: 'sally', paramedicId: 'paramedic' });
    const run = () => runtime().runAs('notifications', deliver)({ ...runtime().deps, push: flaky }, event);
    const before = recorded().length;
    await expect(run()).rejects.toThrow('503');
    failB = false;
    await run();
    await run();
    expect(
      recorded()
        .slice(before)
        .map((p) => p.device)
        .filter((d) => d.startsWith('retry-'))
        .sort(),
    ).toEqual(['retry-a', 'retry-b']);
  });

  it('removes a device whose push service says it is gone, and sends nothing to someone who turned push off', async () => {
    expect((await subscribe('andre', `${pushOrigin}/local-push/gone/andre-old-phone`)).status).toBe(201);
    expect(await devices('andre')).toHaveLength(1);
    await deliverEvent('emergency-access.granted', { patientId: 'andre', paramedicId: 'paramedic' }).run();
    expect(await devices('andre')).toEqual([]);

    const prefs = await call('PUT', '/me/notification-preferences', 'sally', { email: 'digest', sms: 'urgent', push: 'off' });
    expect(prefs.body).toEqual({ email: 'digest', sms: 'urgent', push: 'off' });
    // A client from before push leaves it as it is.
    expect((await call('PUT', '/me/notification-preferences', 'sally', { email: 'digest', sms: 'off' })).body).toEqual({ email: 'digest', sms: 'off', push: 'off' });
    const sent = recorded().length;
    await deliverEvent('emergency-access.granted', { patientId: 'sally', paramedicId: 'paramedic' }).run();
    expect(recorded()).toHaveLength(sent);

    await call('PUT', '/me/notification-preferences', 'sally', { email: 'digest', sms: 'off', push: 'on' });
    await deliverEvent('phb.decided', { patientId: 'sally', status: 'approved' }).run();
    expect(recorded()).toHaveLength(sent + (await devices('sally')).length);
    expect(recorded().at(-1)).toMatchObject({ urgency: 'normal' });
  });
});
