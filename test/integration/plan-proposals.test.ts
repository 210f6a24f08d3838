import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { demoPerson, demoUsers } from '../../infra/local/demo-users';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { deliver } from '../../functions/notifications/deliver';
import type { MessageSender, OutgoingMessage } from '../../shared/events/messages';
import type { DomainEvent } from '../../shared/events/outbox';
import { patientPartition } from '../../shared/store/keys';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';
import type { Json } from '../support/json';

/** What no email or SMS may carry: names of the people, the words proposed. */
const PRIVATE_WORDS = ['Sally', 'Brown', 'Miriam', 'Okafor', 'Victoria', 'allotment', 'canal'];

describe('proposals: a contributor proposes, the patient decides, the proposer is told', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  const messages: OutgoingMessage[] = [];
  const sender: MessageSender = { send: async (m) => void messages.push(m) };
  const delivered = new Set<string>();

  beforeAll(async () => {
    t = await startTestPlatform();
    for (const u of ['sally', 'andre', 'miriam', 'coach', 'adam']) tokens[u] = await t.tokenFor(u);
    const share = async (userId: string, scopes: string[]) =>
      expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: as('sally'), body: { grantee: { type: 'person', userId }, scopes } })).status).toBe(201);
    await share('miriam', ['plan:contribute']);
    await share('coach', ['plan:read']);
    // Miriam and Sally have an email address and want email at once (not in the digest), to see what a message says.
    const { store } = t.platform.boroughs.get(BOROUGH)!.deps;
    const users = demoUsers(BOROUGH);
    for (const u of ['miriam', 'sally']) {
      const index = users.findIndex((d) => d.id === u);
      await store.doc.send(new PutCommand({ TableName: store.tableName, Item: directoryUserItem(BOROUGH, demoPerson(users[index]!, index)) }));
    }
    for (const u of ['miriam', 'sally']) expect((await t.call({ method: 'PUT', path: '/me/notification-preferences', token: as(u), body: { email: 'immediate', sms: 'urgent' } })).status).toBe(200);
    const sections = { whatMattersToMe: 'My dog Biscuit', whatHelpsMeStayWell: 'Walking by the canal', mySupportNetwork: 'My sister Jo' };
    expect((await t.call({ method: 'PUT', path: '/patients/me/plan', token: as('sally'), body: sections, headers: { 'if-match': '"0"' } })).status).toBe(200);
  });
  afterAll(() => t.stop());

  const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.call({ method, path, token: as(user), headers, ...(body !== undefined ? { body } : {}) });
  const plan = async () => (await call('GET', '/patients/me/plan', 'sally')).body as Json;
  const version = async () => String((await plan()).version);
  const propose = (body: unknown, user = 'miriam') => call('POST', '/patients/sally/proposals', user, body);
  const accept = async (proposalId: string, body: unknown = {}, ifMatch?: string) =>
    call('POST', `/patients/me/proposals/${proposalId}/acceptance`, 'sally', body, { 'if-match': `"${ifMatch ?? (await version())}"` });
  const goalProposal = { kind: 'goal', category: 'physical', description: 'Walk to Victoria Park', targetDate: '2027-03-31', steps: ['Walk to the corner shop', 'Walk to the park gates'] };

  /** The notifications function on every outbox event not yet delivered (as the stream would), with a channel that records messages. */
  const deliverAll = async () => {
    const deps = t.platform.boroughs.get(BOROUGH)!.deps;
    const { Items = [] } = await deps.store.doc.send(
      new QueryCommand({
        TableName: deps.store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, 'sally'), ':s': 'OUTBOX#' },
      }),
    );
    for (const item of Items.filter((i) => !delivered.has(String(i.id)))) {
      delivered.add(String(item.id));
      await deliver({ ...deps, messages: sender }, item as unknown as DomainEvent);
    }
  };
  const inbox = async (user: string) => ((await call('GET', '/me/notifications', user)).body as { items: Json[] }).items;

  it('a contributor proposes a goal with steps; the patient sees it and is told by name, the plan is unchanged', async () => {
    const before = await plan();
    const made = await propose(goalProposal);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      status: 'proposed',
      proposal: { kind: 'goal', description: 'Walk to Victoria Park', steps: ['Walk to the corner shop', 'Walk to the park gates'] },
      proposedBy: { userId: 'miriam', name: 'Miriam Okafor' },
    });
    expect(await plan()).toMatchObject({ version: before.version, goals: [] });
    const listed = (await call('GET', '/patients/me/proposals', 'sally')).body as { items: Json[] };
    expect(listed.items.map((p) => p.proposalId)).toEqual([(made.body as Json).proposalId]);
    // The care team with plan:read sees proposals too, with the patient's banner.
    const coach = await call('GET', '/patients/sally/proposals', 'coach');
    expect(coach.status).toBe(200);
    expect(coach.body).toMatchObject({ patient: { name: 'Sally Brown' } });
    await deliverAll();
    expect((await inbox('sally'))[0]).toMatchObject({ type: 'proposal.made', title: "Miriam Okafor proposed a goal 'Walk to Victoria Park'.", link: '/plan' });
  });

  it('the patient accepts word for word: the goal and its steps become hers in one change, and Miriam is told by name', async () => {
    const { proposalId } = (await propose(goalProposal)).body as { proposalId: string };
    const from = Number(await version());
    const res = await accept(proposalId);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${from + 1}"`);
    expect(res.body).toMatchObject({ status: 'accepted', edited: false, accepted: { description: 'Walk to Victoria Park' } });
    const goal = ((await plan()).goals as Json[]).find((g) => g.goalId === (res.body as Json).goalId)!;
    expect(goal).toMatchObject({ description: 'Walk to Victoria Park', targetDate: '2027-03-31', status: 'active' });
    // Proposed steps stay attributed to their proposer.
    expect((goal.steps as Json[]).map((s) => [s.text, (s.addedBy as Json).name])).toEqual([
      ['Walk to the corner shop', 'Miriam Okafor'],
      ['Walk to the park gates', 'Miriam Okafor'],
    ]);
    await deliverAll();
    expect((await inbox('miriam'))[0]).toMatchObject({ type: 'proposal.accepted', title: "Sally Brown accepted your proposed goal 'Walk to Victoria Park'.", link: '/patients/sally/plan' });
    // Accepted once: a second acceptance or a decline is 409, and the plan does not change again.
    const after = await version();
    expect((await accept(proposalId)).status).toBe(409);
    expect((await call('POST', `/patients/me/proposals/${proposalId}/decline`, 'sally', {})).status).toBe(409);
    expect(await version()).toBe(after);
  });

  it('the patient edits and accepts: her words go into the plan, the proposal keeps both', async () => {
    const { proposalId } = (await propose(goalProposal)).body as { proposalId: string };
    const res = await accept(proposalId, { goal: { description: 'Walk to London Fields', targetDate: null, steps: ['Walk with Jo on Sunday'] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'accepted', edited: true, proposal: { description: 'Walk to Victoria Park' }, accepted: { description: 'Walk to London Fields' } });
    const goal = ((await plan()).goals as Json[]).find((g) => g.goalId === (res.body as Json).goalId)!;
    expect(goal.targetDate).toBeUndefined();
    expect((goal.steps as Json[]).map((s) => [s.text, (s.addedBy as Json).asPatient])).toEqual([['Walk with Jo on Sunday', true]]);
  });

  it('a proposed change to a section: accepted over the version the patient saw, never over a newer plan', async () => {
    const { proposalId } = (await propose({ kind: 'section', section: 'whatHelpsMeStayWell', text: 'Walking by the canal, and the Tuesday allotment group' })).body as { proposalId: string };
    const seen = await version();
    // Someone changes the plan meanwhile (a step on a goal): the acceptance made on what she saw is refused.
    const goalId = ((await plan()).goals as Json[])[0]!.goalId as string;
    expect((await call('POST', `/patients/sally/goals/${goalId}/steps`, 'miriam', { text: 'Ask about the bus pass' })).status).toBe(201);
    const stale = await accept(proposalId, {}, seen);
    expect(stale.status).toBe(412);
    expect((await plan()).sections).toMatchObject({ whatHelpsMeStayWell: 'Walking by the canal' });
    expect(((await call('GET', '/patients/me/proposals', 'sally')).body as { items: Json[] }).items.find((p) => p.proposalId === proposalId)).toMatchObject({ status: 'proposed' });
    // On the plan as it is now, it goes in, with only that section changed.
    const res = await accept(proposalId, { section: { text: 'Walking by the canal; the allotment group' } });
    expect(res.status).toBe(200);
    expect((await plan()).sections).toEqual({ whatMattersToMe: 'My dog Biscuit', whatHelpsMeStayWell: 'Walking by the canal; the allotment group', mySupportNetwork: 'My sister Jo' });
    // Words of the wrong kind are refused, naming why.
    const other = (await propose({ kind: 'section', section: 'mySupportNetwork', text: 'My sister Jo and the crisis line' })).body as { proposalId: string };
    expect((await accept(other.proposalId, { goal: { description: 'x' } })).status).toBe(409);
  });

  it('the patient declines with a reason; the proposer is told by name, and no email or SMS carries a name or the words', async () => {
    const { proposalId } = (await propose({ ...goalProposal, description: 'Join the allotment group' })).body as { proposalId: string };
    const before = await plan();
    const res = await call('POST', `/patients/me/proposals/${proposalId}/decline`, 'sally', { reason: 'Not this season' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'declined', reason: 'Not this season' });
    expect(await plan()).toEqual(before);
    await deliverAll();
    expect((await inbox('miriam'))[0]).toMatchObject({ type: 'proposal.declined', title: "Sally Brown declined your proposed goal 'Join the allotment group'." });
    const miriamSees = ((await call('GET', '/patients/sally/proposals', 'miriam')).body as { items: Json[] }).items.find((p) => p.proposalId === proposalId);
    expect(miriamSees).toMatchObject({ status: 'declined', reason: 'Not this season' });
    expect(messages.length).toBeGreaterThan(0);
    for (const m of messages) for (const word of PRIVATE_WORDS) expect({ text: m.text, word, has: m.text.includes(word) }).toMatchObject({ has: false });
  });

  it('only the patient accepts or declines; proposals need plan:contribute, and never on your own record', async () => {
    const { proposalId } = (await propose(goalProposal)).body as { proposalId: string };
    const plainVersion = await version();
    for (const user of ['miriam', 'coach', 'adam', 'andre']) {
      expect((await call('POST', `/patients/sally/proposals/${proposalId}/acceptance`, user, {}, { 'if-match': `"${plainVersion}"` })).status).toBe(404);
      expect((await call('POST', `/patients/sally/proposals/${proposalId}/decline`, user, {})).status).toBe(404);
    }
    // plan:read alone, or no grant: refused like a record that does not exist.
    expect((await propose(goalProposal, 'coach')).status).toBe(404);
    expect((await propose(goalProposal, 'adam')).status).toBe(404);
    expect((await call('GET', '/patients/sally/proposals', 'adam')).status).toBe(404);
    // The patient writes her own plan herself.
    expect((await call('POST', '/patients/me/proposals', 'sally', goalProposal)).status).toBe(403);
    // None of it changed anything.
    expect(await version()).toBe(plainVersion);
    expect(((await call('GET', '/patients/me/proposals', 'sally')).body as { items: Json[] }).items.find((p) => p.proposalId === proposalId)).toMatchObject({ status: 'proposed' });
  });

  it('bad input is a 422 naming the field; an unknown proposal is 404', async () => {
    const tooMany = await propose({ ...goalProposal, steps: Array.from({ length: 11 }, (_, i) => `Step ${i}`) });
    expect(tooMany.status).toBe(422);
    expect(JSON.stringify(tooMany.body)).toContain('steps');
    const badSection = await propose({ kind: 'section', section: '__proto__', text: 'x' });
    expect(badSection.status).toBe(422);
    expect(JSON.stringify(badSection.body)).toContain('section');
    expect((await propose({ kind: 'goal', category: 'physical', description: '' })).status).toBe(422);
    const longReason = await call('POST', '/patients/me/proposals/whatever/decline', 'sally', { reason: 'x'.repeat(501) });
    expect(longReason.status).toBe(422);
    expect(JSON.stringify(longReason.body)).toContain('reason');
    expect((await call('POST', '/patients/me/proposals/__proto__/decline', 'sally', {})).status).toBe(404);
    expect((await accept('constructor')).status).toBe(404);
  });

  it('two acceptances at once: one goal, never two, and the other is told why', async () => {
    const { proposalId } = (await propose({ ...goalProposal, description: 'Go to the Thursday choir' })).body as { proposalId: string };
    const seen = await version();
    const answers = await Promise.all([accept(proposalId, {}, seen), accept(proposalId, {}, seen)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    expect(((await plan()).goals as Json[]).filter((g) => g.description === 'Go to the Thursday choir')).toHaveLength(1);
    expect((await accept(proposalId)).status).toBe(409);
  });

  it('a proposer the patient stopped sharing with is not told of her decision', async () => {
    const grant = (await call('POST', '/patients/me/grants', 'sally', { grantee: { type: 'person', userId: 'adam' }, scopes: ['plan:contribute'] })).body as { grantId: string };
    const { proposalId } = (await propose({ kind: 'section', section: 'mySupportNetwork', text: 'My sister Jo and the Tuesday group' }, 'adam')).body as { proposalId: string };
    expect((await call('DELETE', `/patients/me/grants/${grant.grantId}`, 'sally')).status).toBeLessThan(300);
    expect((await call('POST', `/patients/me/proposals/${proposalId}/decline`, 'sally', {})).status).toBe(200);
    await deliverAll();
    expect((await inbox('adam')).filter((n) => String(n.type).startsWith('proposal.'))).toEqual([]);
  });

  it('its proposer withdraws an undecided proposal; nobody else can, and a decided one stays decided', async () => {
    const { proposalId } = (await propose({ kind: 'section', section: 'whatMattersToMe', text: 'Painting on Sundays' })).body as { proposalId: string };
    const withdraw = (user: string, patient = 'sally') => call('POST', `/patients/${patient}/proposals/${proposalId}/withdrawal`, user);
    expect((await withdraw('sally', 'me')).status).toBe(403);
    expect((await withdraw('coach')).status).toBe(404);
    expect((await withdraw('miriam')).body).toMatchObject({ status: 'withdrawn' });
    expect((await withdraw('miriam')).status).toBe(409);
    expect((await accept(proposalId)).status).toBe(409);
  });
});
