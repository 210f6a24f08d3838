import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { deliver } from '../../functions/notifications/deliver';
import { sweepAlerts } from '../../functions/notifications/alert-sweep';
import { loadBoroughs } from '../../infra/boroughs';
import { startAlertSweeps } from '../../infra/local/alert-sweeps';
import { createPlatform, type BoroughRuntime, type LocalPlatform } from '../../infra/local/platform';
import type { DomainEvent } from '../../shared/events/outbox';
import { patientPartition } from '../../shared/store/keys';
import { grantFixture, putExamplePlan, putGrant } from '../support/fixtures';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

interface AlertView {
  alertId: string;
  goalId: string;
  status: string;
  dueAt: string;
  acknowledged?: { by: { name: string; label: string }; at: string };
  escalated?: { at: string; to: string[] };
}
type Inbox = { items: { type: string; title: string }[] };

// Wednesday 25 November 2026, 10:00 in London (GMT): due four working hours later, at 14:00.
const RAISED = new Date('2026-11-25T10:00:00Z');
const DUE = '2026-11-25T14:00:00.000Z';

/**
 * Issue 19 item 3, "Red alerts are answered": a red update raises an alert that a member of the care
 * team acknowledges once, or that the sweep escalates to the duty teams of the care team's
 * organisations when the borough's working hours run out; on DynamoDB Local, the clock injected.
 */
describe('red alerts: acknowledged, or escalated to the duty team', () => {
  let t: TestPlatform;
  let now = RAISED;
  let runtime: BoroughRuntime;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    runtime = t.platform.boroughs.get(BOROUGH)!;
    for (const id of ['sally', 'andre', 'miriam', 'adam', 'coach', 'advisor', 'duty-elft']) tokens[id] = await t.tokenFor(id);
  });
  afterAll(() => t.stop());

  /** Sally's plan with goal-example, shared (plan:read) with Miriam (ELFT) and her coach (Core Sport); Adam has nothing. */
  const freshRecord = async (patientId = 'sally') => {
    const { store } = runtime.deps;
    await putExamplePlan(store, BOROUGH, patientId);
    // Granted long before the injected clock's time.
    const since = { startsAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' };
    await putGrant(store, BOROUGH, { ...grantFixture(patientId, { type: 'person', userId: 'miriam' }, ['plan:read'], 'active', `g-miriam-${patientId}`), ...since });
    await putGrant(store, BOROUGH, { ...grantFixture(patientId, { type: 'person', userId: 'coach' }, ['plan:read'], 'active', `g-coach-${patientId}`), ...since });
  };

  const goRed = async (patientId = 'sally') => {
    now = RAISED;
    const res = await t.call({ method: 'POST', path: `/patients/me/goals/goal-example/updates`, token: tokens[patientId], body: { status: 'red', note: 'A very bad night' } });
    expect(res.status).toBe(201);
    const alerts = await listAlerts(patientId, patientId);
    return alerts.body.items.find((a) => a.status === 'open' && a.dueAt === DUE)!;
  };

  const listAlerts = async (as: string, patientId = 'sally') => {
    const res = await t.call({ method: 'GET', path: `/patients/${as === patientId ? 'me' : patientId}/alerts`, token: tokens[as] });
    return res as typeof res & { body: { items: AlertView[] } };
  };

  const acknowledge = (as: string, alertId: string, patientId = 'sally') => t.call({ method: 'POST', path: `/patients/${patientId}/alerts/${alertId}/acknowledgement`, token: tokens[as] });

  /** What the stream would deliver: every outbox event of the patient, delivered again (idempotent). */
  const deliverOutbox = async (patientId = 'sally') => {
    const { store } = runtime.deps;
    const { Items = [] } = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)',
        ExpressionAttributeValues: { ':pk': patientPartition(BOROUGH, patientId), ':o': 'OUTBOX#' },
      }),
    );
    for (const item of Items) await deliver(runtime.deps, item as unknown as DomainEvent);
  };

  const inbox = async (userId: string) => ((await t.call({ method: 'GET', path: '/me/notifications', token: tokens[userId], query: 'limit=100' })).body as Inbox).items;

  const sweep = (deps = runtime.deps, run = runtime.runAs) => run('notifications', () => sweepAlerts(deps))();

  it('a red update raises an open alert due after four working hours, and tells the patient whom to call meanwhile', async () => {
    await freshRecord();
    now = RAISED;
    const res = await t.call({ method: 'POST', path: '/patients/me/goals/goal-example/updates', token: tokens.sally, body: { status: 'red' } });
    expect(res.status).toBe(201);
    const help = (res.body as { help?: { urgentNumbers: { number: string }[]; contacts: unknown[] } }).help;
    expect(help?.urgentNumbers.map((n) => n.number)).toEqual(['111', '999']);
    expect(help?.contacts).toEqual([]);
    // Green raises nothing and answers no help.
    const green = await t.call({ method: 'POST', path: '/patients/me/goals/goal-example/updates', token: tokens.sally, body: { status: 'green' } });
    expect((green.body as { help?: unknown }).help).toBeUndefined();
    const alerts = (await listAlerts('miriam')).body.items;
    expect(alerts[0]).toMatchObject({ goalId: 'goal-example', status: 'open', dueAt: DUE });
  });

  it('the crisis plan’s contacts come with a red update’s answer', async () => {
    await t.call({
      method: 'PUT',
      path: '/patients/me/crisis-plan',
      token: tokens.andre,
      headers: { 'if-match': '"0"' },
      body: { warningSigns: [], whatHelps: [], whatToAvoid: [], contacts: [{ name: 'My sister Jo', phone: '07700 900123' }] },
    });
    await freshRecord('andre');
    const res = await t.call({ method: 'POST', path: '/patients/me/goals/goal-example/updates', token: tokens.andre, body: { status: 'red' } });
    expect((res.body as { help: { contacts: { name: string }[] } }).help.contacts.map((c) => c.name)).toEqual(['My sister Jo']);
  });

  it('Miriam acknowledges once: Sally sees who and when, the coach sees it is taken, a second acknowledgement names Miriam, the access is audited, Sally is told', async () => {
    await freshRecord();
    const alert = await goRed();
    now = new Date('2026-11-25T10:30:00Z');
    const first = await acknowledge('miriam', alert.alertId);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'acknowledged', acknowledged: { by: { name: 'Miriam Okafor', label: 'Miriam Okafor, Psychotherapist, ELFT' }, at: '2026-11-25T10:30:00.000Z' } });
    // The coach, a little later, is told Miriam took it (no error, no second acknowledgement).
    now = new Date('2026-11-25T10:31:00Z');
    const second = await acknowledge('coach', alert.alertId);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ acknowledged: { by: { name: 'Miriam Okafor' }, at: '2026-11-25T10:30:00.000Z' } });
    const mine = (await listAlerts('sally')).body.items.find((a) => a.alertId === alert.alertId);
    expect(mine).toMatchObject({ status: 'acknowledged', acknowledged: { by: { name: 'Miriam Okafor' } } });
    // Sally's access log shows Miriam's acknowledgement, under her grant.
    const log = JSON.stringify((await t.call({ method: 'GET', path: '/patients/me/access-log', token: tokens.sally, query: 'limit=100' })).body);
    expect(log).toContain('alert:acknowledge');
    await deliverOutbox();
    expect((await inbox('sally')).filter((n) => n.type === 'alert.acknowledged').map((n) => n.title)).toContain('Miriam Okafor has seen your update and will contact you.');
    // Acknowledged, it never escalates.
    now = new Date('2026-11-26T10:00:00Z');
    await sweep();
    expect((await listAlerts('sally')).body.items.find((a) => a.alertId === alert.alertId)?.status).toBe('acknowledged');
  });

  it('two acknowledgements at once: one wins, both answers name the same person', async () => {
    await freshRecord();
    const alert = await goRed();
    const answers = await Promise.all([acknowledge('miriam', alert.alertId), acknowledge('coach', alert.alertId)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const names = answers.map((a) => (a.body as AlertView).acknowledged?.by.name);
    expect(names[0]).toBe(names[1]);
  });

  it('is refused without plan:read (404), to the patient on her own alert (403), and to a clinician on his own record (403); a missing alert is 404', async () => {
    await freshRecord();
    const alert = await goRed();
    expect((await acknowledge('adam', alert.alertId)).status).toBe(404);
    expect((await acknowledge('advisor', alert.alertId)).status).toBe(404);
    const own = await acknowledge('sally', alert.alertId);
    expect(own.status).toBe(403);
    expect(own.headers['content-type']).toBe('application/problem+json');
    // A nurse who is also a patient of the borough, on her own record.
    const nurse = await t.issuer.sign({ id: 'sally', borough: BOROUGH, roles: ['patient', 'clinician'], org: 'elft' });
    expect((await t.call({ method: 'POST', path: `/patients/sally/alerts/${alert.alertId}/acknowledgement`, token: nurse })).status).toBe(403);
    expect((await acknowledge('miriam', '0000000000000-nothing')).status).toBe(404);
    expect((await acknowledge('miriam', '__proto__')).status).toBe(404);
    expect((await acknowledge('miriam', 'a b')).status).toBe(422);
    // Reading the alerts needs plan:read too.
    expect((await listAlerts('adam')).status).toBe(404);
    expect((await listAlerts('andre')).status).toBe(404);
    expect((await listAlerts('duty-elft')).status).toBe(404);
    expect((await listAlerts('miriam')).status).toBe(200);
  });

  it('escalates nothing before it is due; at the due time, to the duty team of the care team’s organisation, once, even with two sweeps at once', async () => {
    await freshRecord();
    const alert = await goRed();
    now = new Date(Date.parse(DUE) - 1000);
    await sweep();
    expect((await listAlerts('sally')).body.items.find((a) => a.alertId === alert.alertId)?.status).toBe('open');
    now = new Date(DUE);
    await Promise.all([sweep(), sweep()]);
    const escalated = (await listAlerts('sally')).body.items.find((a) => a.alertId === alert.alertId);
    // Miriam's ELFT has a duty worker; the coach's Core Sport has nobody on duty, so it is not named.
    expect(escalated).toMatchObject({ status: 'escalated', escalated: { at: DUE, to: ['ELFT duty team'] } });
    const { store } = runtime.deps;
    const { Items = [] } = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)',
        FilterExpression: '#type = :t AND #data.alertId = :a',
        ExpressionAttributeNames: { '#type': 'type', '#data': 'data' },
        ExpressionAttributeValues: { ':pk': patientPartition(BOROUGH, 'sally'), ':o': 'OUTBOX#', ':t': 'alert.escalated', ':a': alert.alertId },
      }),
    );
    expect(Items).toHaveLength(1);
    await deliverOutbox();
    const duty = (await inbox('duty-elft')).filter((n) => n.type === 'alert.escalated');
    expect(duty.map((n) => n.title)).toContain('Sally Brown asked for help and nobody in their care team answered in time: it has passed to your duty team.');
    // Nobody else is the duty team.
    expect((await inbox('adam')).some((n) => n.type === 'alert.escalated')).toBe(false);
    // Escalated, it can still be acknowledged, and keeps where it went.
    const late = await acknowledge('miriam', alert.alertId);
    expect(late.body).toMatchObject({ status: 'acknowledged', acknowledged: { by: { name: 'Miriam Okafor' } }, escalated: { at: DUE } });
  });

  it('escalates what fell due while the platform was stopped, at the first sweep of a platform started again on the same table', async () => {
    await freshRecord();
    const alert = await goRed();
    // The platform stops before the alert is due; a new one starts on the same table a day later.
    const again: LocalPlatform = await createPlatform({
      endpoint: testEndpoint(),
      boroughs: loadBoroughs(),
      issuer: t.issuer,
      tableName: (borough) => t.platform.boroughs.get(borough)!.deps.store.tableName,
      overrides: { clock: () => new Date('2026-11-26T09:00:00Z') },
    });
    try {
      const restarted = again.boroughs.get(BOROUGH)!;
      await sweep(restarted.deps, restarted.runAs);
    } finally {
      again.close();
    }
    expect((await listAlerts('sally')).body.items.find((a) => a.alertId === alert.alertId)?.status).toBe('escalated');
  });

  it('the local platform’s own timer escalates it, as npm start runs it, held to the notifications function’s table access', async () => {
    await freshRecord();
    const alert = await goRed();
    now = new Date('2026-11-26T12:00:00Z');
    const sweeps = startAlertSweeps([runtime], 50);
    try {
      const status = async () => (await listAlerts('sally')).body.items.find((a) => a.alertId === alert.alertId)?.status;
      for (let waited = 0; (await status()) !== 'escalated' && waited < 5000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(await status()).toBe('escalated');
    } finally {
      sweeps.stop();
    }
  });
});
