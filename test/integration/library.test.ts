import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { seedBorough } from '../../infra/local/seed';
import type { StreamPoller } from '../../infra/local/stream-poller';
import { startOutcomesPoller } from '../support/outcomes-poller';
import type { OutcomeReport } from '../../shared/domain/outcomes';
import { libraryPartition } from '../../shared/store/keys';
import { rebuildOutcomes } from '../../shared/store/outcomes-rebuild';
import type { Json } from '../support/json';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Programme = { programmeId: string; name: string; providerName: string; status: string; version: number; link: string };

const NEW_PROGRAMME = {
  name: 'Riverside tai chi',
  provider: 'core-sport',
  category: 'exercise',
  offers: 'Slow, gentle tai chi by the canal on Sunday mornings',
  forWhom: 'Anyone; no experience needed',
  howToJoin: 'Turn up at 9am by the lock',
  link: 'https://core-sport.example/tai-chi',
};

describe("the borough's library of programmes: kept by operators, read and taken up by patients", () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    for (const u of ['sally', 'andre', 'miriam', 'operator']) tokens[u] = await t.tokenFor(u);
  });
  afterAll(() => t.stop());

  const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}, query?: string) =>
    t.call({ method, path, token: tokens[user]!, headers, ...(body !== undefined ? { body } : {}), ...(query ? { query } : {}) });
  const search = async (user: string, query: string) => ((await call('GET', '/library', user, undefined, {}, query)).body as { items: Programme[] }).items;
  const libraryItems = async () => {
    const { store } = t.platform.boroughs.get(BOROUGH)!.deps;
    const { Items = [] } = await store.doc.send(new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': libraryPartition(BOROUGH) } }));
    return Items;
  };
  const addStep = (programmeId: string) => call('POST', '/patients/me/goals/seed-goal-walk/steps', 'sally', { text: 'Try it', programmeId });

  it('an operator adds, changes (If-Match; 412 when stale) and retires a programme, each change in its history by name', async () => {
    // Act
    const created = await call('POST', '/library/programmes', 'operator', NEW_PROGRAMME);
    const { programmeId } = created.body as Programme;
    const changed = await call('PATCH', `/library/programmes/${programmeId}`, 'operator', { howToJoin: 'Turn up at 9.30am by the lock' }, { 'if-match': '"1"' });
    const stale = await call('PATCH', `/library/programmes/${programmeId}`, 'operator', { name: 'Overwritten' }, { 'if-match': '"1"' });
    const retired = await call('PATCH', `/library/programmes/${programmeId}`, 'operator', { status: 'retired' }, { 'if-match': '"2"' });
    const history = await call('GET', `/library/programmes/${programmeId}/history`, 'operator');

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...NEW_PROGRAMME, providerName: 'Core Sport', status: 'active', version: 1 });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(stale.status).toBe(412);
    expect(retired.body).toMatchObject({ status: 'retired', version: 3, name: NEW_PROGRAMME.name });
    expect((history.body as { items: Json[] }).items).toEqual([
      expect.objectContaining({ version: 1, action: 'created', byName: 'Grace Adeyemi' }),
      expect.objectContaining({ version: 2, action: 'changed', changes: [{ field: 'howToJoin', from: 'Turn up at 9am by the lock', to: 'Turn up at 9.30am by the lock' }] }),
      expect.objectContaining({ version: 3, action: 'retired', changes: [{ field: 'status', from: 'active', to: 'retired' }] }),
    ]);
  });

  it('refuses writes to anyone but operators (a clinician, a patient): 403, nothing written', async () => {
    // Prepare
    const before = await libraryItems();

    // Act
    const byClinician = await call('POST', '/library/programmes', 'miriam', NEW_PROGRAMME);
    const byPatient = await call('PATCH', '/library/programmes/core-sport-walking', 'sally', { status: 'retired' }, { 'if-match': '"1"' });

    // Assess
    expect([byClinician.status, byPatient.status]).toEqual([403, 403]);
    expect(await libraryItems()).toEqual(before);
  });

  it('finds programmes by words of their name, provider or offer, any case, and by category', async () => {
    // Act
    const walking = await search('sally', 'q=WALKING');
    const byProvider = await search('andre', 'q=ADVOCACY&category=arts');
    const apps = await search('miriam', 'category=therapy-apps');

    // Assess
    expect(walking.map((p) => p.name)).toEqual(['Core Sport Tuesday walking group']);
    expect(byProvider.map((p) => p.name)).toEqual(['Community choir']);
    expect((await search('andre', 'category=arts')).map((p) => p.name)).toEqual(['Community choir', 'Open arts studio']);
    expect(apps.map((p) => p.name)).toEqual(['Calm Steps', 'Sleep Well Tonight']);
    expect(apps[0]!.providerName).toBe('East London NHS Foundation Trust');
  });

  it('hides a retired programme from patients, shows it to operators who ask, and refuses the asking to others', async () => {
    // Act
    const patientSees = await search('sally', 'q=tai chi');
    const opened = await call('GET', '/library/programmes/core-sport-swim', 'sally');
    await call('PATCH', '/library/programmes/core-sport-swim', 'operator', { status: 'retired' }, { 'if-match': '"1"' });
    const openedRetired = await call('GET', '/library/programmes/core-sport-swim', 'sally');
    const operatorSees = await search('operator', 'q=tai chi&include=retired');
    const patientAsks = await call('GET', '/library', 'sally', undefined, {}, 'include=retired');

    // Assess
    expect(patientSees).toEqual([]);
    expect(opened.status).toBe(200);
    expect(openedRetired.status).toBe(404);
    expect(operatorSees.map((p) => p.status)).toEqual(['retired']);
    expect(patientAsks.status).toBe(403);
  });

  it.each([
    ['a link that is not https', { ...NEW_PROGRAMME, link: 'http://core-sport.example/x' }, 'body.link'],
    ['an unknown provider', { ...NEW_PROGRAMME, provider: 'no-such-org' }, 'body.provider'],
    ['an unknown category', { ...NEW_PROGRAMME, category: 'astrology' }, 'body.category'],
  ])('refuses %s with 422 naming the field, and writes nothing', async (_what, body, field) => {
    // Prepare
    const before = await libraryItems();

    // Act
    const res = await call('POST', '/library/programmes', 'operator', body);

    // Assess
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    expect(await libraryItems()).toEqual(before);
  });

  it('answers 404 for a programme id such as __proto__ or constructor, and changes nothing', async () => {
    // Act
    const read = await call('GET', '/library/programmes/__proto__', 'sally');
    const change = await call('PATCH', '/library/programmes/constructor', 'operator', { status: 'retired' }, { 'if-match': '"1"' });

    // Assess
    expect([read.status, change.status]).toEqual([404, 404]);
    expect(read.headers['content-type']).toContain('application/problem+json');
  });

  it("adds a programme to Sally's goal as a step, shown on her plan with its name and link; an unknown or retired one is refused", async () => {
    // Act
    const added = await addStep('core-sport-walking');
    const plan = (await call('GET', '/patients/me/plan', 'sally')).body as { goals: { goalId: string; steps: { text: string; programme?: Json }[] }[] };
    const unknown = await addStep('no-such-programme');
    const retired = await addStep('core-sport-swim');

    // Assess
    expect(added.status).toBe(201);
    const walk = plan.goals.find((g) => g.goalId === 'seed-goal-walk')!;
    expect(walk.steps.at(-1)).toMatchObject({
      text: 'Try it',
      programme: { programmeId: 'core-sport-walking', name: 'Core Sport Tuesday walking group', link: 'https://core-sport.example/walking-group' },
    });
    for (const res of [unknown, retired]) {
      expect(res.status).toBe(422);
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body.programmeId']);
    }
    expect(plan.goals.find((g) => g.goalId === 'seed-goal-walk')!.steps).toHaveLength(3);
  });
});

describe('uptake of library programmes in the outcome report', () => {
  let t: TestPlatform;
  let poller: StreamPoller;

  beforeAll(async () => {
    t = await startTestPlatform({ streams: true });
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    poller = startOutcomesPoller(t);
  });
  afterAll(async () => {
    poller.stop();
    await t.stop();
  });

  /** A patient's new goal with one step about each programme named. */
  const takeUp = async (patientId: string, programmeIds: string[]) => {
    const token = await t.tokenFor(patientId);
    const goal = await t.call({ method: 'POST', path: '/patients/me/goals', token, body: { category: 'physical', description: 'Get moving' } });
    for (const programmeId of programmeIds) {
      const step = await t.call({ method: 'POST', path: `/patients/me/goals/${(goal.body as { goalId: string }).goalId}/steps`, token, body: { text: 'Try it', programmeId } });
      expect(step.status).toBe(201);
    }
  };
  const uptake = async () => {
    const res = await t.call({ method: 'GET', path: '/borough/outcomes', token: await t.tokenFor('operator') });
    return Object.fromEntries((res.body as OutcomeReport).library.uptake.map((u) => [u.programmeId, u.patients]));
  };

  it('counts the distinct patients who added each programme to a goal, withholds 1 to 4, and the rebuild counts the same', async () => {
    // Prepare: six patients take up the walking group (one of them twice), two the Calm Steps app.
    for (const patient of ['uptake-1', 'uptake-2', 'uptake-3', 'uptake-4', 'uptake-5']) await takeUp(patient, ['core-sport-walking']);
    await takeUp('uptake-6', ['core-sport-walking', 'core-sport-walking', 'calm-steps']);
    await takeUp('uptake-7', ['calm-steps']);

    // Act
    await poller.drain();
    const fromStream = await uptake();
    await rebuildOutcomes(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, t.platform.boroughs.get(BOROUGH)!.config.reqol);
    const rebuilt = await uptake();

    // Assess
    expect(fromStream).toMatchObject({ 'core-sport-walking': 6, 'calm-steps': null, 'budget-cooking': 0 });
    expect(rebuilt).toEqual(fromStream);
  });
});
