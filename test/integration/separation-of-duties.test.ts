import { listDirectory } from '../../shared/store/directory-repository';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/** Routes by role that name a person: nobody acts there as staff on themselves. */
describe('separation of duties on routes by role', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
  });
  afterAll(() => t.stop());

  const directoryEntry = async (userId: string) => (await listDirectory(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH)).find((u) => u.userId === userId);

  it.each([
    ['an operator', 'operator', ['operator'] as const],
    ['a patient who is also an operator', 'sally', ['patient', 'operator'] as const],
  ])('%s may not change their own directory entry (their roles), and nothing changes', async (_who, id, roles) => {
    // Prepare
    const token = await t.issuer.sign({ id, borough: BOROUGH, roles: [...roles], org: 'nel-ics' });
    const before = await directoryEntry(id);
    // Act
    const res = await t.call({
      method: 'PUT',
      path: `/borough/users/${id}`,
      token,
      body: { roles: ['operator', 'phb-advisor'], name: { given: 'Own', family: 'Entry' }, org: 'nel-ics', roleTitle: 'Operator' },
    });
    // Assess
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(await directoryEntry(id)).toEqual(before);
  });

  it("an operator still puts other people's entries", async () => {
    const res = await t.call({
      method: 'PUT',
      path: '/borough/users/new-advisor',
      token: await t.tokenFor('operator'),
      body: { roles: ['phb-advisor'], name: { given: 'Nia', family: 'Example' }, org: 'advocacy-project', roleTitle: 'PHB advisor' },
    });
    expect(res.status).toBe(200);
    expect(await directoryEntry('new-advisor')).toEqual({
      userId: 'new-advisor',
      roles: ['phb-advisor'],
      name: { given: 'Nia', family: 'Example' },
      org: 'advocacy-project',
      roleTitle: 'PHB advisor',
    });
  });
});
