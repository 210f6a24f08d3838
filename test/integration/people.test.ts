import { getPeople, putDirectoryUser } from '../../shared/store/directory-repository';
import { nhsNumberKey, patientPartition } from '../../shared/store/keys';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OutgoingMessage } from '../../shared/events/messages';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/** The borough's directory holds people: names, a patient's NHS number and date of birth, staff's organisation and title. */
describe('people in the directory', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(() => t.stop());

  const deps = () => t.platform.boroughs.get(BOROUGH)!.deps;
  const entry = async (userId: string) => (await getPeople(deps().store, BOROUGH, [userId])).get(userId);
  const put = async (userId: string, body: unknown) => t.call({ method: 'PUT', path: `/borough/users/${userId}`, token: await t.tokenFor('operator'), body });
  const patient = { roles: ['patient'], name: { given: 'Jo', family: 'Example' }, nhsNumber: '999 000 0042', birthDate: '1990-05-01' };

  it('holds a new patient with their NHS number linked to them, and answers the operator with the entry', async () => {
    const res = await put('new-patient', patient);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: 'new-patient', ...patient, nhsNumber: '9990000042' });
    expect(await entry('new-patient')).toEqual({ userId: 'new-patient', ...patient, nhsNumber: '9990000042' });
    const link = await deps().store.doc.send(new GetCommand({ TableName: deps().store.tableName, Key: nhsNumberKey(BOROUGH, '9990000042') }));
    expect(link.Item?.patientId).toBe('new-patient');
  });

  it("refuses another person's NHS number (409) and a changed one (409), naming the field, and writes nothing", async () => {
    const taken = await put('someone-else', { ...patient, nhsNumber: '9990000018' });
    expect(taken.status).toBe(409);
    expect(taken.headers['content-type']).toBe('application/problem+json');
    expect(taken.body).toMatchObject({ errors: [{ field: 'body.nhsNumber', detail: 'belongs to another person of this borough' }] });
    expect(await entry('someone-else')).toBeUndefined();
    const changed = await put('new-patient', { ...patient, nhsNumber: '9990000050' });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ errors: [{ field: 'body.nhsNumber' }] });
    expect((await entry('new-patient'))?.nhsNumber).toBe('9990000042');
  });

  it('answers 422 naming the field for an invalid NHS number, a missing date of birth and an unknown organisation', async () => {
    expect((await put('x1', { ...patient, nhsNumber: '9990000043' })).body).toMatchObject({ status: 422, errors: [{ field: 'body.nhsNumber' }] });
    expect((await put('x1', { ...patient, birthDate: undefined })).body).toMatchObject({ status: 422, errors: [{ field: 'body.birthDate', detail: 'is required for a patient' }] });
    const staff = { roles: ['clinician'], name: { given: 'Jo', family: 'Example' }, org: 'acme', roleTitle: 'Nurse' };
    expect((await put('x1', staff)).body).toMatchObject({ status: 422, errors: [{ field: 'body.org' }] });
    expect(await entry('x1')).toBeUndefined();
  });

  it('keeps a disabled person disabled, and when they were invited and signed in, when their entry is put again', async () => {
    await putDirectoryUser(deps().store, BOROUGH, {
      userId: 'leaver',
      roles: ['clinician'],
      name: { given: 'Lee', family: 'Example' },
      org: 'elft',
      roleTitle: 'Nurse',
      status: 'disabled',
      disabledAt: '2026-11-01T00:00:00.000Z',
      invitedAt: '2026-10-01T00:00:00.000Z',
      signedInAt: '2026-10-02T00:00:00.000Z',
    });
    const res = await put('leaver', { roles: ['clinician'], name: { given: 'Lee', family: 'Example' }, org: 'elft', roleTitle: 'Senior nurse' });
    expect(res.status).toBe(200);
    // What only the platform records outlives the edit: disabled, invited (the sweep judges entries an account made).
    expect(await entry('leaver')).toMatchObject({
      roleTitle: 'Senior nurse',
      status: 'disabled',
      disabledAt: '2026-11-01T00:00:00.000Z',
      invitedAt: '2026-10-01T00:00:00.000Z',
      signedInAt: '2026-10-02T00:00:00.000Z',
    });
  });
});

/** Issue 18 item 5: operators invite people and disable leavers; nothing is deleted. */
describe('onboarding and leavers', () => {
  let t: TestPlatform;
  const sent: OutgoingMessage[] = [];
  beforeAll(async () => {
    t = await startTestPlatform({ messages: { send: (m) => Promise.resolve(void sent.push(m)) } });
  });
  afterAll(() => t.stop());

  const deps = () => t.platform.boroughs.get(BOROUGH)!.deps;
  const entry = async (userId: string) => (await getPeople(deps().store, BOROUGH, [userId])).get(userId);
  const invite = async (body: unknown) => t.call({ method: 'POST', path: '/borough/invitations', token: await t.tokenFor('operator'), body });
  const patient = { roles: ['patient'], name: { given: 'Ines', family: 'Example' }, nhsNumber: '9990000050', birthDate: '1975-09-09', email: 'ines@example.org' };

  it('invites a patient: their entry with the NHS number linked, and the invitation (no clinical words) in the messages', async () => {
    const res = await invite(patient);
    expect(res.status).toBe(201);
    const { userId } = res.body as { userId: string };
    expect(await entry(userId)).toMatchObject({ ...patient, userId, invitedAt: expect.any(String) });
    expect(sent).toEqual([expect.objectContaining({ channel: 'email', to: 'ines@example.org', userId, subject: 'Your invitation to the City and Hackney recovery platform' })]);
    // The new patient exists for the API: their own record answers them.
    const token = await t.issuer.sign({ id: userId, borough: BOROUGH, roles: ['patient'] });
    expect((await t.call({ method: 'GET', path: '/patients/me/plan', token })).status).toBe(200);
  });

  it('refuses a taken NHS number or email (409), an invalid number and an unknown organisation (422), each naming the field, and invites nobody', async () => {
    const before = sent.length;
    expect((await invite({ ...patient, email: 'other@example.org' })).body).toMatchObject({ status: 409, errors: [{ field: 'body.nhsNumber' }] });
    expect((await invite({ ...patient, nhsNumber: '9990000042', email: 'ines@example.org' })).body).toMatchObject({ status: 409, errors: [{ field: 'body.email' }] });
    expect((await invite({ ...patient, nhsNumber: '9990000041' })).body).toMatchObject({ status: 422, errors: [{ field: 'body.nhsNumber' }] });
    const staff = { roles: ['clinician'], name: { given: 'Ola', family: 'Example' }, org: 'acme', roleTitle: 'Nurse', email: 'ola@example.org' };
    expect((await invite(staff)).body).toMatchObject({ status: 422, errors: [{ field: 'body.org' }] });
    expect((await invite({ ...staff, org: 'elft', email: undefined })).body).toMatchObject({ status: 422, errors: [{ field: 'body.email' }] });
    // The duty rota is a clinician's: duty alone is refused.
    expect((await invite({ ...staff, org: 'elft', roles: ['duty'] })).body).toMatchObject({ status: 422, errors: [{ field: 'body.roles' }] });
    expect(sent.length).toBe(before);
    expect((await t.call({ method: 'POST', path: '/borough/invitations', token: await t.tokenFor('miriam'), body: staff })).status).toBe(403);
  });

  it("puts a clinician on their organisation's duty rota: the duty role beside clinician", async () => {
    const res = await invite({ roles: ['clinician', 'duty'], name: { given: 'Dee', family: 'Example' }, org: 'elft', roleTitle: 'Duty worker', email: 'dee@example.org' });
    expect(res.status).toBe(201);
    expect((await entry((res.body as { userId: string }).userId))?.roles).toEqual(['clinician', 'duty']);
  });

  it('disables a leaver: their next request is refused, on patient data and elsewhere; the patients who shared with them are told; nothing is deleted', async () => {
    const miriam = await t.tokenFor('miriam');
    const sally = await t.tokenFor('sally');
    const shared = await t.call({ method: 'POST', path: '/patients/me/grants', token: sally, body: { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read'] } });
    expect(shared.status).toBe(201);
    expect((await t.call({ method: 'GET', path: '/patients/sally/plan', token: miriam })).status).toBe(200);

    const res = await t.call({ method: 'POST', path: '/borough/users/miriam/disable', token: await t.tokenFor('operator') });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ userId: 'miriam', status: 'disabled', disabledAt: expect.any(String) });

    for (const path of ['/patients/sally/plan', '/me', '/me/patients']) {
      const refused = await t.call({ method: 'GET', path, token: miriam });
      expect({ path, status: refused.status }).toEqual({ path, status: 401 });
      expect(refused.body).toMatchObject({ detail: 'This account has been disabled: ask your organisation.' });
    }
    const outbox = await deps().store.doc.send(
      new QueryCommand({
        TableName: deps().store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :o)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, 'sally'), ':o': 'OUTBOX#' },
      }),
    );
    expect((outbox.Items ?? []).filter((i) => i.type === 'grantee.left').map((i) => i.data)).toEqual([{ patientId: 'sally', granteeType: 'person', granteeId: 'miriam' }]);
    // Nothing deleted: the entry and Sally's grant are still there, the grant no longer reaching anyone.
    expect(await entry('miriam')).toMatchObject({ name: { given: 'Miriam', family: 'Okafor' }, status: 'disabled' });
    const grants = (await t.call({ method: 'GET', path: '/patients/me/grants', token: sally })).body as { items: { grantId: string }[] };
    expect(grants.items.map((g) => g.grantId)).toContain((shared.body as { grantId: string }).grantId);
    // Disabling again changes nothing more (no second message to Sally).
    expect((await t.call({ method: 'POST', path: '/borough/users/miriam/disable', token: await t.tokenFor('operator') })).status).toBe(200);
    const again = await deps().store.doc.send(
      new QueryCommand({
        TableName: deps().store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :o)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, 'sally'), ':o': 'OUTBOX#' },
      }),
    );
    expect((again.Items ?? []).filter((i) => i.type === 'grantee.left')).toHaveLength(1);
  });

  it('lets nobody disable themselves, and answers 404 for nobody', async () => {
    expect((await t.call({ method: 'POST', path: '/borough/users/operator/disable', token: await t.tokenFor('operator') })).status).toBe(403);
    expect((await t.call({ method: 'POST', path: '/borough/users/nobody-here/disable', token: await t.tokenFor('operator') })).status).toBe(404);
  });

  it('finds people for the operator by name, NHS number or email (at least 2 characters)', async () => {
    const token = await t.tokenFor('operator');
    const found = (q: string) => t.call({ method: 'GET', path: '/borough/users', token, query: `q=${encodeURIComponent(q)}` });
    expect(((await found('okaf')).body as { items: { userId: string }[] }).items.map((p) => p.userId)).toEqual(['miriam']);
    expect(((await found('999 000 0018')).body as { items: { userId: string }[] }).items.map((p) => p.userId)).toEqual(['sally']);
    expect((await found('o')).body).toMatchObject({ status: 422, errors: [{ field: 'query.q' }] });
  });
});
