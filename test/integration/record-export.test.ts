import { gunzipSync } from 'node:zlib';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { seedBorough } from '../../infra/local/seed';
import { NOT_EXPORTED, EXPORTED_KINDS } from '../../functions/plans/export-resources';
import { patientPartition } from '../../shared/store/keys';
import { issuesOf, issuesOfBundle, loadFhirDefinitions } from '../support/fhir-validator';
import type { Json } from '../support/json';
import { ONE_OF_EACH_MEASUREMENT } from '../support/measurement-bodies';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * The patient's copy of her whole record (and an operator's, for a subject access request): one FHIR
 * R4 Bundle that the official definitions validate, self-contained (`urn:uuid:` references), holding
 * every kind of thing her record holds.
 */
describe('GET /patients/{patientId}/export', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const call = (user: string, method: string, path: string, body?: unknown) => t.call({ method, path, token: tokens[user], ...(body === undefined ? {} : { body }) });
  const ok = async (user: string, method: string, path: string, body?: unknown) => {
    const res = await call(user, method, path, body);
    expect({ path, status: res.status }).toEqual({ path, status: method === 'POST' && !path.endsWith('/read') ? 201 : 200 });
    return res.body as Json;
  };
  const exportOf = async (user: string, patientId: string) => {
    const res = await call(user, 'GET', `/patients/${patientId}/export`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="recovery-record-\d{4}-\d{2}-\d{2}\.json"$/);
    return res.body as Json;
  };
  const resources = (bundle: Json, type?: string): Json[] => (bundle.entry as Json[]).map((e) => e.resource as Json).filter((r) => !type || r.resourceType === type);
  const partition = async (patientId: string): Promise<Json[]> => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const { Items = [] } = await store.doc.send(
      new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, patientId) } }),
    );
    return Items;
  };

  beforeAll(async () => {
    loadFhirDefinitions();
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    for (const u of ['sally', 'andre', 'miriam', 'coach', 'advisor', 'operator', 'paramedic']) tokens[u] = await t.tokenFor(u);
    // Something of every kind Sally's record can hold, through the API as people make it.
    const plan = await ok('sally', 'GET', '/patients/me/plan');
    const goalId = (plan.goals as Json[])[0]!.goalId as string;
    for (const body of ONE_OF_EACH_MEASUREMENT) await ok('sally', 'POST', '/patients/me/measurements', body);
    await ok('sally', 'POST', '/patients/me/questionnaires', { scores: [1, 2, 3, 2, 1, 2, 3, 2, 1, 2] });
    await ok('sally', 'POST', '/patients/me/log', { text: 'A good walk by the canal', mood: 4 });
    await ok('sally', 'POST', `/patients/me/goals/${goalId}/updates`, { status: 'red', note: 'Struggling this week' });
    await ok('miriam', 'POST', `/patients/sally/goals/${goalId}/comments`, { text: 'Well done for saying so' });
    await ok('miriam', 'POST', '/patients/sally/proposals', { kind: 'section', section: 'whatHelpsMeStayWell', text: 'Walks with my sister' });
    await ok('sally', 'POST', '/patients/me/conversations/person:miriam/messages', { text: 'Can we talk on Friday?' });
    await ok('miriam', 'POST', '/patients/sally/conversations/person:miriam/messages', { text: 'Yes, here is the link', videoLink: 'https://video.recovery.example.nhs.uk/room/7' });
    await ok('miriam', 'POST', '/patients/sally/conversations/person:miriam/read', { upTo: 1 });
    await ok('sally', 'POST', '/patients/me/phb-requests', {
      category: 'gym',
      item: 'Gym membership',
      amountPence: 12000,
      goalId,
      whyItHelps: 'Exercise helps my mood',
      alternativesConsidered: 'Running alone',
    });
  });
  afterAll(() => t.stop());

  it('gives Sally her whole record, which validates as FHIR R4 with no issue', async () => {
    const bundle = await exportOf('sally', 'me');
    expect({ resourceType: bundle.resourceType, type: bundle.type }).toEqual({ resourceType: 'Bundle', type: 'collection' });
    expect(issuesOfBundle(bundle)).toEqual({});
    const kinds = new Set(resources(bundle).map((r) => r.resourceType));
    for (const kind of ['Patient', 'CarePlan', 'Goal', 'Observation', 'QuestionnaireResponse', 'Consent', 'AuditEvent', 'Communication', 'Flag', 'Basic', 'Practitioner', 'Appointment'])
      expect(kinds).toContain(kind);
    const [patient] = resources(bundle, 'Patient');
    expect(patient).toMatchObject({
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number' }],
      birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      name: [expect.objectContaining({ family: 'Brown' })],
    });
    // Her words are in it: the crisis plan, the log, the message, the PHB request.
    const text = JSON.stringify(bundle);
    for (const words of ['A good walk by the canal', 'Can we talk on Friday?', 'Exercise helps my mood', 'Struggling this week', 'Walks with my sister']) expect(text).toContain(words);
    expect(resources(bundle, 'CarePlan').map((c) => c.title)).toEqual(expect.arrayContaining(['Me and My Goals', 'My crisis plan']));
  });

  it('stands on its own: absolute urn:uuid fullUrls, and every reference to a resource of the record points at its entry', async () => {
    const bundle = await exportOf('sally', 'me');
    const urls = (bundle.entry as Json[]).map((e) => e.fullUrl as string);
    for (const url of urls) expect(url).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(urls).size).toBe(urls.length);
    const references: string[] = [];
    JSON.stringify(bundle, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string') references.push(value);
      return value;
    });
    expect(references.length).toBeGreaterThan(50);
    expect(references.filter((r) => !urls.includes(r))).toEqual([]);
  });

  it('names people, never by id: each Practitioner and every reference to one carries a name', async () => {
    const bundle = await exportOf('sally', 'me');
    const names = resources(bundle, 'Practitioner').map((p) => (p.name as Json[])[0]!.text as string);
    expect(names).toEqual(expect.arrayContaining(['Miriam Okafor']));
    const miriam = (bundle.entry as Json[]).find((e) => (e.resource as Json).resourceType === 'Practitioner' && (e.resource as Json).id === 'miriam')!;
    const events = resources(bundle, 'AuditEvent').filter((a) => (a.agent as Json[])[0]!.who.reference === miriam.fullUrl);
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]!.agent[0].who.display).toBe('Miriam Okafor');
  });

  it('leaves out no kind of item of a record: each is exported, or named as worked out from what is', async () => {
    const kinds = new Set((await partition('sally')).map((i) => String(i.entity)));
    const unknown = [...kinds].filter((k) => !EXPORTED_KINDS.includes(k) && !Object.hasOwn(NOT_EXPORTED, k));
    expect(unknown).toEqual([]);
    // Sally's record holds every kind that is exported, so that the tests above exercise the mapping of each.
    expect([...kinds]).toEqual(expect.arrayContaining(EXPORTED_KINDS));
  });

  it("answers an operator's subject access request, which her access log shows", async () => {
    const bundle = await exportOf('operator', 'sally');
    expect(issuesOfBundle(bundle)).toEqual({});
    expect(resources(bundle, 'Patient')[0]!.id).toBe('sally');
    const log = await ok('sally', 'GET', '/patients/me/access-log');
    expect(log.items[0]).toMatchObject({ actorId: 'operator', action: 'record:export', operation: 'GET /patients/{patientId}/export', decision: 'allow', reason: 'subject-access' });
  });

  it.each([
    ['her psychotherapist, whatever she shares', 'miriam', 'sally'],
    ['a PHB advisor', 'advisor', 'sally'],
    ['a paramedic', 'paramedic', 'sally'],
    ['another patient', 'andre', 'sally'],
    ['an operator, for no such patient', 'operator', 'nobody-here'],
    ['an operator, for an id like constructor', 'operator', 'constructor'],
    ['an operator, for __proto__', 'operator', '__proto__'],
  ])('is refused to %s (404, as for any record not theirs)', async (_who, user, patientId) => {
    const res = await call(user, 'GET', `/patients/${patientId}/export`);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });

  it('refuses an operator of another borough', async () => {
    const token = await t.issuer.sign({ id: 'operator', borough: 'another-borough', roles: ['operator'] });
    expect((await t.call({ method: 'GET', path: '/patients/sally/export', token })).status).toBeGreaterThanOrEqual(403);
  });

  it('comes gzipped to a client that accepts it (a record of years is megabytes): the same Bundle, a fraction of the bytes', async () => {
    const plain = await call('sally', 'GET', '/patients/me/export');
    const zipped = await t.call({ method: 'GET', path: '/patients/me/export', token: tokens.sally, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect({ status: zipped.status, encoding: zipped.headers['content-encoding'], base64: zipped.raw.isBase64Encoded }).toEqual({ status: 200, encoding: 'gzip', base64: true });
    const bytes = Buffer.from(zipped.raw.body ?? '', 'base64');
    const bundle = JSON.parse(gunzipSync(bytes).toString('utf8')) as Json;
    expect(resources(bundle, 'Patient')[0]!.id).toBe('sally');
    expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify(plain.body)) / 4);
  });

  it('the validator catches a broken resource of the export (so that a pass means something)', async () => {
    const bundle = await exportOf('sally', 'me');
    const event = resources(bundle, 'AuditEvent')[0]!;
    expect(issuesOf(event)).toEqual([]);
    expect(issuesOf({ ...event, recorded: 'last Tuesday' })).not.toEqual([]);
    expect(issuesOf({ ...resources(bundle, 'Basic')[0], created: 'soon' })).not.toEqual([]);
  });

  // Last: Andre's account stays closed.
  it('stays exportable by an operator once the patient closed her account: the record is read-only and kept, and the copy says the account is closed', async () => {
    expect((await call('andre', 'POST', '/patients/me/closure', { confirm: 'close my account' })).status).toBe(200);
    expect((await call('andre', 'GET', '/patients/me/export')).status).toBe(401);
    const bundle = await exportOf('operator', 'andre');
    expect(issuesOfBundle(bundle)).toEqual({});
    expect(resources(bundle, 'Patient')[0]).toMatchObject({ id: 'andre', active: false });
    expect(resources(bundle, 'Consent').every((c) => c.status === 'inactive')).toBe(true);
  });
});
