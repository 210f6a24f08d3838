import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { makeStreamHandler } from '../../functions/notifications/stream';
import { seedBorough } from '../../infra/local/seed';
import { startStreamPoller, type StreamPoller } from '../../infra/local/stream-poller';
import { patientPartition } from '../../shared/store/keys';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, any>;

describe('notifications through the real stream poller', () => {
  let t: TestPlatform;
  let poller: StreamPoller;
  const handled: number[] = [];
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;

  beforeAll(async () => {
    t = await startTestPlatform();
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    const stream = makeStreamHandler(runtime.deps);
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
      deadLetterFile: join(mkdtempSync(join(tmpdir(), 'dlq-')), 'dead-letters.jsonl'),
      intervalMs: 0,
    });
    for (const u of ['sally', 'miriam', 'coach', 'adam', 'advisor', 'paramedic']) tokens[u] = await t.tokenFor(u);
    await poller.drain();
  });
  afterAll(async () => {
    poller.stop();
    await t.stop();
  });

  const inbox = async (user: string) => (await t.call({ method: 'GET', path: '/me/notifications', token: as(user) })).body as { unread: number; items: Json[] };
  const red = () => t.call({ method: 'POST', path: '/patients/me/goals/seed-goal-sleep/updates', token: as('sally'), body: { status: 'red', note: 'Everything is too much' } });

  it('a red update reaches exactly the consented care team, once, with no clinical content', async () => {
    const before = { miriam: (await inbox('miriam')).items.length, coach: (await inbox('coach')).items.length, adam: (await inbox('adam')).items.length };
    expect((await red()).status).toBe(201);
    await poller.drain();
    const miriam = await inbox('miriam');
    const help = miriam.items.filter((n) => n.type === 'help-requested');
    expect(help).toHaveLength(1);
    expect(help[0]).toMatchObject({ urgent: true, read: false, link: '/patients/sally/plan', title: 'Someone you support has asked for help.' });
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
    await t.call({ method: 'POST', path: '/patients/me/phb-requests', token: as('sally'), body: { category: 'phone', item: 'Phone', amountPence: 5000, goalId: 'seed-goal-walk', whyItHelps: 'Calls', alternativesConsidered: 'None' } });
    await poller.drain();
    expect((await inbox('sally')).items.find((n) => n.type === 'emergency-access.granted')).toMatchObject({ urgent: true });
    expect((await inbox('advisor')).items.find((n) => n.type === 'phb.submitted')).toMatchObject({ urgent: false, link: '/phb-requests?status=submitted' });
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

  it('keeps each inbox in its owner\'s partition', async () => {
    const { Items = [] } = await t.platform.clients.client.send(
      new QueryCommand({ TableName: t.platform.boroughs.get(BOROUGH)!.deps.store.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: patientPartition(BOROUGH, 'sally') } } }),
    );
    expect(Items.some((i) => i.entity?.S === 'notification')).toBe(false);
  });
});
