import { seedBorough } from '../../infra/local/seed';
import { getPeople, putDirectoryUser } from '../../shared/store/directory-repository';
import type { Json } from '../support/json';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * A member of staff an operator moves to another organisation: the record decides on the organisation
 * the directory names now, not the one their token (up to an hour old in AWS) still names.
 */
describe('a member of staff moved to another organisation', () => {
  let t: TestPlatform;
  let token: string;
  const store = () => t.platform.boroughs.get(BOROUGH)!.deps.store;
  const readAsTheGp = () => t.call({ method: 'GET', path: '/patients/sally/questionnaires', token });

  beforeAll(async () => {
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    // Her token, issued while she worked at Beechwood Practice (Sally shares health data with the practice).
    token = await t.tokenFor('gp-beechwood');
  });
  afterAll(() => t.stop());

  it("reaches the old organisation's grant no more, from the next request, whatever the token says; and the refusal is in the patient's access log", async () => {
    expect((await readAsTheGp()).status).toBe(200);
    const gp = (await getPeople(store(), BOROUGH, ['gp-beechwood'])).get('gp-beechwood')!;
    await putDirectoryUser(store(), BOROUGH, { ...gp, org: 'core-sport' });
    expect((await readAsTheGp()).status).toBe(404);
    const log = (await t.call({ method: 'GET', path: '/patients/me/access-log', token: await t.tokenFor('sally') })).body as Json;
    expect(log.items[0]).toMatchObject({ actorId: 'gp-beechwood', actorOrg: 'core-sport', decision: 'deny' });
    // Moved back, she reaches it again.
    await putDirectoryUser(store(), BOROUGH, gp);
    expect((await readAsTheGp()).status).toBe(200);
  });
});
