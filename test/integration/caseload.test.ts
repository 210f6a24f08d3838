import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBoroughPollers } from '../../infra/local/borough-pollers';
import { seedBorough } from '../../infra/local/seed';
import { alertIdFor } from '../../shared/domain/red-alerts';
import type { Scope } from '../../shared/domain/grant';
import type { StreamPoller } from '../../infra/local/stream-poller';
import { batchWriteAll } from '../../shared/store/batch-write';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { putNewAlertItem } from '../../shared/store/alert-repository';
import { transactWrite } from '../../shared/store/transact';
import { EXAMPLE_ALERT_ID } from '../../functions/plans/alert-routes';
import { grantFixture, putExamplePlan, putGrant } from '../support/fixtures';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform, type TestResponse } from '../support/platform';

interface Entry {
  patientId: string;
  patient: { name: string; nhsNumber?: string };
  scopes: string[];
  attention: string;
  plan?: { goals: { goalId: string; description: string; rag?: { status: string } }[]; openAlerts: { status: string }[]; lastActivityAt?: string; review?: { on: string; status?: string } };
}
interface CaseloadPage {
  items: Entry[];
  total: number;
  nextCursor?: string;
}

/**
 * The list a clinician works from, on the real handlers and the outcomes poller that keeps each
 * patient's glance: Miriam's caseload is Sally (the seed) and the patients added here.
 */
describe('the caseload: the list a clinician works from (DynamoDB Local, the stream kept)', () => {
  let t: TestPlatform;
  let pollers: StreamPoller[];
  let miriam: string;
  const store = () => t.platform.boroughs.get(BOROUGH)!.deps.store;
  const drain = async () => {
    for (const poller of pollers) await poller.drain();
  };
  const caseload = async (query = '', token = miriam): Promise<TestResponse & { page: CaseloadPage }> => {
    const answer = await t.call({ method: 'GET', path: '/me/caseload', token, ...(query ? { query } : {}) });
    return { ...answer, page: answer.body as CaseloadPage };
  };
  const names = (page: CaseloadPage) => page.items.map((e) => e.patient.name);

  /** A patient in the directory who shares `scopes` with Miriam (or whose grant is expired, revoked, or for the ambulance service). */
  const patient = async (id: string, given: string, family: string, nhsNumber: string, scopes: Scope[], state: 'active' | 'expired' | 'revoked' = 'active') => {
    await batchWriteAll(store(), [{ PutRequest: { Item: directoryUserItem(BOROUGH, { userId: id, roles: ['patient'], name: { given, family }, birthDate: '1990-01-01', nhsNumber }) } }]);
    await putGrant(store(), BOROUGH, grantFixture(id, { type: 'person', userId: 'miriam' }, scopes, state));
  };

  beforeAll(async () => {
    t = await startTestPlatform({ streams: true });
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    const dir = mkdtempSync(join(tmpdir(), 'caseload-'));
    pollers = startBoroughPollers(runtime, { endpoint: testEndpoint(), clients: t.platform.clients, deadLetters: { notifications: join(dir, 'n.jsonl'), outcomes: join(dir, 'o.jsonl') } });
    miriam = await t.tokenFor('miriam');
    // Valid NHS numbers (mod 11) of the test range.
    await patient('zoe', 'Zoë', 'Adams', '9990000042', ['plan:read']);
    await patient('nora', 'Nora', 'Bell', '9990000050', ['log:read']);
    await patient('olu', 'Olu', "O'Brien", '9990000069', ['plan:read', 'plan:contribute']);
    await patient('gone', 'Gail', 'Expired', '9990000077', ['plan:read'], 'expired');
    await patient('revoked', 'Rory', 'Revoked', '9990000085', ['plan:read'], 'revoked');
    // Zoë's example plan comes with a red alert nobody has acknowledged.
    await putExamplePlan(store(), BOROUGH, 'zoe');
    // Olu's alert went to the duty team nobody acknowledged it in time.
    const raisedAt = '2026-11-20T10:00:00.000Z';
    await transactWrite(store(), [
      putNewAlertItem(store(), BOROUGH, 'olu', {
        alertId: alertIdFor(raisedAt, 'u-olu'),
        goalId: 'goal-x',
        updateId: 'u-olu',
        raisedAt,
        dueAt: '2026-11-20T14:00:00.000Z',
        status: 'escalated',
        escalatedAt: '2026-11-20T14:01:00.000Z',
        escalatedTo: ['elft'],
      }),
    ]);
    await drain();
  }, 90_000);
  afterAll(async () => {
    for (const poller of pollers) poller.stop();
    await t.stop();
  });

  it('lists who shares with Miriam in force (never by an expired or revoked grant), by family name, a reader of the plan seeing its goals', async () => {
    const { status, page } = await caseload();
    expect(status).toBe(200);
    // Zoë's open alert first, then Olu's escalated one; the others by family name.
    expect(names(page)).toEqual(['Zoë Adams', "Olu O'Brien", 'Nora Bell', 'Sally Brown']);
    expect(page.total).toBe(4);
    expect(page.nextCursor).toBeUndefined();
    const byId = new Map(page.items.map((e) => [e.patientId, e]));
    expect(byId.get('olu')).toMatchObject({ attention: 'alert-escalated', plan: { openAlerts: [{ status: 'escalated' }] } });
    expect(byId.get('zoe')).toMatchObject({ attention: 'alert-open', plan: { openAlerts: [{ status: 'open' }] } });
    expect(byId.get('zoe')!.plan!.goals.map((g) => g.goalId)).toEqual(['goal-example']);
    expect(byId.get('sally')!.plan!.goals.length).toBeGreaterThan(0);
    expect(byId.get('sally')!.patient.nhsNumber).toBe('999 000 0018');
    // Nora shares her log only: her name is there, nothing of her plan.
    expect(byId.get('nora')).toMatchObject({ attention: 'none', scopes: ['log:read'] });
    expect(byId.get('nora')!.plan).toBeUndefined();
  });

  it('puts a red alert nobody acknowledged first, and after the acknowledgement the red goal stays above the rest, below the alerts', async () => {
    const sally = await t.tokenFor('sally');
    const red = await t.call({ method: 'POST', path: '/patients/me/goals/seed-goal-sleep/updates', token: sally, body: { status: 'red', note: 'A bad week' } });
    expect(red.status).toBe(201);
    await drain();
    const raised = (await caseload()).page;
    // Two alerts nobody acknowledged: by family name.
    expect(raised.items.map((e) => [e.patientId, e.attention])).toEqual([
      ['zoe', 'alert-open'],
      ['sally', 'alert-open'],
      ['olu', 'alert-escalated'],
      ['nora', 'none'],
    ]);
    const sallyRow = raised.items[1]!;
    expect(sallyRow.plan!.openAlerts).toEqual([expect.objectContaining({ status: 'open' })]);
    expect(sallyRow.plan!.goals.find((g) => g.goalId === 'seed-goal-sleep')?.rag?.status).toBe('red');
    // Her own update is her last activity.
    expect(Date.now() - Date.parse(sallyRow.plan!.lastActivityAt!)).toBeLessThan(60_000);

    const alerts = await t.call({ method: 'GET', path: '/patients/sally/alerts', token: miriam });
    const open = (alerts.body as { items: { alertId: string; status: string }[] }).items.find((a) => a.status === 'open')!;
    const ack = await t.call({ method: 'POST', path: `/patients/sally/alerts/${open.alertId}/acknowledgement`, token: miriam, body: {} });
    expect(ack.status).toBe(200);
    await drain();
    const answered = (await caseload()).page;
    expect(answered.items.map((e) => [e.patientId, e.attention])).toEqual([
      ['zoe', 'alert-open'],
      ['olu', 'alert-escalated'],
      ['sally', 'red'],
      ['nora', 'none'],
    ]);
    expect(answered.items[2]!.plan!.openAlerts).toEqual([]);
  });

  it('finds patients by name (any case or accent, each word the start of a name) or by the start of an NHS number', async () => {
    expect(names((await caseload('q=bro')).page)).toEqual(['Sally Brown']);
    expect(names((await caseload('q=ZOE%20ad')).page)).toEqual(['Zoë Adams']);
    expect(names((await caseload(`q=${encodeURIComponent("o'brien")}`)).page)).toEqual(["Olu O'Brien"]);
    expect(names((await caseload('q=brien')).page)).toEqual(["Olu O'Brien"]);
    expect(names((await caseload(`q=${encodeURIComponent('999 000 0018')}`)).page)).toEqual(['Sally Brown']);
    // Someone not shared with Miriam is not found, whoever they are.
    const nobody = await caseload('q=expired');
    expect(nobody.page).toEqual({ items: [], total: 0 });
  });

  it('pages through the list, each patient once, and says how many in all', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const { page } = await caseload(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.total).toBe(4);
      seen.push(...page.items.map((e) => e.patientId));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(['zoe', 'olu', 'sally', 'nora']);
  });

  it("writes what the list showed of each plan in that patient's access log, and nothing for a patient whose plan it did not show", async () => {
    await caseload();
    const logOf = async (patientId: string) => {
      const answer = await t.call({ method: 'GET', path: `/patients/${patientId}/access-log`, token: await t.tokenFor(patientId), query: 'limit=100' });
      return (answer.body as { items: { actorId: string; action: string; operation: string }[] }).items.filter((e) => e.actorId === 'miriam' && e.operation === 'GET /me/caseload');
    };
    expect((await logOf('zoe')).map((e) => e.action)).toContain('plan:read');
    expect(await logOf('nora')).toEqual([]);
  });

  it('goes on after where the last patient stood when their alert is answered meanwhile: nobody after them is skipped', async () => {
    const first = (await caseload('limit=1')).page;
    expect(first.items.map((e) => [e.patientId, e.attention])).toEqual([['zoe', 'alert-open']]);
    // Zoë's alert is acknowledged before the next page is asked for: she moves down the list.
    const ack = await t.call({ method: 'POST', path: `/patients/zoe/alerts/${EXAMPLE_ALERT_ID}/acknowledgement`, token: miriam, body: {} });
    expect(ack.status).toBe(200);
    await drain();
    const next = (await caseload(`limit=1&cursor=${first.nextCursor!}`)).page;
    expect(next.items.map((e) => e.patientId)).toEqual(['olu']);
  });

  it('is for the care team only, and refuses bad input by field', async () => {
    expect((await caseload('', await t.tokenFor('sally'))).status).toBe(403);
    expect((await caseload('', await t.tokenFor('paramedic'))).status).toBe(403);
    for (const [query, field] of [
      ['limit=0', 'query.limit'],
      ['limit=51', 'query.limit'],
      [`q=${'a'.repeat(101)}`, 'query.q'],
      ['cursor=not-ours', 'query.cursor'],
      ['sort=name', 'query.sort'],
    ] as const) {
      const answer = await caseload(query);
      expect([answer.status, answer.headers['content-type']]).toEqual([422, 'application/problem+json']);
      expect(JSON.stringify(answer.body)).toContain(field);
    }
  });
});
