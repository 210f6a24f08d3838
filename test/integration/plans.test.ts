import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventPublisher } from '../../shared/events/outbox';
import { tableOutbox } from '../../shared/events/outbox';
import { patientPartition } from '../../shared/store/keys';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';
import { countCalls } from '../support/call-counter';
import type { Json } from '../support/json';

describe('recovery plans on DynamoDB Local', () => {
  let t: TestPlatform;
  let failOutbox = false;
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  let goalId = '';

  // A publisher that can be told to make its outbox write fail, to prove the transaction is whole.
  let tableName = '';
  const publisher: EventPublisher = {
    outboxItem: (event) => {
      const item = tableOutbox(tableName).outboxItem(event);
      return failOutbox ? { Put: { ...item.Put!, ConditionExpression: 'attribute_exists(pk)' } } : item;
    },
  };

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { publisher } });
    tableName = t.platform.boroughs.get(BOROUGH)!.deps.store.tableName;
    for (const u of ['sally', 'miriam', 'coach', 'adam']) tokens[u] = await t.tokenFor(u);
    const share = async (userId: string, scopes: string[]) =>
      expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: as('sally'), body: { grantee: { type: 'person', userId }, scopes } })).status).toBe(201);
    await share('miriam', ['plan:contribute']);
    await share('coach', ['plan:read']);
  });
  afterAll(() => t.stop());

  const plan = async (user = 'sally') => (await t.call({ method: 'GET', path: '/patients/sally/plan', token: as(user) })).body as Json;
  const items = async (prefix: string) => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const { Items = [] } = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, 'sally'), ':s': prefix },
      }),
    );
    return Items;
  };

  it('the patient writes and reads their plan', async () => {
    expect(await plan()).toMatchObject({ version: 0, goals: [] });
    const sections = { whatMattersToMe: 'My dog Biscuit', whatHelpsMeStayWell: 'Walking by the canal', mySupportNetwork: 'My sister Jo' };
    const put = await t.call({ method: 'PUT', path: '/patients/me/plan', token: as('sally'), body: sections, headers: { 'if-match': '"0"' } });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe('"1"');
    const goal = await t.call({
      method: 'POST',
      path: '/patients/me/goals',
      token: as('sally'),
      body: { category: 'physical', description: 'Walk to the park twice a week', targetDate: '2027-03-31' },
    });
    expect(goal.status).toBe(201);
    goalId = (goal.body as Json).goalId;
    expect(await plan()).toMatchObject({ version: 2, sections, goals: [{ goalId, category: 'physical', status: 'active', steps: [] }] });
  });

  it('a stale If-Match is 412 with the current version; a missing one on an edit is 428', async () => {
    const stale = await t.call({
      method: 'PUT',
      path: '/patients/me/plan',
      token: as('sally'),
      body: { whatMattersToMe: 'x', whatHelpsMeStayWell: '', mySupportNetwork: '' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ currentVersion: 2 });
    expect((await plan()).sections.whatMattersToMe).toBe('My dog Biscuit');
    const missing = await t.call({ method: 'PUT', path: '/patients/me/plan', token: as('sally'), body: { whatMattersToMe: 'x', whatHelpsMeStayWell: '', mySupportNetwork: '' } });
    expect(missing.status).toBe(428);
  });

  it('a contributor adds a step, attributed to them and their organisation, and it is audited', async () => {
    const res = await t.call({ method: 'POST', path: `/patients/sally/goals/${goalId}/steps`, token: as('miriam'), body: { text: 'Try the Tuesday walking group' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ addedBy: { userId: 'miriam', org: 'elft', asPatient: false }, done: false });
    const log = (await t.call({ method: 'GET', path: '/patients/me/access-log', token: as('sally') })).body as { items: Json[] };
    expect(log.items[0]).toMatchObject({ actorId: 'miriam', action: 'plan:contribute', decision: 'allow', operation: 'POST /patients/{patientId}/goals/{goalId}/steps' });
    expect((await items('OUTBOX#')).filter((e) => e.type === 'plan.contributed')).toHaveLength(1);
  });

  it("a contributor cannot change or remove the patient's words; the patient can remove theirs", async () => {
    const mine = await t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/steps`, token: as('sally'), body: { text: 'Put my trainers by the door' } });
    const stepId = (mine.body as Json).stepId;
    const version = (await plan()).version;
    const edit = await t.call({
      method: 'PATCH',
      path: `/patients/sally/goals/${goalId}/steps/${stepId}`,
      token: as('miriam'),
      body: { text: 'something else' },
      headers: { 'if-match': `"${version}"` },
    });
    expect(edit.status).toBe(403);
    const remove = await t.call({ method: 'DELETE', path: `/patients/sally/goals/${goalId}/steps/${stepId}`, token: as('miriam'), headers: { 'if-match': `"${version}"` } });
    expect(remove.status).toBe(403);
    const miriamsStep = (await plan()).goals[0].steps.find((s: Json) => s.addedBy.userId === 'miriam').stepId;
    const removeTheirs = await t.call({ method: 'DELETE', path: `/patients/me/goals/${goalId}/steps/${miriamsStep}`, token: as('sally'), headers: { 'if-match': `"${version}"` } });
    expect(removeTheirs.status).toBe(200);
    expect((await plan()).goals[0].steps.map((s: Json) => s.text)).toEqual(['Put my trainers by the door']);
  });

  it('a reader reads but cannot write, and the plan it reads says so', async () => {
    const read = await t.call({ method: 'GET', path: '/patients/sally/plan', token: as('coach') });
    expect(read.status).toBe(200);
    // What each caller may do besides reading, from the grants the read fetched anyway: a page shows only what works.
    expect((read.body as Json).permissions).toEqual({ contribute: false });
    expect(((await t.call({ method: 'GET', path: '/patients/sally/plan', token: as('miriam') })).body as Json).permissions).toEqual({ contribute: true });
    expect(((await t.call({ method: 'GET', path: '/patients/me/plan', token: as('sally') })).body as Json).permissions).toEqual({ contribute: true });
    const write = await t.call({ method: 'POST', path: `/patients/sally/goals/${goalId}/steps`, token: as('coach'), body: { text: 'Come to the gym' } });
    expect(write.status).toBe(404);
    const rag = await t.call({ method: 'POST', path: `/patients/sally/goals/${goalId}/updates`, token: as('coach'), body: { status: 'green' } });
    expect(rag.status).toBe(404);
    const none = await t.call({ method: 'GET', path: '/patients/sally/plan', token: as('adam') });
    expect(none.status).toBe(404);
  });

  it('a red update puts help-requested in the outbox in the same transaction; a failed write leaves neither', async () => {
    const before = { rag: (await items('RAG#')).length, help: (await items('OUTBOX#')).filter((e) => e.type === 'help-requested').length, alerts: (await items('ALERT#')).length };
    failOutbox = true;
    try {
      const failed = await t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/updates`, token: as('sally'), body: { status: 'red', note: 'Not coping this week' } });
      expect(failed.status).toBe(500);
    } finally {
      failOutbox = false;
    }
    expect((await items('RAG#')).length).toBe(before.rag);
    expect((await items('ALERT#')).length).toBe(before.alerts);
    expect((await items('OUTBOX#')).filter((e) => e.type === 'help-requested')).toHaveLength(before.help);
    expect((await plan()).goals[0].rag).toBeUndefined();

    const ok = await t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/updates`, token: as('sally'), body: { status: 'red', note: 'Not coping this week' } });
    expect(ok.status).toBe(201);
    const updateId = (ok.body as Json).updateId;
    const help = (await items('OUTBOX#')).filter((e) => e.type === 'help-requested');
    expect(help).toEqual([expect.objectContaining({ data: { patientId: 'sally', goalId, updateId, alertId: expect.stringContaining(updateId) as unknown } })]);
    // The alert it raised, in the same transaction, open.
    expect(await items('ALERT#')).toEqual([expect.objectContaining({ goalId, updateId, status: 'open' })]);
    expect(JSON.stringify(help)).not.toContain('Not coping');
    expect((await plan()).goals[0].rag).toMatchObject({ status: 'red', updateId });
  });

  it('a RAG update is never refused for a stale version: appends need no If-Match', async () => {
    const seen = (await plan()).version;
    await t.call({ method: 'POST', path: `/patients/sally/goals/${goalId}/steps`, token: as('miriam'), body: { text: 'Call me if the week is hard' } });
    const res = await t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/updates`, token: as('sally'), body: { status: 'orange' } });
    expect(res.status).toBe(201);
    expect((await plan()).version).toBe(seen + 2);
  });

  it('history is newest first and its pages stay stable while new updates arrive', async () => {
    const post = (status: string, note: string) => t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/updates`, token: as('sally'), body: { status, note } });
    for (let i = 1; i <= 5; i++) expect((await post('green', `h${i}`)).status).toBe(201);
    const page = (cursor?: string) => t.call({ method: 'GET', path: `/patients/sally/goals/${goalId}/updates`, token: as('coach'), query: `limit=3${cursor ? `&cursor=${cursor}` : ''}` });
    const first = (await page()).body as { items: Json[]; nextCursor: string };
    expect(first.items.map((u) => u.note)).toEqual(['h5', 'h4', 'h3']);
    for (let i = 6; i <= 8; i++) await post('orange', `h${i}`);
    const second = (await page(first.nextCursor)).body as { items: Json[]; nextCursor?: string };
    expect(second.items.map((u) => u.note ?? u.status)).toEqual(['h2', 'h1', 'orange']);
    const rest: Json[] = [];
    let cursor = second.nextCursor;
    while (cursor) {
      const next = (await page(cursor)).body as { items: Json[]; nextCursor?: string };
      rest.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(rest.map((u) => u.note ?? u.status)).toEqual(['Not coping this week']);
  });

  it('closes a goal with its achievement, and refuses updates on it until opened again', async () => {
    const version = (await plan()).version;
    const close = await t.call({ method: 'PATCH', path: `/patients/me/goals/${goalId}`, token: as('sally'), body: { achievement: 'partly-achieved' }, headers: { 'if-match': `"${version}"` } });
    expect(close.status).toBe(200);
    expect(close.body).toMatchObject({ status: 'closed', achievement: 'partly-achieved', closedAt: expect.any(String) });
    const rag = await t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/updates`, token: as('sally'), body: { status: 'green' } });
    expect(rag.status).toBe(409);
  });

  it('gives FHIR R4 CarePlan and Goal views', async () => {
    const res = await t.call({ method: 'GET', path: '/patients/sally/plan', token: as('coach'), query: 'format=fhir' });
    expect(res.headers['content-type']).toBe('application/fhir+json');
    const bundle = res.body as { entry: { resource: Json }[] };
    expect(bundle.entry[0]!.resource).toMatchObject({ resourceType: 'CarePlan', status: 'active', intent: 'plan', subject: { reference: 'Patient/sally' }, goal: [{ reference: `Goal/${goalId}` }] });
    expect(bundle.entry[1]!.resource).toMatchObject({
      resourceType: 'Goal',
      lifecycleStatus: 'completed',
      achievementStatus: { text: 'Partly achieved' },
      target: [{ dueDate: '2027-03-31' }],
    });
  });

  it('comments: contributors and the patient, attributed, newest first; readers read them', async () => {
    expect((await t.call({ method: 'POST', path: `/patients/sally/goals/${goalId}/comments`, token: as('miriam'), body: { text: 'Proud of you' } })).status).toBe(201);
    expect((await t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/comments`, token: as('sally'), body: { text: 'Thanks' } })).status).toBe(201);
    const list = (await t.call({ method: 'GET', path: `/patients/sally/goals/${goalId}/comments`, token: as('coach') })).body as { items: Json[] };
    expect(list.items.map((c) => [c.text, c.by.userId])).toEqual([
      ['Thanks', 'sally'],
      ['Proud of you', 'miriam'],
    ]);
    expect((await t.call({ method: 'POST', path: '/patients/sally/goals/nope/comments', token: as('miriam'), body: { text: 'x' } })).status).toBe(404);
  });

  it('the personal log is private unless log:read is granted', async () => {
    expect((await t.call({ method: 'POST', path: '/patients/me/log', token: as('sally'), body: { text: 'Slept better', mood: 4 } })).status).toBe(201);
    expect((await t.call({ method: 'POST', path: '/patients/me/log', token: as('sally'), body: { text: 'x', mood: 6 } })).status).toBe(422);
    expect((await t.call({ method: 'GET', path: '/patients/sally/log', token: as('miriam') })).status).toBe(404);
    await t.call({ method: 'POST', path: '/patients/me/grants', token: as('sally'), body: { grantee: { type: 'person', userId: 'adam' }, scopes: ['log:read'] } });
    const log = await t.call({ method: 'GET', path: '/patients/sally/log', token: as('adam') });
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ items: [{ text: 'Slept better', mood: 4 }] });
  });

  it('a plan read is one request for the patient, plus the audit write for anyone else', async () => {
    const counter = countCalls(t.platform.clients.client);
    expect(await counter.during(() => plan('sally'))).toEqual(['BatchGetItem']);
    expect(await counter.during(() => plan('coach'))).toEqual(['BatchGetItem', 'TransactWriteItems']);
    const history = await counter.during(() => t.call({ method: 'GET', path: `/patients/sally/goals/${goalId}/updates`, token: as('coach') }));
    // A list: grants and the page are fetched at the same time, then the audit write.
    expect(history.slice(0, 2).sort()).toEqual(['BatchGetItem', 'Query']);
    expect(history.slice(2)).toEqual(['TransactWriteItems']);
  });
});
