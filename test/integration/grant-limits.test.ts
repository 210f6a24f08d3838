import { MAX_LIVE_GRANTS } from '../../shared/domain/grant';
import { putDirectoryUser } from '../../shared/store/directory-repository';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, unknown>;

/** A patient's flower is bounded, and the list of their grants comes in pages. */
describe('grants: bounded per patient, listed in pages', () => {
  let t: TestPlatform;
  let andre: string;
  beforeAll(async () => {
    t = await startTestPlatform();
    andre = await t.tokenFor('andre');
    // Staff of the directory to share with (a grant to anyone else is a 422).
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const worker = (userId: string) => ({ userId, roles: ['clinician' as const], org: 'core-sport', name: { given: 'Worker', family: userId }, roleTitle: 'Support worker' });
    await Promise.all([...Array.from({ length: MAX_LIVE_GRANTS + 10 }, (_, i) => `worker-${i}`), 'one-too-many'].map((id) => putDirectoryUser(store, BOROUGH, worker(id))));
  });
  afterAll(() => t.stop());

  const share = (userId: string) => t.call({ method: 'POST', path: '/patients/me/grants', token: andre, body: { grantee: { type: 'person', userId }, scopes: ['plan:read'] } });
  const list = (query: string) => t.call({ method: 'GET', path: '/patients/me/grants', token: andre, query });

  it(`refuses a petal beyond ${MAX_LIVE_GRANTS} in force, naming the field, and takes one again once a petal is removed`, async () => {
    // Prepare
    for (let i = 0; i < MAX_LIVE_GRANTS; i++) expect((await share(`worker-${i}`)).status).toBe(201);
    // Act
    const over = await share('one-too-many');
    // Assess
    expect(over.status).toBe(422);
    expect((over.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body.grantee']);
    const first = ((await list('limit=1')).body as { items: Json[] }).items[0]!;
    const removed = await t.call({ method: 'DELETE', path: `/patients/me/grants/${String(first.grantId)}`, token: andre, headers: { 'if-match': `"${String(first.version)}"` } });
    expect(removed.status).toBeLessThan(300);
    expect((await share('one-too-many')).status).toBe(201);
  });

  it('lists every grant exactly once across pages, revoked ones included', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      const body = page.body as { items: Json[]; nextCursor?: string };
      expect(body.items.length).toBeLessThanOrEqual(7);
      seen.push(...body.items.map((g) => String(g.grantId)));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen.length).toBe(MAX_LIVE_GRANTS + 1);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('pages the FHIR view too, with a next link, and refuses a cursor it did not give out', async () => {
    const fhir = await list('format=fhir&limit=5');
    const bundle = fhir.body as { entry: unknown[]; link?: { relation: string; url: string }[] };
    expect(bundle.entry).toHaveLength(5);
    expect(bundle.link?.find((l) => l.relation === 'next')?.url).toMatch(/format=fhir/);
    const bad = await list('cursor=bm90LW91cnM');
    expect(bad.status).toBe(422);
  });
});
