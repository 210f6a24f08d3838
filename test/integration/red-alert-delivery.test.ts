import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startBoroughPollers } from '../../infra/local/borough-pollers';
import { seedBorough } from '../../infra/local/seed';
import { startStreamPoller, type SlowStep, type StreamPoller } from '../../infra/local/stream-poller';
import { patientPartition } from '../../shared/store/keys';
import { makeTestTable, testEndpoint, type TestTable } from '../support/dynamo';
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
    t = await startTestPlatform({ streams: true });
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

/**
 * A stopped poller must not go on handing records to its handler: in one jest process the test files
 * run one after another, and a poller stopped by one must not keep retrying (nor report slow steps)
 * while the next one runs.
 */
describe('a stopped poller', () => {
  let table: TestTable;
  beforeAll(async () => {
    table = await makeTestTable('stopped-poller', { streams: true });
  });
  afterAll(async () => {
    await table.drop();
  });

  it('hands nothing more to the handler, not even the record it was retrying, and reports nothing after', async () => {
    // Prepare: a handler that fails every record, and a poller whose slow steps are those over 200 ms.
    const calls: number[] = [];
    let stopped = false;
    const slowAfterStop: SlowStep[] = [];
    const deadLetterFile = join(mkdtempSync(join(tmpdir(), 'stopped-')), 'dead.jsonl');
    const poller = startStreamPoller({
      endpoint: testEndpoint(),
      clients: table,
      tableName: table.tableName,
      handler: async (event) => {
        calls.push(Date.now());
        return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
      },
      deadLetterFile,
      intervalMs: 50,
      functionName: 'stopped',
      slowStepMs: 200,
      onSlow: (slow) => {
        if (stopped) slowAfterStop.push(slow);
      },
    });
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'P#someone', sk: 'a', entity: 'probe' } }));
    for (let waited = 0; calls.length < 3 && waited < 20_000; waited += 25) await new Promise((r) => setTimeout(r, 25));

    // Act: stop it while the record waits for its fourth attempt (after a pause of 1 s, then 2 s for the fifth).
    poller.stop();
    stopped = true;
    const callsAtStop = calls.length;
    await new Promise((r) => setTimeout(r, 3_500));

    // Assess
    expect(callsAtStop).toBe(3);
    expect(calls.length).toBe(callsAtStop);
    expect(poller.status()).toMatchObject({ working: 0 });
    expect(slowAfterStop).toEqual([]);
    expect(existsSync(deadLetterFile)).toBe(false);
  }, 30_000);
});
