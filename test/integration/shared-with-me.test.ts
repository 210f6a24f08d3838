import { RECORD_VIEW_ROUTES, RECORD_VIEWS, type RecordView } from '../../shared/domain/record-views';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, unknown>;

/** GET /patients/{patientId}/shared-with-me: what one patient shares with a care team member. */
describe('what a patient shares with me', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const as = (user: string) => tokens[user]!;
  const sharedWithMe = (user: string, patient = 'sally', token = as(user)) => t.call({ method: 'GET', path: `/patients/${patient}/shared-with-me`, token });
  const accessLog = async () => ((await t.call({ method: 'GET', path: '/patients/me/access-log', token: as('sally'), query: 'limit=100' })).body as { items: Json[] }).items;

  beforeAll(async () => {
    t = await startTestPlatform();
    for (const user of ['sally', 'andre', 'miriam', 'adam', 'coach', 'advisor', 'paramedic']) tokens[user] = await t.tokenFor(user);
    // Prepare: Sally shares her plan and health checks with Miriam, her crisis plan with Miriam's team (ELFT).
    const grants = [
      { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:contribute', 'health:read'] },
      { grantee: { type: 'organisation', org: 'elft' }, scopes: ['crisis-plan:read'] },
      { grantee: { type: 'person', userId: 'advisor' }, scopes: ['plan:read', 'health:read'] },
    ];
    for (const body of grants) expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: as('sally'), body })).status).toBe(201);
  });
  afterAll(() => t.stop());

  it('names the patient and lists the parts of the record the grants in force open, person and team alike', async () => {
    const res = await sharedWithMe('miriam');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      patient: { patientId: 'sally', name: 'Sally Brown', givenName: 'Sally', familyName: 'Brown', birthDate: '1984-03-14', nhsNumber: '999 000 0018' },
      readable: ['plan', 'crisis-plan', 'health'],
    });
    // Adam is in Miriam's team: the team's grant reaches him, Miriam's own does not.
    expect((await sharedWithMe('adam')).body).toMatchObject({ readable: ['crisis-plan'] });
  });

  it('says what each part’s own route would allow: an advisor sees the budget by the PHB process, never health checks', async () => {
    const res = await sharedWithMe('advisor');
    expect(res.body).toMatchObject({ readable: ['plan', 'phb'] });
    expect((await t.call({ method: 'GET', path: '/patients/sally/measurements', token: as('advisor'), query: 'type=bmi' })).status).toBe(404);
  });

  it('every part it does not list is refused by the part’s own route (404), and every part it lists is answered', async () => {
    for (const user of ['miriam', 'adam', 'advisor']) {
      // Act
      const { readable } = (await sharedWithMe(user)).body as { readable: RecordView[] };
      const answers = await Promise.all(
        (Object.keys(RECORD_VIEWS) as RecordView[]).map(async (view) => {
          const res = await t.call({ method: 'GET', path: RECORD_VIEW_ROUTES[view].replace('{patientId}', 'sally'), token: as(user), ...(view === 'health' ? { query: 'type=bmi' } : {}) });
          return [view, res.status] as const;
        }),
      );
      // Assess
      expect({ user, answers }).toEqual({ user, answers: (Object.keys(RECORD_VIEWS) as RecordView[]).map((view) => [view, readable.includes(view) ? 200 : 404]) });
    }
  });

  it('answers 404 alike when nothing is shared, the patient does not exist, or the id is hostile', async () => {
    const refused = [await sharedWithMe('coach'), await sharedWithMe('miriam', 'andre'), await sharedWithMe('miriam', 'nobody-by-this-id')];
    for (const res of refused) expect([res.status, res.body]).toEqual([404, refused[0]!.body]);
    for (const id of ['__proto__', 'constructor']) expect((await sharedWithMe('miriam', id)).status).toBe(404);
    expect((await sharedWithMe('miriam', 'not%20an%20id')).status).toBe(422);
  });

  it('is not for patients or paramedics, and nobody asks it of their own record', async () => {
    expect((await sharedWithMe('andre')).status).toBe(404);
    expect((await sharedWithMe('paramedic')).status).toBe(404);
    // Separation of duties: refused and told why (403); it is her own record, so nothing leaks.
    for (const own of ['me', 'sally']) expect((await sharedWithMe('sally', own)).status).toBe(403);
    // A clinician who is also a patient, on their own record: staff never act on it.
    const dual = await t.issuer.sign({ id: 'sally', borough: BOROUGH, roles: ['patient', 'clinician'], org: 'elft' });
    expect((await sharedWithMe('sally', 'sally', dual)).status).toBe(403);
  });

  it('refuses a token of another borough, whatever was shared in this one', async () => {
    expect((await sharedWithMe('miriam', 'sally', await t.tokenFor('miriam', 'newham'))).status).toBe(403);
    expect((await t.call({ method: 'GET', path: '/patients/sally/shared-with-me', token: await t.tokenFor('miriam', 'newham'), borough: 'newham' })).status).toBe(404);
  });

  it('is audited in the patient’s access log, allowed and refused', async () => {
    await sharedWithMe('miriam');
    await sharedWithMe('coach');
    const log = await accessLog();
    const entry = (actor: string) => log.find((e) => e.actorId === actor && e.action === 'sharing:read');
    expect(entry('miriam')).toMatchObject({ decision: 'allow', reason: 'grant', operation: expect.stringContaining('shared-with-me') as unknown });
    expect(entry('coach')).toMatchObject({ decision: 'deny', reason: 'no-grant' });
  });

  it('stops at once when the grants are revoked', async () => {
    const grants = (await t.call({ method: 'GET', path: '/patients/me/grants', token: as('sally') })).body as { items: { grantId: string; grantee: { type: string; userId?: string } }[] };
    const miriams = grants.items.find((g) => g.grantee.type === 'person' && g.grantee.userId === 'miriam')!;
    expect((await t.call({ method: 'DELETE', path: `/patients/sally/grants/${miriams.grantId}`, token: as('sally') })).status).toBe(204);
    expect((await sharedWithMe('miriam')).body).toMatchObject({ readable: ['crisis-plan'] });
  });
});
