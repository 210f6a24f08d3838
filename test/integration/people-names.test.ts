import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { planKey } from '../../shared/store/plan-repository';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { countCalls } from '../support/call-counter';
import type { Json } from '../support/json';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Issue 18, "People, not ids", for the care team and PHB: answers name people (the patient banner for
 * staff: name, date of birth, NHS number 3-3-4; authors by name and label), a refused caller learns
 * nothing, not even the name, and no answer uses an id as a display name.
 */
const SALLY_BANNER = { patientId: 'sally', name: 'Sally Brown', givenName: 'Sally', familyName: 'Brown', birthDate: '1984-03-14', nhsNumber: '999 000 0018' };
const MIRIAM = { userId: 'miriam', name: 'Miriam Okafor', label: 'Miriam Okafor, Psychotherapist, ELFT' };

/** Every `name` and `label` of an answer beside a `userId`, `patientId` or `advisorId`: none may be the id itself. */
const displayNamesBesideIds = (value: unknown, out: { id: string; shown: string }[] = []): { id: string; shown: string }[] => {
  if (Array.isArray(value)) value.forEach((v) => displayNamesBesideIds(v, out));
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    const id = o.userId ?? o.patientId ?? o.advisorId;
    for (const key of ['name', 'label']) if (typeof id === 'string' && typeof o[key] === 'string') out.push({ id, shown: o[key] });
    Object.values(o).forEach((v) => displayNamesBesideIds(v, out));
  }
  return out;
};

describe('people by name, not by id (care team and PHB)', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  let goalId = '';
  const answers: unknown[] = [];
  const call = async (request: Parameters<TestPlatform['call']>[0]) => {
    const res = await t.call(request);
    answers.push(res.body);
    return res;
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    for (const u of ['sally', 'andre', 'miriam', 'adam', 'coach', 'advisor']) tokens[u] = await t.tokenFor(u);
    tokens['advisor-2'] = await t.issuer.sign({ id: 'advisor-2', borough: BOROUGH, roles: ['phb-advisor'], org: 'advocacy-project' });
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: directoryUserItem(BOROUGH, {
          userId: 'advisor-2',
          roles: ['phb-advisor'],
          org: 'advocacy-project',
          roleTitle: 'Personal health budget advisor',
          name: { given: 'Nadia', family: 'Rahman' },
        }),
      }),
    );
    // Sally shares with miriam (who may contribute); Andre with miriam's team. By id, andre comes first.
    for (const [patient, body] of [
      ['sally', { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:contribute', 'phb:read'] }],
      ['andre', { grantee: { type: 'organisation', org: 'elft' }, scopes: ['plan:read'] }],
      ['sally', { grantee: { type: 'person', userId: 'coach' }, scopes: ['health:contribute'] }],
    ] as const) {
      expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: as(patient), body })).status).toBe(201);
    }
    const goal = await t.call({ method: 'POST', path: '/patients/me/goals', token: as('sally'), body: { category: 'social', description: 'Go to the cinema club' } });
    goalId = (goal.body as Json).goalId as string;
  });
  afterAll(() => t.stop());

  it("the care team's list gives each patient's banner, in family-name order", async () => {
    const res = await call({ method: 'GET', path: '/me/patients', token: as('miriam') });
    expect(res.status).toBe(200);
    const items = (res.body as Json).items as Json[];
    // Brown before Mensah, although 'andre' comes before 'sally' by id.
    expect(items.map((p) => p.patient.name)).toEqual(['Sally Brown', 'Andre Mensah']);
    expect(items[0]!.patient).toEqual(SALLY_BANNER);
    expect(items[1]!.patient).toMatchObject({ patientId: 'andre', familyName: 'Mensah', birthDate: '1991-07-02', nhsNumber: '999 000 0026' });
  });

  it('gives staff the patient banner with the plan, and the patient none on their own', async () => {
    const staff = await call({ method: 'GET', path: '/patients/sally/plan', token: as('miriam') });
    expect(staff.status).toBe(200);
    expect((staff.body as Json).patient).toEqual(SALLY_BANNER);
    const own = await call({ method: 'GET', path: '/patients/me/plan', token: as('sally') });
    expect(own.status).toBe(200);
    expect(own.body).not.toHaveProperty('patient');
  });

  it('a refused caller learns nothing, not even the name: the same 404 as for no patient at all', async () => {
    const refused = await t.call({ method: 'GET', path: '/patients/sally/plan', token: as('coach') });
    const nobody = await t.call({ method: 'GET', path: '/patients/nobody-here/plan', token: as('coach') });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual(nobody.body);
    for (const path of ['/patients/sally/plan', `/patients/sally/goals/${goalId}/comments`, '/patients/sally/budget', '/patients/sally/crisis-plan']) {
      const res = await t.call({ method: 'GET', path, token: as('adam') });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(JSON.stringify(res.body)).not.toMatch(/Sally|Brown|1984|999 000 0018|9990000018/);
    }
    // And adam's list does not name her.
    expect(JSON.stringify((await t.call({ method: 'GET', path: '/me/patients', token: as('adam') })).body)).not.toMatch(/Sally|Brown/);
  });

  it('signs steps, comments and RAG updates with the author’s name and label, and the patient’s own read stays one request', async () => {
    const step = await call({ method: 'POST', path: `/patients/sally/goals/${goalId}/steps`, token: as('miriam'), body: { text: 'Ask about the Thursday showing' } });
    expect(step.status).toBe(201);
    expect((step.body as Json).addedBy).toEqual({ ...MIRIAM, org: 'elft', asPatient: false });
    const comment = await call({ method: 'POST', path: `/patients/sally/goals/${goalId}/comments`, token: as('miriam'), body: { text: 'Good idea' } });
    expect((comment.body as Json).by).toEqual({ ...MIRIAM, org: 'elft', asPatient: false });
    const rag = await call({ method: 'POST', path: `/patients/me/goals/${goalId}/updates`, token: as('sally'), body: { status: 'green' } });
    expect((rag.body as Json).by).toEqual({ userId: 'sally', asPatient: true, name: 'Sally Brown', label: 'Sally Brown' });

    // Signed when written: the patient reads her plan (with her account status) and the goal's lists without any lookup.
    const counter = countCalls(t.platform.clients.client);
    let own: Json = {};
    expect(await counter.during(async () => (own = (await call({ method: 'GET', path: '/patients/me/plan', token: as('sally') })).body as Json))).toEqual(['BatchGetItem']);
    expect(own.goals[0].steps[0].addedBy).toMatchObject(MIRIAM);
    const comments = await counter.during(() => call({ method: 'GET', path: `/patients/me/goals/${goalId}/comments`, token: as('sally') }));
    expect([...comments].sort()).toEqual(['GetItem', 'Query']);

    // Staff read the lists with the banner, each entry by name.
    const history = (await call({ method: 'GET', path: `/patients/sally/goals/${goalId}/updates`, token: as('miriam') })).body as Json;
    expect(history.patient).toEqual(SALLY_BANNER);
    expect(history.items[0].by).toMatchObject({ name: 'Sally Brown' });
    const read = (await call({ method: 'GET', path: `/patients/sally/goals/${goalId}/comments`, token: as('miriam') })).body as Json;
    expect(read.items[0].by).toMatchObject(MIRIAM);
  });

  it('names the authors of entries written before authors were signed, and someone gone as such, never by id', async () => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const at = new Date().toISOString();
    const step = (stepId: string, userId: string, org: string) => ({ stepId, text: 'A step', done: false, addedBy: { userId, org, asPatient: false }, addedAt: at });
    const goal = {
      goalId: 'g-old',
      category: 'physical',
      description: 'Swim',
      status: 'active',
      steps: [step('s1', 'coach', 'core-sport'), step('s2', 'left-long-ago', 'elft')],
      createdAt: at,
      order: 1,
    };
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...planKey(BOROUGH, 'andre'),
          entity: 'plan',
          patientId: 'andre',
          sections: { whatMattersToMe: '', whatHelpsMeStayWell: '', mySupportNetwork: '' },
          goals: { 'g-old': goal },
          version: 1,
        },
      }),
    );
    const res = await call({ method: 'GET', path: '/patients/andre/plan', token: as('miriam') });
    expect(res.status).toBe(200);
    const [coach, gone] = (res.body as Json).goals[0].steps.map((s: Json) => s.addedBy);
    expect(coach).toMatchObject({ userId: 'coach', name: 'Priya Shah', label: 'Priya Shah, Sports coach, Core Sport' });
    expect(gone).toMatchObject({ userId: 'left-long-ago', name: 'Someone no longer in the directory' });
  });

  it('the PHB queue names the patient (banner) and who asked; a second approval names the first approver; the patient sees who decided', async () => {
    expect((await t.call({ method: 'PUT', path: '/patients/sally/budget', token: as('advisor'), body: { allocatedPence: 100000, reason: 'Annual review' } })).status).toBe(200);
    const asked = await call({
      method: 'POST',
      path: '/patients/me/phb-requests',
      token: as('sally'),
      body: { category: 'laptop', item: 'A laptop', amountPence: 60000, goalId, whyItHelps: 'Video calls', alternativesConsidered: 'The library' },
    });
    expect(asked.status).toBe(201);
    expect((asked.body as Json).submittedBy).toEqual({ userId: 'sally', asPatient: true, name: 'Sally Brown', label: 'Sally Brown' });
    const requestId = (asked.body as Json).requestId as string;

    const queue = (await call({ method: 'GET', path: '/phb-requests', token: as('advisor') })).body as Json;
    const inQueue = (queue.items as Json[]).find((r) => r.requestId === requestId)!;
    expect(inQueue.patient).toEqual(SALLY_BANNER);
    expect(inQueue.submittedBy).toMatchObject({ name: 'Sally Brown' });

    // Above the threshold: the first approval is named in the queue the second advisor sees.
    expect((await call({ method: 'POST', path: `/phb-requests/${requestId}/decision`, token: as('advisor'), body: { decision: 'approve' } })).status).toBe(200);
    const second = (await call({ method: 'GET', path: '/phb-requests', token: as('advisor-2') })).body as Json;
    expect((second.items as Json[]).find((r) => r.requestId === requestId)!.firstApproval).toMatchObject({
      advisorId: 'advisor',
      name: 'Tom Fielding',
      label: 'Tom Fielding, Personal health budget advisor, The Advocacy Project',
    });
    const approved = await call({ method: 'POST', path: `/phb-requests/${requestId}/decision`, token: as('advisor-2'), body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect((approved.body as Json).deciders.map((d: Json) => d.name)).toEqual(['Tom Fielding', 'Nadia Rahman']);

    // The patient's own list: who decided, by name; no banner on her own page.
    const mine = (await call({ method: 'GET', path: '/patients/me/phb-requests', token: as('sally') })).body as Json;
    expect(mine).not.toHaveProperty('patient');
    expect((mine.items as Json[]).find((r) => r.requestId === requestId)!.deciders.map((d: Json) => d.label)).toEqual([
      'Tom Fielding, Personal health budget advisor, The Advocacy Project',
      'Nadia Rahman, Personal health budget advisor, The Advocacy Project',
    ]);
    // Staff with phb:read get the banner with the list and the budget.
    expect(((await call({ method: 'GET', path: '/patients/sally/phb-requests', token: as('miriam') })).body as Json).patient).toEqual(SALLY_BANNER);
    expect(((await call({ method: 'GET', path: '/patients/sally/budget', token: as('miriam') })).body as Json).patient).toEqual(SALLY_BANNER);
  });

  it('signs measurements with who recorded them, and gives staff the banner with them', async () => {
    const recorded = await call({ method: 'POST', path: '/patients/sally/measurements', token: as('coach'), body: { type: 'exercise', value: 90 } });
    expect(recorded.status).toBe(201);
    expect((recorded.body as Json).author).toEqual({ userId: 'coach', org: 'core-sport', name: 'Priya Shah', label: 'Priya Shah, Sports coach, Core Sport' });
    const trend = (await call({ method: 'GET', path: '/patients/sally/measurements', token: as('coach'), query: 'type=exercise' })).body as Json;
    expect(trend.patient).toEqual(SALLY_BANNER);
    const summary = (await call({ method: 'GET', path: '/patients/me/health-summary', token: as('sally') })).body as Json;
    expect(summary).not.toHaveProperty('patient');
    expect(summary.latest.exercise.author).toMatchObject({ name: 'Priya Shah' });
  });

  it('no answer above used an id as a display name', () => {
    const shown = displayNamesBesideIds(answers);
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.filter(({ id, shown: s }) => s === id)).toEqual([]);
  });
});
