import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { deliver } from '../../functions/notifications/deliver';
import { sweepRetention } from '../../functions/retention/sweep';
import type { BoroughRuntime } from '../../infra/local/platform';
import { answerWeb } from '../../infra/local/web-site';
import type { OutgoingMessage } from '../../shared/events/messages';
import type { DomainEvent } from '../../shared/events/outbox';
import type { Accounts } from '../../shared/runtime/accounts';
import { readChain } from '../../shared/store/audit-repository';
import { directoryUserKey, putDirectoryUser } from '../../shared/store/directory-repository';
import { nhsNumberKey, patientPartition, SK, userPartition } from '../../shared/store/keys';
import { closeDirectoryEntryItem } from '../../shared/store/retention-repository';
import { grantFixture, putExamplePlan, putGrant } from '../support/fixtures';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, unknown>;
const CLOSED_AT = '2026-12-01T09:00:00.000Z';
const RETAIN_UNTIL = '2046-12-01T09:00:00.000Z';
const CRISIS = { warningSigns: ['not sleeping'], whatHelps: ['a walk with my dog'], whatToAvoid: ['crowds'], contacts: [{ name: 'Mum', phone: '07700 900123' }] };
const DAY = 24 * 60 * 60 * 1000;

/**
 * Issue 23 item 3: a patient closes their account; the record is kept read-only for the borough's
 * retention period, held by a legal hold if need be, then removed by the sweep; on DynamoDB Local,
 * through the real handlers, the clock injected.
 */
describe('closing an account, retention and legal hold', () => {
  let t: TestPlatform;
  let runtime: BoroughRuntime;
  let now = new Date('2026-11-30T09:00:00.000Z');
  const disabled: string[] = [];
  const sent: OutgoingMessage[] = [];
  const tokens: Record<string, string> = {};
  const as = (user: string) => tokens[user]!;
  // The local accounts, but recording whom the closure disables (Cognito's AdminDisableUser in AWS).
  const accounts: Accounts = { invite: () => Promise.reject(new Error('unused')), disable: (id) => Promise.resolve(void disabled.push(id)), accountStates: () => Promise.resolve(new Map()) };

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now, accounts }, messages: { send: (m) => Promise.resolve(void sent.push(m)) } });
    runtime = t.platform.boroughs.get(BOROUGH)!;
    for (const user of ['sally', 'andre', 'miriam', 'adam', 'coach', 'operator', 'advisor']) tokens[user] = await t.tokenFor(user);
    for (const patient of ['sally', 'andre']) {
      expect((await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: as(patient), body: CRISIS, headers: { 'if-match': '"0"' } })).status).toBe(200);
      const since = { startsAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00.000Z' };
      await putGrant(runtime.deps.store, BOROUGH, { ...grantFixture(patient, { type: 'person', userId: 'miriam' }, ['crisis-plan:read', 'plan:read'], 'active', `g-miriam-${patient}`), ...since });
      await putGrant(runtime.deps.store, BOROUGH, { ...grantFixture(patient, { type: 'person', userId: 'coach' }, ['plan:read'], 'active', `g-coach-${patient}`), ...since });
    }
    // Sally's plan, with a red alert nobody has answered yet.
    await putExamplePlan(runtime.deps.store, BOROUGH, 'sally');
    // A team's grant that starts later ends too.
    await putGrant(runtime.deps.store, BOROUGH, {
      ...grantFixture('sally', { type: 'organisation', org: 'beechwood-practice' }, ['plan:read'], 'active', 'g-beechwood'),
      startsAt: '2027-01-01T00:00:00.000Z',
    });
  });
  afterAll(() => t.stop());

  const store = () => runtime.deps.store;
  const close = (token: string, body: unknown = { confirm: 'close my account', reason: 'no-longer-needed' }, patient = 'me') =>
    t.call({ method: 'POST', path: `/patients/${patient}/closure`, token, body });
  const readCrisis = (user: string, patient: string) => t.call({ method: 'GET', path: `/patients/${patient}/crisis-plan`, token: as(user) });
  const entry = async (userId: string) => (await store().doc.send(new GetCommand({ TableName: store().tableName, Key: directoryUserKey(BOROUGH, userId) }))).Item;
  const partition = async (pk: string) =>
    (await store().doc.send(new QueryCommand({ TableName: store().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];
  const hold = (user: string, patient: string, reason?: string) =>
    t.call({ method: reason === undefined ? 'DELETE' : 'PUT', path: `/patients/${patient}/legal-hold`, token: as(user), ...(reason === undefined ? {} : { body: { reason } }) });
  const sweep = () => runtime.runAs('retention', () => sweepRetention(runtime.deps))();
  const signIn = async (userId: string) => {
    const body = JSON.stringify({ borough: BOROUGH, userId });
    return answerWeb(t.platform, t.issuer, { method: 'POST', path: '/_local/sign-in', headers: { 'content-type': 'application/json' }, body: () => Promise.resolve(body) });
  };
  const deliverOutbox = async (patientId: string) => {
    for (const item of await partition(patientPartition(BOROUGH, patientId)))
      if (String(item.sk).startsWith('OUTBOX#')) await deliver({ ...runtime.deps, messages: { send: (m) => Promise.resolve(void sent.push(m)) } }, item as unknown as DomainEvent);
  };
  const inbox = async (user: string) => ((await t.call({ method: 'GET', path: '/me/notifications', token: as(user) })).body as { items: { type: string; title: string }[] }).items;

  it('refuses a closure without the confirmation (422 naming the field), for anyone but the patient (404), and writes nothing', async () => {
    const missing = await close(as('sally'), {});
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ errors: [{ field: 'body.confirm' }] });
    expect((await close(as('sally'), { confirm: 'yes' })).body).toMatchObject({ status: 422, errors: [{ field: 'body.confirm' }] });
    expect((await close(as('sally'), { confirm: 'close my account', reason: 'because I say so' })).body).toMatchObject({ status: 422, errors: [{ field: 'body.reason' }] });
    expect((await close(as('miriam'), undefined, 'sally')).status).toBe(404);
    expect((await close(as('operator'), undefined, 'sally')).status).toBe(404);
    expect((await entry('sally'))?.closedAt).toBeUndefined();
    expect((await readCrisis('miriam', 'sally')).status).toBe(200);
  });

  it('closes the account: every grant ends at once, staff read 404 from the next request, sign-in is disabled', async () => {
    now = new Date(CLOSED_AT);
    const res = await close(as('sally'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ closedAt: CLOSED_AT, retainUntil: RETAIN_UNTIL, grantsEnded: 3 });
    const grants = (await partition(patientPartition(BOROUGH, 'sally'))).filter((i) => String(i.sk).startsWith(SK.grantPrefix));
    expect(grants.map((g) => g.revokedAt)).toEqual([CLOSED_AT, CLOSED_AT, CLOSED_AT]);
    // Out of every grantee's list (the grantee index), and refused as if it did not exist.
    expect(grants.every((g) => g.gsi1pk === undefined)).toBe(true);
    expect((await readCrisis('miriam', 'sally')).status).toBe(404);
    const mine = (await t.call({ method: 'GET', path: '/me/patients', token: as('miriam') })).body as { items: { patientId: string }[] };
    expect(mine.items.map((p) => p.patientId)).toEqual(['andre']);
    // Andre's sharing is untouched.
    expect((await readCrisis('miriam', 'andre')).status).toBe(200);
    expect(disabled).toEqual(['sally']);
    expect(await entry('sally')).toMatchObject({ status: 'disabled', closedAt: CLOSED_AT });
    expect((await signIn('sally'))?.status).toBe(404);
    expect((await signIn('andre'))?.status).toBe(200);
  });

  it("refuses the patient's own token issued before the closure, on every route: reads and writes alike", async () => {
    for (const [method, path] of [
      ['GET', '/patients/me/crisis-plan'],
      ['GET', '/patients/me/plan'],
      ['GET', '/me'],
      ['GET', '/me/notifications'],
    ] as const) {
      const res = await t.call({ method, path, token: as('sally') });
      expect([path, res.status, (res.body as Json).detail]).toEqual([path, 401, 'This account is closed.']);
    }
    const write = await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: as('sally'), body: { ...CRISIS, whatHelps: ['written after closing'] }, headers: { 'if-match': '"1"' } });
    expect(write.status).toBe(401);
    const share = await t.call({ method: 'POST', path: '/patients/me/grants', token: as('sally'), body: { grantee: { type: 'person', userId: 'adam' }, scopes: ['plan:read'] } });
    expect(share.status).toBe(401);
  });

  it('hands a red alert raised before the closure to the duty team of the care team at once: nobody in the care team can see it any more', async () => {
    const items = await partition(patientPartition(BOROUGH, 'sally'));
    const alert = items.find((i) => String(i.sk).startsWith(SK.alertPrefix))!;
    expect(alert).toMatchObject({ status: 'escalated', escalatedAt: CLOSED_AT, escalatedTo: ['elft'] });
    const escalated = items.filter((i) => String(i.sk).startsWith('OUTBOX#') && i.type === 'alert.escalated');
    expect(escalated.map((e) => (e.data as Json).orgs)).toEqual(['elft']);
    await deliverOutbox('sally');
    tokens['duty-elft'] = await t.tokenFor('duty-elft');
    expect((await inbox('duty-elft')).filter((n) => n.type === 'alert.escalated').map((n) => n.title)).toEqual([
      'Sally Brown asked for help and nobody in their care team answered in time: it has passed to your duty team.',
    ]);
  });

  it('tells each person shared with, by name in the app only, and never the patient: no name in email or SMS', async () => {
    await deliverOutbox('sally');
    const text = 'Sally Brown closed their account: what they shared with you is no longer available.';
    expect((await inbox('miriam')).filter((n) => n.type === 'grant.ended-by-closure').map((n) => n.title)).toEqual([text]);
    expect((await inbox('coach')).filter((n) => n.type === 'grant.ended-by-closure').map((n) => n.title)).toEqual([text]);
    tokens['gp-beechwood'] = await t.tokenFor('gp-beechwood');
    expect((await inbox('gp-beechwood')).filter((n) => n.type === 'grant.ended-by-closure').map((n) => n.title)).toEqual([text]);
    const outside = sent.filter((m) => ['miriam', 'coach', 'gp-beechwood'].includes(m.userId));
    for (const m of outside) expect(`${m.subject ?? ''} ${m.text}`).not.toMatch(/Sally|Brown|walk|dog/);
  });

  it('a repeat answers the same closure and changes nothing; a day later too', async () => {
    now = new Date(Date.parse(CLOSED_AT) + DAY);
    const again = await close(as('sally'));
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ closedAt: CLOSED_AT, retainUntil: RETAIN_UNTIL, grantsEnded: 0 });
    expect((await entry('sally'))?.closedAt).toBe(CLOSED_AT);
  });

  it('a write racing the closure fails in its own transaction (409) rather than land after it', async () => {
    // Rita's write reads her record open; her closure commits before the write's transaction.
    await putDirectoryUser(store(), BOROUGH, { userId: 'rita', roles: ['patient'], name: { given: 'Rita', family: 'Example' }, nhsNumber: '9990000042', birthDate: '1990-05-01' });
    tokens.rita = await t.tokenFor('rita');
    expect((await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: as('rita'), body: CRISIS, headers: { 'if-match': '"0"' } })).status).toBe(200);
    const send = store().doc.send.bind(store().doc);
    let raced = false;
    const spy = jest.spyOn(store().doc, 'send').mockImplementation(async (command: unknown) => {
      if (!raced && command instanceof TransactWriteCommand) {
        raced = true;
        await send(new TransactWriteCommand({ TransactItems: [closeDirectoryEntryItem(store(), BOROUGH, 'rita', now.toISOString())] }));
      }
      return send(command as never);
    });
    try {
      const write = await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: as('rita'), body: { ...CRISIS, whatHelps: ['racing the closure'] }, headers: { 'if-match': '"1"' } });
      expect(write.status).toBe(409);
      expect(write.body).toMatchObject({ detail: 'This account is closed: its record is read-only.' });
    } finally {
      spy.mockRestore();
    }
    expect(raced).toBe(true);
    const plan = await store().doc.send(new GetCommand({ TableName: store().tableName, Key: { pk: patientPartition(BOROUGH, 'rita'), sk: SK.crisisPlan } }));
    expect(plan.Item?.whatHelps).toEqual(['a walk with my dog']);
  });

  it('a legal hold: operators only (others 404, as for a record not shared), audited with no reason in the access log, shown by name', async () => {
    expect((await hold('miriam', 'sally', 'Coroner inquest')).status).toBe(404);
    expect((await hold('andre', 'sally', 'Coroner inquest')).status).toBe(404);
    expect((await hold('operator', 'operator', 'Coroner inquest')).status).toBe(404);
    expect((await hold('operator', 'sally', 'x')).body).toMatchObject({ status: 422, errors: [{ field: 'body.reason' }] });
    const set = await hold('operator', 'sally', 'Coroner inquest, ref 2026/114');
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ closedAt: CLOSED_AT, retainUntil: RETAIN_UNTIL, legalHold: { reason: 'Coroner inquest, ref 2026/114', setAt: now.toISOString(), setBy: 'Grace Adeyemi' } });
    const read = await t.call({ method: 'GET', path: '/patients/sally/legal-hold', token: as('operator') });
    expect(read.body).toEqual(set.body);
    expect((await t.call({ method: 'GET', path: '/patients/sally/legal-hold', token: as('miriam') })).status).toBe(404);
    // On an open record too.
    expect((await hold('operator', 'andre', 'Complaint under investigation')).status).toBe(200);
    const { entries: chain } = await readChain(store(), BOROUGH, 'sally');
    const holds = chain.filter((e) => e.action === 'record:legal-hold');
    expect(holds.map((e) => [e.actorId, e.decision, e.reason, e.operation])).toEqual([
      ['miriam', 'deny', 'role-not-eligible', 'PUT /patients/{patientId}/legal-hold'],
      ['andre', 'deny', 'role-not-eligible', 'PUT /patients/{patientId}/legal-hold'],
      ['operator', 'allow', 'records-management', 'PUT /patients/{patientId}/legal-hold'],
      ['operator', 'allow', 'records-management', 'GET /patients/{patientId}/legal-hold'],
      ['miriam', 'deny', 'role-not-eligible', 'GET /patients/{patientId}/legal-hold'],
    ]);
    expect(JSON.stringify(chain)).not.toContain('Coroner');
  });

  describe('the retention sweep', () => {
    const andreBefore = async () => (await partition(patientPartition(BOROUGH, 'andre'))).length;

    it('removes nothing a day before the date, nor after it while a hold stands', async () => {
      const andre = await andreBefore();
      now = new Date(Date.parse(RETAIN_UNTIL) - DAY);
      expect(await sweep()).toEqual({ removed: [] });
      now = new Date(Date.parse(RETAIN_UNTIL) + DAY);
      expect(await sweep()).toEqual({ removed: [] });
      expect((await entry('sally'))?.closedAt).toBe(CLOSED_AT);
      expect((await partition(patientPartition(BOROUGH, 'sally'))).some((i) => i.sk === SK.crisisPlan)).toBe(true);
      expect(await andreBefore()).toBe(andre);
    });

    it('once the hold is cleared, the next sweep removes every item of the record and keeps a tombstone with the final head', async () => {
      const andre = await andreBefore();
      now = new Date(Date.parse(RETAIN_UNTIL) + DAY);
      expect((await hold('operator', 'sally', undefined)).body).toEqual({ closedAt: CLOSED_AT, retainUntil: RETAIN_UNTIL });
      const { entries: chain } = await readChain(store(), BOROUGH, 'sally');
      const last = chain.at(-1)!;
      expect(await sweep()).toEqual({ removed: ['sally'] });
      expect(await partition(patientPartition(BOROUGH, 'sally'))).toEqual([
        { pk: patientPartition(BOROUGH, 'sally'), sk: 'REMOVED', entity: 'record-removed', removedAt: now.toISOString(), auditHead: { seq: last.seq, hash: last.hash } },
      ]);
      expect(await entry('sally')).toBeUndefined();
      const link = await store().doc.send(new GetCommand({ TableName: store().tableName, Key: nhsNumberKey(BOROUGH, '9990000018') }));
      expect(link.Item).toBeUndefined();
      expect(await partition(userPartition(BOROUGH, 'sally'))).toEqual([]);
      // Nobody else's items: Andre's record and his directory entry are as they were.
      expect(await andreBefore()).toBe(andre);
      expect(await entry('andre')).toBeDefined();
      // A second sweep has nothing to do, and the tombstone stays.
      expect(await sweep()).toEqual({ removed: [] });
      expect((await partition(patientPartition(BOROUGH, 'sally'))).map((i) => i.sk)).toEqual(['REMOVED']);
    });

    it('never removes an open record, held or not', async () => {
      now = new Date('2100-01-01T00:00:00.000Z');
      expect(await sweep()).toEqual({ removed: [] });
      expect((await hold('operator', 'andre', undefined)).status).toBe(200);
      expect(await sweep()).toEqual({ removed: [] });
      expect(await entry('andre')).toBeDefined();
    });
  });
});
