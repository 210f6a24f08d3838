import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { EMERGENCY_FIND_LIMIT } from '../../functions/consent/emergency';
import { noPatientId } from '../../shared/record/no-patient-id';
import { noPatientPartition } from '../../shared/store/refusal-repository';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, unknown>;

/** Issue 18 item 4: paramedics find the patient by NHS number and date of birth, never by an id. */
describe('a paramedic finds the patient by NHS number and date of birth', () => {
  let t: TestPlatform;
  let now = new Date('2026-11-23T12:00:00.000Z');
  const CRISIS = { warningSigns: ['not sleeping'], whatHelps: ['a walk with my dog'], whatToAvoid: ['crowds'], contacts: [{ name: 'Mum', phone: '07700 900123' }] };
  const SALLY = { nhsNumber: '999 000 0018', birthDate: '1984-03-14' };
  const ANDRE = { nhsNumber: '9990000026', birthDate: '1991-07-02' };
  const reason = 'Called to the home: acute distress';
  let paramedics = 0;
  /** A paramedic of their own, so that each test starts with no attempts counted. */
  const newParamedic = () => t.issuer.sign({ id: `paramedic-${++paramedics}`, borough: BOROUGH, roles: ['paramedic'], org: 'london-ambulance' });
  const find = (token: string, body: Json) => t.call({ method: 'POST', path: '/emergency-access', token, body });
  const table = () => t.platform.boroughs.get(BOROUGH)!.deps.store.tableName;
  const partition = async (pk: string) =>
    (await t.platform.clients.doc.send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': pk } }))).Items ?? [];

  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    const sally = await t.tokenFor('sally');
    expect((await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: sally, body: CRISIS, headers: { 'if-match': '"0"' } })).status).toBe(200);
    expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: sally, body: { grantee: { type: 'emergency' }, scopes: ['crisis-plan:read'] } })).status).toBe(201);
  });
  afterAll(() => t.stop());

  it('opens the crisis plan for 30 minutes when both match and the patient allowed it, with the banner to check it is them; the patient is told and it is in their access log', async () => {
    const token = await newParamedic();
    const res = await find(token, { ...SALLY, reason });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      grant: { patientId: 'sally', scopes: ['crisis-plan:read'], endsAt: new Date(now.getTime() + 30 * 60_000).toISOString() },
      patient: { patientId: 'sally', name: 'Sally Brown', givenName: 'Sally', familyName: 'Brown', birthDate: '1984-03-14', nhsNumber: '999 000 0018' },
    });
    expect((await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token })).body).toMatchObject(CRISIS);
    const outbox = (await partition(`B#${BOROUGH}#P#sally`)).filter((i) => String(i.sk).startsWith('OUTBOX#') && i.type === 'emergency-access.granted');
    expect(outbox.map((i) => (i.data as Json).paramedicId)).toContain(`paramedic-${paramedics}`);
    const log = (await t.call({ method: 'GET', path: '/patients/me/access-log', token: await t.tokenFor('sally'), query: 'limit=100' })).body as { items: Json[] };
    expect(log.items.filter((e) => e.actorId === `paramedic-${paramedics}`).map((e) => [e.action, e.decision])).toEqual([
      ['crisis-plan:read', 'allow'],
      ['emergency-access', 'allow'],
    ]);
  });

  it('answers a wrong date of birth, an unknown number and a patient without emergency sharing alike (404), each audited, the mismatch never in the record of the person the number belongs to', async () => {
    const token = await newParamedic();
    const who = `paramedic-${paramedics}`;
    const answers = [
      await find(token, { ...SALLY, birthDate: '1984-03-15', reason }),
      await find(token, { nhsNumber: '9990000050', birthDate: '1984-03-14', reason }),
      await find(token, { ...ANDRE, reason }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.headers['content-type']).toBe('application/problem+json');
      expect(a.body).toEqual(answers[0]!.body);
    }
    const sallyLog = ((await t.call({ method: 'GET', path: '/patients/me/access-log', token: await t.tokenFor('sally'), query: 'limit=100' })).body as { items: Json[] }).items;
    expect(sallyLog.filter((e) => e.actorId === who)).toEqual([]);
    const andreLog = ((await t.call({ method: 'GET', path: '/patients/me/access-log', token: await t.tokenFor('andre'), query: 'limit=100' })).body as { items: Json[] }).items;
    expect(andreLog.filter((e) => e.actorId === who)).toEqual([expect.objectContaining({ action: 'emergency-access', decision: 'deny' })]);
    for (const nhsNumber of ['9990000018', '9990000050']) {
      const logged = (await partition(noPatientPartition(BOROUGH, noPatientId(BOROUGH, nhsNumber)))).filter((i) => String(i.sk).startsWith('AUDIT#'));
      expect(logged.map((i) => [i.actorId, i.decision])).toEqual([[who, 'deny']]);
    }
  });

  it(`limits each paramedic to ${EMERGENCY_FIND_LIMIT.perWindow} searches in ${EMERGENCY_FIND_LIMIT.windowSeconds / 60} minutes (429 with Retry-After), others unaffected`, async () => {
    const token = await newParamedic();
    for (let i = 0; i < EMERGENCY_FIND_LIMIT.perWindow; i++) expect((await find(token, { ...ANDRE, reason })).status).toBe(404);
    const limited = await find(token, { ...SALLY, reason });
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toBe('application/problem+json');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await find(await newParamedic(), { ...SALLY, reason })).status).toBe(201);
    const saved = now;
    now = new Date(now.getTime() + EMERGENCY_FIND_LIMIT.windowSeconds * 1000);
    try {
      expect((await find(token, { ...SALLY, reason })).status).toBe(201);
    } finally {
      now = saved;
    }
  });

  it('names the field of bad input (422) and lets only paramedics search', async () => {
    const token = await newParamedic();
    expect((await find(token, { ...SALLY, nhsNumber: '9990000019', reason })).body).toMatchObject({ status: 422, errors: [{ field: 'body.nhsNumber' }] });
    expect((await find(token, { ...SALLY, birthDate: '14/03/1984', reason })).body).toMatchObject({ status: 422, errors: [{ field: 'body.birthDate' }] });
    expect((await find(token, { ...SALLY, reason: 'short' })).body).toMatchObject({ status: 422, errors: [{ field: 'body.reason' }] });
    expect((await find(await t.tokenFor('miriam'), { ...SALLY, reason })).status).toBe(403);
  });

  it('shows the paramedic when the crisis plan was last changed, and asks them to check one changed more than six months ago (the clock injected)', async () => {
    // Prepare: the plan was written at the start (23 November 2026); each read is a paramedic's emergency access at that time.
    const saved = now;
    const readAt = async (at: string) => {
      now = new Date(at);
      const token = await newParamedic();
      expect((await find(token, { ...SALLY, reason })).status).toBe(201);
      return (await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token })).body as Json;
    };
    try {
      // Act and assess: fresh at first; still on the last day of six months; to be checked the day after.
      expect(await readAt('2026-11-23T12:05:00.000Z')).toMatchObject({ updatedAt: expect.stringMatching(/^2026-11-23/), needsChecking: false });
      expect(await readAt('2027-05-23T12:05:00.000Z')).toMatchObject({ needsChecking: false });
      expect(await readAt('2027-05-24T12:05:00.000Z')).toMatchObject({ needsChecking: true });

      // Sally changes it: fresh again.
      const put = await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: await t.tokenFor('sally'), body: CRISIS, headers: { 'if-match': '"1"' } });
      expect(put.status).toBe(200);
      expect(await readAt('2027-05-24T12:10:00.000Z')).toMatchObject({ updatedAt: expect.stringMatching(/^2027-05-24/), needsChecking: false });
    } finally {
      now = saved;
    }
  });
});
