import { getPeople, putDirectoryUser } from '../../shared/store/directory-repository';
import { nhsNumberKey } from '../../shared/store/keys';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
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

  it('keeps a disabled person disabled when their entry is put again', async () => {
    await putDirectoryUser(deps().store, BOROUGH, {
      userId: 'leaver',
      roles: ['clinician'],
      name: { given: 'Lee', family: 'Example' },
      org: 'elft',
      roleTitle: 'Nurse',
      status: 'disabled',
      disabledAt: '2026-11-01T00:00:00.000Z',
    });
    const res = await put('leaver', { roles: ['clinician'], name: { given: 'Lee', family: 'Example' }, org: 'elft', roleTitle: 'Senior nurse' });
    expect(res.status).toBe(200);
    expect(await entry('leaver')).toMatchObject({ roleTitle: 'Senior nurse', status: 'disabled', disabledAt: '2026-11-01T00:00:00.000Z' });
  });
});
