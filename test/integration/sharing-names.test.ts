import type { Person } from '../../shared/domain/people';
import { DIRECTORY_SEARCH, DIRECTORY_SEARCH_RATE } from '../../shared/domain/directory-search';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { directoryUserKey, listStaff, putDirectoryUser, reindexStaff } from '../../shared/store/directory-repository';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, unknown>;
type Problem = { errors?: { field: string }[] };
type Search = { items: ({ type: 'person'; person: Json } | { type: 'organisation'; org: Json })[]; more: boolean };

/** Issue 18, "People, not ids": the patient's flower, their search for people to share with, and their access log name people. */
describe('sharing with people by name', () => {
  let t: TestPlatform;
  // A fixed clock: the rate limit's window cannot turn over in the middle of a test.
  const now = new Date('2030-03-04T10:00:10.000Z');
  const tokens: Record<string, string> = {};
  const as = (user: string) => tokens[user]!;
  const staff = (userId: string, given: string, family: string, extra: Partial<Person> = {}): Person => ({
    userId,
    roles: ['clinician'],
    org: 'core-sport',
    name: { given, family },
    roleTitle: 'Support worker',
    email: `${userId}@example.org`,
    phone: '+447700900555',
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const people: Person[] = [
      // A patient and a disabled member of staff who share a family name with Miriam Okafor: never found.
      { userId: 'p-okafor', roles: ['patient'], name: { given: 'Mira', family: 'Okafor' }, nhsNumber: '9990000042', birthDate: '1990-01-01', email: 'mira@example.org' },
      staff('left-okafor', 'Olive', 'Okafor', { status: 'disabled', disabledAt: '2030-01-01T00:00:00.000Z' }),
      staff('zoe', 'Zoë', 'Åberg', { org: 'elft', roleTitle: 'Occupational therapist' }),
      ...Array.from({ length: DIRECTORY_SEARCH.maxAnswers + 5 }, (_, i) => staff(`bulk-${i}`, 'Bulk', `Worker ${String(i).padStart(2, '0')}`)),
    ];
    for (const person of people) await putDirectoryUser(store, BOROUGH, person);
    for (const user of ['sally', 'andre', 'miriam', 'adam', 'paramedic', 'p-okafor']) tokens[user] = await t.tokenFor(user);
  });
  afterAll(() => t.stop());

  const share = (body: Json, patient = 'sally') => t.call({ method: 'POST', path: '/patients/me/grants', token: as(patient), body });
  const search = (q: string, user = 'sally') => t.call({ method: 'GET', path: '/directory', token: as(user), query: new URLSearchParams({ q }).toString() });
  const fields = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.field);

  describe('the flower', () => {
    it('gives each grantee by name: a person with role and organisation, a team by its name, paramedics in an emergency', async () => {
      // Prepare
      const adam = await share({ grantee: { type: 'person', userId: 'adam' }, scopes: ['plan:read'] });
      expect(adam.status).toBe(201);
      expect((await share({ grantee: { type: 'organisation', org: 'beechwood-practice' }, scopes: ['health:read'] })).status).toBe(201);
      expect((await share({ grantee: { type: 'emergency' }, scopes: ['crisis-plan:read'] })).status).toBe(201);
      // Act
      const list = await t.call({ method: 'GET', path: '/patients/me/grants', token: as('sally') });
      // Assess
      expect((adam.body as Json).grantee).toEqual({
        type: 'person',
        userId: 'adam',
        label: 'Adam Clarke, Health care assistant, ELFT',
        person: {
          userId: 'adam',
          name: 'Adam Clarke',
          label: 'Adam Clarke, Health care assistant, ELFT',
          roleTitle: 'Health care assistant',
          org: { id: 'elft', name: 'East London NHS Foundation Trust' },
          active: true,
        },
      });
      const grantees = ((list.body as { items: { grantee: Json }[] }).items ?? []).map((g) => g.grantee);
      expect(grantees).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'person', label: 'Adam Clarke, Health care assistant, ELFT' }),
          { type: 'organisation', org: 'beechwood-practice', label: 'Beechwood Medical Practice', name: 'Beechwood Medical Practice' },
          { type: 'emergency', label: 'Paramedics in an emergency' },
        ]),
      );
      expect(JSON.stringify(list.body)).not.toMatch(/example\.org|\+44/);
    });

    it.each([
      ['nobody in the directory', 'no-such-person'],
      ['a patient', 'andre'],
      ['a disabled member of staff', 'left-okafor'],
      ['an operator', 'operator'],
      ['an inherited name', 'constructor'],
      ['another inherited name', '__proto__'],
    ])('refuses a grant to %s with a 422 naming body.grantee.userId, writing nothing', async (_what, userId) => {
      const before = (await t.call({ method: 'GET', path: '/patients/me/grants', token: as('andre') })).body as { items: unknown[] };
      const res = await share({ grantee: { type: 'person', userId }, scopes: ['plan:read'] }, 'andre');
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fields(res.body)).toEqual(['body.grantee.userId']);
      expect(((await t.call({ method: 'GET', path: '/patients/me/grants', token: as('andre') })).body as { items: unknown[] }).items).toHaveLength(before.items.length);
    });

    it.each([
      ['not of the borough', 'acme'],
      ['the ambulance service (paramedics come through emergency sharing)', 'london-ambulance'],
    ])('refuses a team %s with a 422 naming body.grantee.org', async (_what, org) => {
      const res = await share({ grantee: { type: 'organisation', org }, scopes: ['plan:read'] }, 'andre');
      expect(res.status).toBe(422);
      expect(fields(res.body)).toEqual(['body.grantee.org']);
    });
  });

  describe('finding someone to share with', () => {
    it("matches names, role titles and organisations, whatever the case and accents, with each person's label and no contact details", async () => {
      const byName = (await search('OKAFOR')).body as Search;
      expect(byName).toEqual({
        items: [
          {
            type: 'person',
            person: {
              userId: 'miriam',
              name: 'Miriam Okafor',
              label: 'Miriam Okafor, Psychotherapist, ELFT',
              roleTitle: 'Psychotherapist',
              org: { id: 'elft', name: 'East London NHS Foundation Trust' },
              active: true,
            },
          },
        ],
        more: false,
      });
      expect(((await search('zoe aberg')).body as Search).items.map((i) => (i.type === 'person' ? i.person.userId : i.org.id))).toEqual(['zoe']);
      expect(((await search('occupational')).body as Search).items.map((i) => (i.type === 'person' ? i.person.label : undefined))).toEqual(['Zoë Åberg, Occupational therapist, ELFT']);
      const byOrg = ((await search('elft')).body as Search).items;
      expect(byOrg[0]).toEqual({ type: 'organisation', org: { id: 'elft', name: 'East London NHS Foundation Trust', label: 'ELFT' } });
      expect(byOrg.filter((i) => i.type === 'person').map((i) => (i.type === 'person' ? i.person.userId : ''))).toEqual(expect.arrayContaining(['miriam', 'adam', 'zoe']));
      for (const q of ['okafor', 'elft', 'bulk', 'example']) expect(JSON.stringify((await search(q)).body)).not.toMatch(/example\.org|\+44|9990000042|1990-01-01/);
    });

    it('never answers a patient, a disabled person, an operator or a paramedic, nor the ambulance service', async () => {
      const answers = await Promise.all(['mira', 'olive', 'grace', 'sam doyle', 'paramedic', 'london ambulance', 'sally', 'andre'].map(async (q) => ((await search(q)).body as Search).items));
      expect(answers).toEqual(answers.map(() => []));
    });

    it('is bounded: fewer than 2 letters is a 422 naming query.q, and at most 20 answers come back', async () => {
      for (const q of ['a', ' b ', '--', 'é', 'x'.repeat(DIRECTORY_SEARCH.maxChars + 1)]) {
        const res = await search(q);
        expect(res.status).toBe(422);
        expect(fields(res.body)).toEqual(['query.q']);
      }
      const many = (await search('bulk')).body as Search;
      expect(many.items).toHaveLength(DIRECTORY_SEARCH.maxAnswers);
      expect(many.more).toBe(true);
    });

    it('reads the staff index, never the borough directory of patients, and never scans', async () => {
      // Prepare: what the search sends to DynamoDB.
      const sent: { command: string; input: Json }[] = [];
      let recording = false;
      t.platform.clients.client.middlewareStack.add(
        (next, context) => async (args) => {
          if (recording) sent.push({ command: String(context.commandName), input: args.input as Json });
          return next(args);
        },
        { step: 'initialize', name: 'searchRecorder' },
      );
      // Act
      recording = true;
      expect((await search('okafor')).status).toBe(200);
      recording = false;
      // Assess: the caller's account status, the rate count, then one Query of the staff partition of the index.
      expect(sent.map((c) => c.command)).toEqual(['GetItemCommand', 'UpdateItemCommand', 'QueryCommand']);
      const query = sent[2]!.input;
      expect(query.IndexName).toBe('gsi2');
      expect(query.ExpressionAttributeValues).toEqual({ ':partition': `B#${BOROUGH}#STAFF` });
    });

    it('is for patients only', async () => {
      for (const user of ['miriam', 'paramedic']) expect((await search('okafor', user)).status).toBe(403);
    });

    it(`answers 429 with Retry-After, as problem+json, after ${DIRECTORY_SEARCH_RATE.perWindow} lookups a minute per caller, and not to others`, async () => {
      const answers = [];
      for (let i = 0; i < DIRECTORY_SEARCH_RATE.perWindow; i++) answers.push((await search('okafor', 'p-okafor')).status);
      expect(answers).toEqual(answers.map(() => 200));
      const over = await search('okafor', 'p-okafor');
      expect(over.status).toBe(429);
      expect(over.headers['content-type']).toContain('application/problem+json');
      // The clock stands 10 s into its minute: the next window opens in 50 s.
      expect(over.headers['retry-after']).toBe('50');
      expect((await search('okafor', 'andre')).status).toBe(200);
    });
  });

  describe('the staff index', () => {
    it('takes in staff entries written before it existed (npm run directory:reindex), once, and never a patient', async () => {
      // Prepare: entries as they were stored before the index, without its keys.
      const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
      const old = (person: Person) => store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...directoryUserKey(BOROUGH, person.userId), entity: 'user', ...person } }));
      await old(staff('before-index', 'Nadia', 'Quist'));
      await old({ userId: 'p-before', roles: ['patient'], name: { given: 'Norah', family: 'Quist' } });
      expect(((await search('quist')).body as Search).items).toEqual([]);
      // Act
      const first = await reindexStaff(store, BOROUGH);
      const again = await reindexStaff(store, BOROUGH);
      // Assess
      expect(first.updated).toBe(1);
      expect(again.updated).toBe(0);
      expect(((await search('quist')).body as Search).items.map((i) => (i.type === 'person' ? i.person.userId : i.org.id))).toEqual(['before-index']);
      expect((await listStaff(store, BOROUGH)).some((p) => p.roles.includes('patient'))).toBe(false);
    });
  });

  describe('the access log', () => {
    it('names who read the record and the paramedic of an emergency access, never by id alone', async () => {
      // Prepare: Sally's flower from the first test holds Adam and emergency sharing; Miriam joins it.
      expect((await share({ grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read', 'crisis-plan:read'] })).status).toBe(201);
      expect((await t.call({ method: 'GET', path: '/patients/sally/plan', token: as('miriam') })).status).toBe(200);
      const emergency = await t.call({ method: 'POST', path: '/patients/sally/emergency-access', token: as('paramedic'), body: { reason: 'Called to the home, need the crisis plan' } });
      expect(emergency.status).toBe(201);
      expect((emergency.body as { grantee: Json }).grantee).toMatchObject({ type: 'emergency-access', label: 'Sam Doyle, Paramedic, LAS' });
      // Act
      const log = (await t.call({ method: 'GET', path: '/patients/me/access-log', token: as('sally') })).body as { items: Json[] };
      // Assess
      expect(log.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ actorId: 'miriam', actorLabel: 'Miriam Okafor, Psychotherapist, ELFT', action: 'plan:read', decision: 'allow' }),
          expect.objectContaining({ actorId: 'paramedic', actorLabel: 'Sam Doyle, Paramedic, LAS', action: 'emergency-access', decision: 'allow' }),
        ]),
      );
      expect(log.items.every((e) => typeof e.actorLabel === 'string' && e.actorLabel !== e.actorId)).toBe(true);
    });
  });
});
