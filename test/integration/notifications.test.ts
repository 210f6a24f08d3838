import { mkdtempSync, readFileSync } from 'node:fs';
import { fileSender, type MessageSender } from '../../shared/events/messages';
import { replayDeadLetters } from '../../infra/local/replay';
import { sendDigests } from '../../functions/notifications/digest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { makeStreamHandler } from '../../functions/notifications/stream';
import { seedBorough } from '../../infra/local/seed';
import { startStreamPoller, type SlowStep, type StreamPoller } from '../../infra/local/stream-poller';
import { patientPartition } from '../../shared/store/keys';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';
import type { Json } from '../support/json';
import { sentMessages } from '../support/sent-messages';
import { inboxPage } from '../../shared/store/inbox-repository';

/** Where the test platform says the web front end is: the links of emails and SMS. */
const ORIGIN = 'http://localhost:3999';
/** What no email or SMS may carry: names of the people involved, and the words of Sally's goals. */
const PRIVATE_WORDS = ['Sally', 'Brown', 'Okafor', 'Clarke', 'Doyle', 'Sleep at least', 'Walk to Victoria', 'too much'];

describe('notifications through the real stream poller', () => {
  let t: TestPlatform;
  let poller: StreamPoller;
  const handled: number[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'notify-'));
  const messagesFile = join(tmp, 'messages.jsonl');
  const deadLetterFile = join(tmp, 'dead-letters.jsonl');
  let smsDown = false;
  // The real local channel (a file), with SMS that can be made to fail like a provider outage.
  const local = fileSender(messagesFile);
  const sender: MessageSender = {
    send: async (m) => {
      if (smsDown && m.channel === 'sms') throw new Error('SMS provider unavailable');
      await local.send(m);
    },
  };
  const sent = (): Json[] => sentMessages(messagesFile);
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;

  beforeAll(async () => {
    t = await startTestPlatform({ webOrigin: ORIGIN, streams: true });
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    const stream = makeStreamHandler({ ...runtime.deps, messages: sender });
    poller = startStreamPoller({
      endpoint: testEndpoint(),
      clients: t.platform.clients,
      tableName: runtime.deps.store.tableName,
      handler: async (event, context) => {
        handled.push(event.Records.length);
        // Every batch twice: at-least-once delivery must still give one inbox item.
        await stream(event, context);
        return stream(event, context);
      },
      deadLetterFile,
      intervalMs: 0,
    });
    for (const u of ['sally', 'miriam', 'coach', 'adam', 'advisor', 'paramedic']) tokens[u] = await t.tokenFor(u);
    await poller.drain();
  });
  afterAll(async () => {
    poller.stop();
    await t.stop();
  });

  const h = (method: string, path: string, user: string, body?: unknown) => t.call({ method, path, token: as(user), ...(body !== undefined ? { body } : {}) });
  const inbox = async (user: string) => (await t.call({ method: 'GET', path: '/me/notifications', token: as(user) })).body as { unread: number; items: Json[] };
  const red = () => t.call({ method: 'POST', path: '/patients/me/goals/seed-goal-sleep/updates', token: as('sally'), body: { status: 'red', note: 'Everything is too much' } });

  it('a red update reaches exactly the consented care team, once, with no clinical content', async () => {
    const before = { miriam: (await inbox('miriam')).items.length, coach: (await inbox('coach')).items.length, adam: (await inbox('adam')).items.length };
    expect((await red()).status).toBe(201);
    await poller.drain();
    const miriam = await inbox('miriam');
    const help = miriam.items.filter((n) => n.type === 'help-requested');
    expect(help).toHaveLength(1);
    // Inside the app, for someone with consent to see the plan: who, and which goal (never the note).
    expect(help[0]).toMatchObject({ urgent: true, read: false, link: '/patients/sally/plan', title: "Sally Brown asked for help with 'Sleep at least seven hours most nights'." });
    expect(JSON.stringify(miriam)).not.toContain('too much');
    expect((await inbox('coach')).items.filter((n) => n.type === 'help-requested')).toHaveLength(1);
    expect((await inbox('adam')).items.length).toBe(before.adam);
    expect((await inbox('sally')).items.filter((n) => n.type === 'help-requested')).toHaveLength(0);
    expect(miriam.items.length).toBe(before.miriam + 1);
    expect(handled.length).toBeGreaterThan(0);
  });

  it('a grant revoked before delivery means no notification', async () => {
    const grants = (await t.call({ method: 'GET', path: '/patients/me/grants', token: as('sally') })).body as { items: Json[] };
    const coachGrant = grants.items.find((g) => g.grantee.userId === 'coach')!;
    const before = (await inbox('coach')).items.filter((n) => n.type === 'help-requested').length;
    await red();
    await t.call({ method: 'DELETE', path: `/patients/me/grants/${coachGrant.grantId}`, token: as('sally') });
    await poller.drain();
    expect((await inbox('coach')).items.filter((n) => n.type === 'help-requested')).toHaveLength(before);
    expect((await inbox('miriam')).items.filter((n) => n.type === 'help-requested')).toHaveLength(2);
  });

  it('emergency access reaches the patient at once; PHB submissions reach the advisors', async () => {
    await t.call({ method: 'POST', path: '/patients/sally/emergency-access', token: as('paramedic'), body: { reason: 'Found in distress at the station' } });
    await t.call({
      method: 'POST',
      path: '/patients/me/phb-requests',
      token: as('sally'),
      body: { category: 'phone', item: 'Phone', amountPence: 5000, goalId: 'seed-goal-walk', whyItHelps: 'Calls', alternativesConsidered: 'None' },
    });
    await poller.drain();
    expect((await inbox('sally')).items.find((n) => n.type === 'emergency-access.granted')).toMatchObject({
      urgent: true,
      link: '/access-log',
      title: 'Sam Doyle, Paramedic, LAS opened your crisis plan in an emergency.',
    });
    expect((await inbox('advisor')).items.find((n) => n.type === 'phb.submitted')).toMatchObject({
      urgent: false,
      link: '/queue',
      title: 'Sally Brown asked for something from their personal health budget.',
    });
  });

  it('counts unread and marks read once', async () => {
    const before = await inbox('miriam');
    expect(before.unread).toBe(before.items.filter((n) => !n.read).length);
    const id = before.items[0]!.notificationId;
    expect((await t.call({ method: 'POST', path: `/me/notifications/${id}/read`, token: as('miriam') })).status).toBe(204);
    expect((await t.call({ method: 'POST', path: `/me/notifications/${id}/read`, token: as('miriam') })).status).toBe(204);
    expect((await inbox('miriam')).unread).toBe(before.unread - 1);
    expect((await t.call({ method: 'POST', path: '/me/notifications/0000000000001-nope/read', token: as('miriam') })).status).toBe(404);
  });

  it("keeps each inbox in its owner's partition", async () => {
    const { Items = [] } = await t.platform.clients.client.send(
      new QueryCommand({
        TableName: t.platform.boroughs.get(BOROUGH)!.deps.store.tableName,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: patientPartition(BOROUGH, 'sally') } },
      }),
    );
    expect(Items.some((i) => i.entity?.S === 'notification')).toBe(false);
  });

  it('sends a red alert by email and SMS at once (urgent), once each though delivered twice; never the words', async () => {
    const before = sent().length;
    await red();
    await poller.drain();
    const mine = sent()
      .slice(before)
      .filter((m) => m.userId === 'miriam');
    expect(mine.map((m) => [m.channel, m.to])).toEqual([
      ['email', 'miriam@example.org'],
      ['sms', expect.stringMatching(/^\+447700900\d{3}$/)],
    ]);
    // Outside the app: no name, no words of the plan, and an absolute link to the page.
    expect(mine.map((m) => m.text)).toEqual([
      `Someone you support has asked for help. Open the app to see: ${ORIGIN}/#/patients/sally/plan`,
      `Someone you support has asked for help. Open the app to see: ${ORIGIN}/#/patients/sally/plan`,
    ]);
    for (const word of PRIVATE_WORDS) expect(JSON.stringify(sent())).not.toContain(word);
  });

  it('puts non-urgent news in the daily digest by default, or sends it at once if preferred', async () => {
    const before = sent().length;
    expect((await h('PUT', '/me/notification-preferences', 'sally', { email: 'immediate', sms: 'off' })).status).toBe(200);
    await t.call({
      method: 'POST',
      path: '/patients/me/phb-requests',
      token: as('sally'),
      body: { category: 'tablet', item: 'Tablet', amountPence: 9000, goalId: 'seed-goal-walk', whyItHelps: 'Video', alternativesConsidered: 'None' },
    });
    await poller.drain();
    // The advisor (default: digest) gets no email now; nothing urgent, so no SMS either.
    expect(
      sent()
        .slice(before)
        .filter((m) => m.userId === 'advisor'),
    ).toEqual([]);
    expect((await h('GET', '/me/notification-preferences', 'advisor')).body).toEqual({ email: 'digest', sms: 'urgent', push: 'on' });

    // The daily digest then sends the advisor one email saying how many, once however often it runs.
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    const first = await sendDigests(runtime.deps, sender);
    const again = await sendDigests(runtime.deps, sender);
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(again.sent).toBe(0);
    const digest = sent().filter((m) => m.userId === 'advisor' && String(m.eventId).startsWith('digest-'));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.text).toMatch(/^You have \d+ new notifications? in the recovery platform\. Open the app to see: http:\/\/localhost:3999\/#\/notifications$/);
  });

  it('names who and what in the app: a contribution to the patient, a new petal to both sides; emails keep no name', async () => {
    await h('PUT', '/me/notification-preferences', 'adam', { email: 'immediate', sms: 'urgent' });
    const before = sent().length;
    const step = await h('POST', '/patients/sally/goals/seed-goal-walk/steps', 'miriam', { text: 'Check the bus times' });
    expect(step.status).toBeLessThan(300);
    expect((await h('POST', '/patients/me/grants', 'sally', { grantee: { type: 'person', userId: 'adam' }, scopes: ['plan:read'] })).status).toBe(201);
    await poller.drain();
    const sallys = (await inbox('sally')).items;
    expect(sallys.find((n) => n.type === 'plan.contributed')).toMatchObject({ link: '/plan', title: "Miriam Okafor added a step to your goal 'Walk to Victoria Park twice a week'." });
    expect(sallys.find((n) => n.type === 'grant.created')).toMatchObject({ link: '/sharing', title: 'You are now sharing with Adam Clarke, Health care assistant, ELFT.' });
    expect((await inbox('adam')).items.find((n) => n.type === 'grant.created')).toMatchObject({ link: '/patients', title: 'Sally Brown started sharing with you.' });
    const adams = sent()
      .slice(before)
      .filter((m) => m.userId === 'adam');
    expect(adams.map((m) => m.text)).toEqual([`Sharing in a recovery plan has changed. Open the app to see: ${ORIGIN}/#/patients`]);
    for (const word of PRIVATE_WORDS) expect(JSON.stringify(sent())).not.toContain(word);
  });

  it('a failing channel lands in the dead letters and the replay sends it once', async () => {
    const before = sent().length;
    smsDown = true;
    await red();
    await poller.drain();
    smsDown = false;
    const letters = readFileSync(deadLetterFile, 'utf8').split('\n').filter(Boolean);
    expect(letters.length).toBeGreaterThanOrEqual(1);
    const emailsSoFar = sent()
      .slice(before)
      .filter((m) => m.userId === 'miriam' && m.channel === 'email');
    expect(emailsSoFar).toHaveLength(1);
    expect(
      sent()
        .slice(before)
        .filter((m) => m.channel === 'sms'),
    ).toHaveLength(0);

    const runtime = t.platform.boroughs.get(BOROUGH)!;
    const result = await replayDeadLetters(deadLetterFile, () => makeStreamHandler({ ...runtime.deps, messages: sender }));
    expect(result).toEqual({ replayed: letters.length, failed: 0 });
    const after = sent()
      .slice(before)
      .filter((m) => m.userId === 'miriam');
    expect(after.map((m) => m.channel).sort()).toEqual(['email', 'sms']);
    expect((await inbox('miriam')).items.filter((n) => n.type === 'help-requested')).toHaveLength(4);
  });

  it("an operator's directory entry is who notifications find: a new advisor hears of new PHB requests", async () => {
    tokens.operator = await t.tokenFor('operator');
    tokens['advisor-new'] = await t.issuer.sign({ id: 'advisor-new', borough: BOROUGH, roles: ['phb-advisor'], org: 'advocacy-project' });
    const bad = await h('PUT', '/borough/users/advisor-new', 'operator', { roles: ['phb-advisor'], name: { given: 'Nia', family: 'Example' }, org: 'acme', roleTitle: 'PHB advisor' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ errors: [{ field: 'body.org' }] });
    expect((await h('PUT', '/borough/users/advisor-new', 'miriam', { roles: ['phb-advisor'] })).status).toBe(403);
    expect(
      (
        await h('PUT', '/borough/users/advisor-new', 'operator', {
          roles: ['phb-advisor'],
          name: { given: 'Nia', family: 'Example' },
          org: 'advocacy-project',
          roleTitle: 'PHB advisor',
          email: 'new.advisor@example.org',
        })
      ).status,
    ).toBe(200);
    await t.call({
      method: 'POST',
      path: '/patients/me/phb-requests',
      token: as('sally'),
      body: { category: 'gym', item: 'Gym pass', amountPence: 3000, goalId: 'seed-goal-walk', whyItHelps: 'Exercise', alternativesConsidered: 'Park runs' },
    });
    await poller.drain();
    expect((await inbox('advisor-new')).items.map((n) => n.type)).toContain('phb.submitted');
  });

  it('a slow step of the poller is reported with its timing and nothing of the records', async () => {
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    const slow: SlowStep[] = [];
    // A second reader of the same stream whose handler takes 120 ms per batch, told of steps over 50 ms.
    const sluggish = startStreamPoller({
      endpoint: testEndpoint(),
      clients: t.platform.clients,
      tableName: runtime.deps.store.tableName,
      handler: async () => {
        await new Promise((r) => setTimeout(r, 120));
        return { batchItemFailures: [] };
      },
      deadLetterFile: join(tmp, 'sluggish-dead.jsonl'),
      intervalMs: 0,
      functionName: 'sluggish',
      slowStepMs: 50,
      onSlow: (s) => slow.push(s),
    });
    try {
      expect(await sluggish.drain()).toBeGreaterThan(0);
    } finally {
      sluggish.stop();
    }
    expect(slow.length).toBeGreaterThan(0);
    for (const s of slow) {
      expect(Object.keys(s).sort()).toEqual(['ms', 'poller', 'records', 'step', 'tableName']);
      expect(s).toMatchObject({ poller: 'sluggish', tableName: runtime.deps.store.tableName });
    }
    expect(slow.filter((s) => s.step === 'handle').every((s) => s.ms >= 100 && s.records > 0)).toBe(true);
    expect(slow.some((s) => s.step === 'handle')).toBe(true);
  });

  it("with lanes (AWS's parallelization factor), a patient's record being retried holds back only that patient's records", async () => {
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    const { store } = runtime.deps;
    const handledAt = new Map<string, number>();
    const started = Date.now();
    // A handler that fails every record of the patient "stuck" (retried with growing pauses, then dead-lettered) and takes the others.
    const put = (pk: string, sk: string) => store.doc.send(new PutCommand({ TableName: store.tableName, Item: { pk, sk, entity: 'lane-probe' } }));
    const lanesPoller = (lanes: number) =>
      startStreamPoller({
        endpoint: testEndpoint(),
        clients: t.platform.clients,
        tableName: store.tableName,
        startAt: 'LATEST',
        handler: async (event) => {
          const failed = event.Records.filter((r) => r.dynamodb?.Keys?.pk?.S === 'lane-probe#stuck');
          for (const r of event.Records) if (!failed.includes(r)) handledAt.set(String(r.dynamodb?.Keys?.pk?.S), Date.now() - started);
          return { batchItemFailures: failed.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
        },
        deadLetterFile: join(tmp, `lanes-${lanes}-dead.jsonl`),
        intervalMs: 50,
        functionName: `lanes-${lanes}`,
        lanes,
      });
    const laned = lanesPoller(10);
    try {
      await laned.drain(); // its iterator is at the end of the stream now
      await put('lane-probe#stuck', 'a');
      // The other patient's record comes while the stuck one is being retried.
      await new Promise((r) => setTimeout(r, 300));
      await put('lane-probe#fine', 'a');
      for (let waited = 0; !handledAt.has('lane-probe#fine') && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      await laned.drain();
    } finally {
      laned.stop();
    }
    // The stuck record took 0.25 + 0.5 + 1 + 2 + 4 s of retries; the fine one did not wait for them.
    expect(handledAt.get('lane-probe#fine')).toBeLessThan(3_000);
    expect(readFileSync(join(tmp, 'lanes-10-dead.jsonl'), 'utf8')).toContain('lane-probe#stuck');
  }, 30_000);

  // Last: Miriam leaves the service.
  it('a person disabled before delivery hears nothing, in the app, by email or by SMS, though their grant stands', async () => {
    // Prepare: Miriam's petal stands; an operator disables her.
    tokens.operator ??= await t.tokenFor('operator');
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const inboxOf = async () => (await inboxPage(store, BOROUGH, 'miriam', { limit: 100 })).items.filter((n) => n.type === 'help-requested').length;
    const before = { inbox: await inboxOf(), sent: sent().length };
    expect((await h('POST', '/borough/users/miriam/disable', 'operator')).status).toBe(200);

    // Act: Sally asks for help.
    expect((await red()).status).toBe(201);
    await poller.drain();

    // Assess: nothing reaches Miriam.
    expect(await inboxOf()).toBe(before.inbox);
    expect(
      sent()
        .slice(before.sent)
        .filter((m) => m.userId === 'miriam'),
    ).toEqual([]);
  });
});
