import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStreamHandler } from '../../functions/notifications/stream';
import { loadBoroughs } from '../../infra/boroughs';
import { startDynamoLocal, type DynamoLocal } from '../../infra/local/dynamo-local';
import { freePort } from '../../infra/local/free-port';
import { localIssuer } from '../../infra/local/issuer';
import { createPlatform, type LocalPlatform } from '../../infra/local/platform';
import { seedBorough } from '../../infra/local/seed';
import { startStreamPoller, type StreamPoller } from '../../infra/local/stream-poller';
import { scanAll } from '../../shared/store/query-all';
import type { Json } from '../support/json';

const BOROUGH = 'city-and-hackney';

/**
 * DynamoDB Local stopped in the middle of a stream of red updates, then started again on the same
 * data: requests fail fast with 503 meanwhile, the platform recovers without a restart, no write is
 * half-done, and every red update that was answered 2xx reaches the care team's inbox.
 */
describe('the database going away under load', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'faults-db-'));
  let port: number;
  let dynamo: DynamoLocal;
  let platform: LocalPlatform;
  let poller: StreamPoller;
  let call: (method: string, path: string, token: string, body?: unknown) => Promise<{ status: number; body: Json; ms: number }>;
  let sally: string;
  let miriam: string;

  beforeAll(async () => {
    port = await freePort();
    dynamo = await startDynamoLocal({ dataDir, port });
    const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'faults-key-')), 'key.json'));
    const config = loadBoroughs().find((b) => b.id === BOROUGH)!;
    platform = await createPlatform({ endpoint: dynamo.endpoint, boroughs: [config], issuer });
    const runtime = platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    poller = startStreamPoller({
      endpoint: dynamo.endpoint,
      clients: platform.clients,
      tableName: runtime.deps.store.tableName,
      handler: makeStreamHandler(runtime.deps),
      deadLetterFile: join(dataDir, 'dead.jsonl'),
      intervalMs: 50,
    });
    sally = await issuer.sign({ id: 'sally', roles: ['patient'], borough: BOROUGH });
    miriam = await issuer.sign({ id: 'miriam', roles: ['clinician'], org: 'elft', borough: BOROUGH });
    call = async (method, path, token, body) => {
      const started = performance.now();
      const [pathname, query] = path.split('?') as [string, string | undefined];
      const res = await platform.dispatch(BOROUGH, {
        method,
        path: pathname,
        ...(query ? { rawQueryString: query } : {}),
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.statusCode ?? 200, body: res.body ? (JSON.parse(res.body) as Json) : {}, ms: performance.now() - started };
    };
  }, 60_000);
  afterAll(async () => {
    poller?.stop();
    platform?.close();
    await dynamo?.stop();
  });

  it('answers 503 fast while it is away, recovers by itself, and loses no red alert', async () => {
    const answered: { status: number; updateId?: string; ms: number; phase: string }[] = [];
    let phase = 'up';
    let running = true;
    const worker = async () => {
      while (running) {
        const startedIn = phase;
        const res = await call('POST', '/patients/sally/goals/seed-goal-sleep/updates', sally, { status: 'red', note: 'Struggling tonight' });
        answered.push({ status: res.status, ms: res.ms, phase: startedIn, ...(res.status === 201 ? { updateId: String(res.body.updateId) } : {}) });
        if (res.status !== 201) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    phase = 'stopping';
    await dynamo.stop();
    phase = 'down';
    await new Promise((r) => setTimeout(r, 3000));
    phase = 'restarting';
    dynamo = await startDynamoLocal({ dataDir, port });
    phase = 'back';
    await new Promise((r) => setTimeout(r, 3000));
    running = false;
    await Promise.all(workers);

    const down = answered.filter((a) => a.phase === 'down');
    const back = answered.filter((a) => a.phase === 'back');
    expect(answered.filter((a) => a.phase === 'up' && a.status === 201).length).toBeGreaterThan(0);
    // While away: every answer a 503 (never a 500, never a hang), each within a few seconds.
    expect(down.length).toBeGreaterThan(0);
    expect([...new Set(down.map((a) => a.status))]).toEqual([503]);
    expect(Math.max(...down.map((a) => a.ms))).toBeLessThan(5000);
    // Back: the same process serves again.
    expect(back.filter((a) => a.status === 201).length).toBeGreaterThan(0);

    // No write half-done: each red update has its outbox event and its place in the plan's history, and no event lacks its update.
    const store = platform.boroughs.get(BOROUGH)!.deps.store;
    const items = await scanAll(store, {});
    const updates = new Set(
      items.filter((i) => i.entity === 'rag-update' && i.goalId === 'seed-goal-sleep' && i.status === 'red' && !String(i.updateId).startsWith('seed-')).map((i) => String(i.updateId)),
    );
    const outbox = items.filter((i) => i.entity === 'outbox' && String(i.type).endsWith('help-requested'));
    const events = new Set(outbox.map((i) => String((i.data as Json).updateId)));
    const eventOf = new Map(outbox.map((i) => [String((i.data as Json).updateId), String(i.id)]));
    expect([...updates].filter((u) => !events.has(u))).toEqual([]);
    expect([...events].filter((e) => !updates.has(e))).toEqual([]);
    const ok = answered.filter((a) => a.updateId).map((a) => a.updateId!);
    expect(ok.filter((u) => !updates.has(u))).toEqual([]);

    // Every 2xx red update reaches miriam's inbox (the poller carries on by itself).
    const inbox = async () => {
      const ids = new Set<string>();
      for (let cursor: string | undefined, pages = 0; pages < 50; pages++) {
        const page = await call('GET', `/me/notifications?limit=100${cursor ? `&cursor=${cursor}` : ''}`, miriam);
        // A notification's id ends with the id of the event it tells of.
        for (const n of page.body.items as Json[]) ids.add(String(n.notificationId).replace(/^\d+-/, ''));
        cursor = page.body.nextCursor as string | undefined;
        if (!cursor) break;
      }
      return ids;
    };
    const deadline = Date.now() + 30_000;
    let missing = ok;
    while (Date.now() < deadline) {
      const seen = await inbox();
      missing = ok.filter((u) => !seen.has(eventOf.get(u) ?? `no event for ${u}`));
      if (missing.length === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(missing).toEqual([]);
  }, 120_000);
});
