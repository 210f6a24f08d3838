import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { deliver } from '../../functions/notifications/deliver';
import { sendReviewReminders } from '../../functions/notifications/review-reminders';
import type { DomainEvent } from '../../shared/events/outbox';
import { RULES } from '../../shared/domain/notifications';
import { patientPartition } from '../../shared/store/keys';
import { refreshGlance } from '../../shared/store/glance-repository';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';
import type { Json } from '../support/json';

describe('the next plan review: agreed, shown, reminded once before it (clock injected)', () => {
  let t: TestPlatform;
  let now = new Date('2026-11-30T09:00:00Z');
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  const delivered = new Set<string>();

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    for (const u of ['sally', 'andre', 'miriam', 'coach', 'adam']) tokens[u] = await t.tokenFor(u);
    const share = async (patient: string, userId: string, scopes: string[]) =>
      expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: as(patient), body: { grantee: { type: 'person', userId }, scopes } })).status).toBe(201);
    await share('sally', 'miriam', ['plan:contribute']);
    await share('sally', 'coach', ['plan:read']);
    await share('andre', 'miriam', ['plan:contribute']);
    // What sharing told people is not what this file is about.
    for (const patient of ['sally', 'andre']) await deliverAll(patient);
  });
  afterAll(() => t.stop());

  const deps = () => t.platform.boroughs.get(BOROUGH)!.deps;
  const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.call({ method, path, token: as(user), headers, ...(body !== undefined ? { body } : {}) });
  const plan = async (patient: string) => (await call('GET', `/patients/${patient}/plan`, patient === 'sally' || patient === 'andre' ? patient : 'miriam')).body as Json;
  const setReview = async (user: string, patient: string, on: string | null) => {
    const { version } = (await call('GET', `/patients/${patient}/plan`, user)).body as { version: number };
    return call('PUT', `/patients/${patient}/plan/review`, user, { on }, { 'if-match': `"${version}"` });
  };
  /** Delivers what the sweep and the routes put in the outbox, as the stream would. */
  const deliverAll = async (patient: string) => {
    const { store } = deps();
    const { Items = [] } = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, patient), ':s': 'OUTBOX#' },
      }),
    );
    const fresh = Items.filter((i) => !delivered.has(String(i.id)));
    for (const item of fresh) {
      delivered.add(String(item.id));
      await deliver(deps(), item as unknown as DomainEvent);
    }
    return fresh.map((i) => i.type as string);
  };
  const inbox = async (user: string) => ((await call('GET', '/me/notifications', user)).body as { items: Json[] }).items;

  it('the patient records the date agreed with her; a contributor may too, and she is told who', async () => {
    const res = await setReview('sally', 'me', '2026-12-10');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ review: { on: '2026-12-10', setBy: { userId: 'sally', asPatient: true } } });
    expect(await deliverAll('sally')).toEqual([]);
    const byMiriam = await setReview('miriam', 'andre', '2026-12-01');
    expect(byMiriam.status).toBe(200);
    expect((await plan('andre')).review).toMatchObject({ on: '2026-12-01', setBy: { name: 'Miriam Okafor' } });
    expect(await deliverAll('andre')).toEqual(['plan.review-set']);
    expect((await inbox('andre')).find((n) => n.type === 'plan.review-set')).toMatchObject({ title: 'Miriam Okafor recorded your next plan review: 1 December 2026.' });
  });

  it('refused without plan:contribute, on a stale version, or for a date in the past or not a date (422 naming the field)', async () => {
    const { version } = await plan('sally');
    for (const user of ['coach', 'adam', 'andre']) expect((await call('PUT', '/patients/sally/plan/review', user, { on: '2026-12-20' }, { 'if-match': `"${String(version)}"` })).status).toBe(404);
    expect((await call('PUT', '/patients/sally/plan/review', 'miriam', { on: '2026-12-20' }, { 'if-match': '"0"' })).status).toBe(412);
    for (const on of ['2026-11-29', '2026-02-30', '10-12-2026']) {
      const res = await setReview('sally', 'me', on);
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain('body.on');
    }
    expect((await plan('sally')).review).toMatchObject({ on: '2026-12-10' });
  });

  it('reminds a week before and the day before, each once, to the patient and the care team, without clinical content', async () => {
    // 30 November, later: Andre's review is tomorrow (the day-before reminder); Sally's in 10 days (none yet).
    now = new Date('2026-11-30T10:00:00Z');
    expect(await sendReviewReminders(deps())).toEqual({ sent: 1 });
    expect(await sendReviewReminders(deps())).toEqual({ sent: 0 });
    expect(await deliverAll('andre')).toEqual(['plan.review-due']);
    expect((await inbox('andre'))[0]).toMatchObject({ title: 'Your plan review is on 1 December 2026.', link: '/plan' });
    expect((await inbox('miriam'))[0]).toMatchObject({ title: "Andre Mensah's plan review is on 1 December 2026.", link: '/patients/andre/plan' });

    // 3 December: Sally's is a week away; then the day before; then past, nothing more.
    now = new Date('2026-12-03T06:00:00Z');
    expect(await sendReviewReminders(deps())).toEqual({ sent: 1 });
    now = new Date('2026-12-04T06:00:00Z');
    expect(await sendReviewReminders(deps())).toEqual({ sent: 0 });
    now = new Date('2026-12-09T06:00:00Z');
    expect(await sendReviewReminders(deps())).toEqual({ sent: 1 });
    now = new Date('2026-12-11T06:00:00Z');
    expect(await sendReviewReminders(deps())).toEqual({ sent: 0 });
    expect(await deliverAll('sally')).toEqual(['plan.review-due', 'plan.review-due']);
    const coach = (await inbox('coach')).filter((n) => n.type === 'plan.review-due');
    expect(coach.map((n) => n.title)).toEqual(["Sally Brown's plan review is on 10 December 2026.", "Sally Brown's plan review is on 10 December 2026."]);
    // Email and SMS say only that a review is coming up: no name, no date, nothing of the plan.
    expect(RULES['plan.review-due']?.title).toBe('A recovery plan review is coming up.');
  });

  it('a new date is reminded again; a removed one no longer', async () => {
    now = new Date('2026-12-11T06:00:00Z');
    expect((await setReview('sally', 'me', '2026-12-12')).status).toBe(200);
    expect(await sendReviewReminders(deps())).toEqual({ sent: 1 });
    const removed = await setReview('sally', 'me', null);
    expect(removed.status).toBe(200);
    expect((removed.body as Json).review).toBeUndefined();
    expect((await setReview('miriam', 'andre', '2026-12-12')).status).toBe(200);
    expect((await setReview('miriam', 'andre', null)).status).toBe(200);
    expect(await sendReviewReminders(deps())).toEqual({ sent: 0 });
  });

  it("the care team's list shows reviews due within a week or overdue, to readers of the plan only", async () => {
    now = new Date('2026-12-20T09:00:00Z');
    expect((await setReview('sally', 'me', '2026-12-24')).status).toBe(200);
    expect((await setReview('miriam', 'andre', '2027-02-01')).status).toBe(200);
    expect((await call('POST', '/patients/me/grants', 'sally', { grantee: { type: 'person', userId: 'adam' }, scopes: ['crisis-plan:read'] })).status).toBe(201);
    // The list shows each patient's glance, which the outcomes function keeps from the stream: kept here as the stream would.
    for (const patient of ['sally', 'andre']) await refreshGlance(deps().store, BOROUGH, patient);
    const list = async (user: string) => ((await call('GET', '/me/caseload', user)).body as { items: Json[] }).items;
    const reviewIn = (items: Json[], patientId: string) => (items.find((p) => p.patientId === patientId)?.plan as Json | undefined)?.review;
    const miriams = await list('miriam');
    expect(reviewIn(miriams, 'sally')).toEqual({ on: '2026-12-24', status: 'due' });
    expect(reviewIn(miriams, 'andre')).toEqual({ on: '2027-02-01' });
    expect(reviewIn(await list('coach'), 'sally')).toEqual({ on: '2026-12-24', status: 'due' });
    // The crisis plan alone says nothing of the plan's review.
    const adams = await list('adam');
    expect(adams.map((p) => p.patientId)).toEqual(['sally']);
    expect(reviewIn(adams, 'sally')).toBeUndefined();
    // Once the day has passed without a new date, it is overdue.
    now = new Date('2026-12-27T09:00:00Z');
    expect(reviewIn(await list('miriam'), 'sally')).toEqual({ on: '2026-12-24', status: 'overdue' });
  });
});
