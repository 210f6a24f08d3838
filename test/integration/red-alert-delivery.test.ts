import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startBoroughPollers } from '../../infra/local/borough-pollers';
import { seedBorough } from '../../infra/local/seed';
import type { StreamPoller } from '../../infra/local/stream-poller';
import { patientPartition } from '../../shared/store/keys';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * A red alert through the borough's pollers as the local platform wires them (the real notifications
 * handler, its lanes), while another patient's record fails every attempt and is retried: the alert
 * must not wait for that record's retries (0.25 + 0.5 + 1 + 2 + 4 s), as a care team must hear of it
 * at once. Sally's and Andre's partitions fall in different lanes of the ten (with one lane, the alert
 * waits out Andre's retries and this fails).
 */
describe('a red alert while another record is being retried', () => {
  let t: TestPlatform;
  let pollers: StreamPoller[];
  const dir = mkdtempSync(join(tmpdir(), 'red-alert-'));
  const deadLetters = join(dir, 'notifications-dead.jsonl');
  const deadLettered = () => (existsSync(deadLetters) ? readFileSync(deadLetters, 'utf8') : '');
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    t = await startTestPlatform();
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    pollers = startBoroughPollers(runtime, { endpoint: testEndpoint(), clients: t.platform.clients, deadLetters: { notifications: deadLetters, outcomes: join(dir, 'outcomes-dead.jsonl') } });
    for (const poller of pollers) await poller.drain();
  }, 60_000);
  afterAll(async () => {
    for (const poller of pollers) poller.stop();
    await t.stop();
  });

  it("reaches the care team's inbox while another patient's failing record is still being retried", async () => {
    // Prepare: the seed delivered (beforeAll), then an outbox event for Andre that the handler fails on every attempt (it has no data).
    const [sally, miriam] = [await t.tokenFor('sally'), await t.tokenFor('miriam')];
    const unread = async () => ((await t.call({ method: 'GET', path: '/me/notifications', token: miriam, query: 'limit=1' })).body as { unread: number }).unread;
    const before = await unread();
    const { store } = t.platform.boroughs.get(BOROUGH)!.deps;
    const poisonAt = Date.now();
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { pk: patientPartition(BOROUGH, 'andre'), sk: `OUTBOX#${new Date().toISOString()}#poison`, entity: 'outbox', id: 'poison', type: 'help-requested', borough: BOROUGH },
      }),
    );
    // Act: Sally asks for help while Andre's record is in its retries.
    await sleep(500);
    expect((await t.call({ method: 'POST', path: '/patients/me/goals/seed-goal-sleep/updates', token: sally, body: { status: 'red', note: 'Help' } })).status).toBe(201);
    const posted = Date.now();
    while ((await unread()) === before && Date.now() - posted < 30_000) await sleep(25);
    const alertMs = Date.now() - posted;
    const stillRetrying = !deadLettered().includes('poison');
    for (let waited = 0; !deadLettered().includes('poison') && waited < 30_000; waited += 100) await sleep(100);
    const poisonMs = Date.now() - poisonAt;

    // Assess: the alert came, and before Andre's record had used up its attempts (which took their 7.75 s of pauses).
    expect(await unread()).toBe(before + 1);
    expect(stillRetrying).toBe(true);
    expect(poisonMs).toBeGreaterThan(7_750);
    expect(alertMs).toBeLessThan(poisonMs / 2);
  }, 90_000);
});
