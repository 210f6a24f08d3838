import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_NHS_NUMBERS } from '../../infra/local/seed';
import { seedBorough } from '../../infra/local/seed';
import { patientPartition } from '../../shared/store/keys';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';
import type { Json } from '../support/json';
import { gpBundle, gpObservation } from '../support/gp-observations';

/** Sally as a GP system names her. */
const NHS = { identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: DEMO_NHS_NUMBERS.sally } };
const obs = (id: string, code: string, value: Json, extra: Json = {}) => gpObservation(id, code, DEMO_NHS_NUMBERS.sally, { ...value, ...extra });
const bmi = (id: string, v: number, extra: Json = {}) => obs(id, '39156-5', { valueQuantity: { value: v, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' } }, extra);
const bundle = gpBundle;

describe('physical health, GP import and ReQoL-10 on DynamoDB Local', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const as = (u: string) => tokens[u]!;
  beforeAll(async () => {
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    for (const u of ['sally', 'andre', 'miriam', 'coach', 'adam', 'gp-system']) tokens[u] = await t.tokenFor(u);
  });
  afterAll(() => t.stop());

  const sallysItems = async (prefix: string) => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const { Items = [] } = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, 'sally'), ':s': prefix },
      }),
    );
    return Items;
  };
  const importBundle = (body: unknown, user = 'gp-system') => t.call({ method: 'POST', path: '/imports/gp', token: as(user), body });

  it('imports a GP bundle with a result per entry: good, duplicate, malformed, unknown patient', async () => {
    const unknown = { ...bmi('obs-unknown', 27), resource: { ...bmi('obs-unknown', 27).resource, subject: { identifier: { ...NHS.identifier, value: '9990000034' } } } };
    const badNhs = { ...bmi('obs-badnhs', 27), resource: { ...bmi('obs-badnhs', 27).resource, subject: { identifier: { ...NHS.identifier, value: '9990000019' } } } };
    const res = await importBundle(
      bundle([
        bmi('obs-1', 31.2),
        obs('obs-2', '85354-9', {
          component: [
            { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 146, code: 'mm[Hg]' } },
            { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 92, code: 'mm[Hg]' } },
          ],
        }),
        obs('obs-3', '29463-7', { valueQuantity: { value: 88000, code: 'g' } }),
        obs('obs-4', '72166-2', { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '77176002' }] } }),
        bmi('obs-1', 31.2),
        bmi('obs-5', 300),
        { resource: { resourceType: 'Patient', id: 'p' } },
        obs('obs-6', '39156-5', { valueQuantity: { value: 25, code: 'kg/m2' } }, { effectiveDateTime: 'yesterday' }),
        unknown,
        badNhs,
        obs('obs-7', '8302-2', { valueQuantity: { value: 1.7, code: 'm' } }),
      ]),
    );
    expect(res.status).toBe(200);
    const body = res.body as { results: Json[]; created: number; duplicate: number; rejected: number };
    expect(body.results.map((r) => [r.index, r.result])).toEqual([
      [0, 'created'],
      [1, 'created'],
      [2, 'created'],
      [3, 'created'],
      [4, 'duplicate'],
      [5, 'rejected'],
      [6, 'rejected'],
      [7, 'rejected'],
      [8, 'rejected'],
      [9, 'rejected'],
      [10, 'created'],
      [11, 'patient'],
      [12, 'patient'],
    ]);
    expect(body.results[5]!.reason).toMatch(/not a possible BMI/);
    expect(body.results[6]!.reason).toBe('Patient has no identifier with system https://fhir.nhs.uk/Id/nhs-number');
    expect(body.results[7]!.reason).toMatch(/effectiveDateTime/);
    expect(body.results[8]!.reason).toBe('no patient with this NHS number and date of birth has shared health data with your organisation');
    expect(body.results[9]!.reason).toMatch(/modulus 11/);
    expect([body.created, body.duplicate, body.rejected]).toEqual([5, 1, 5]);
    // Only what was created is stored: five measurements and five markers, nothing of the rest.
    expect(await sallysItems('MEAS#')).toHaveLength(5);
    expect(await sallysItems('EXT#')).toHaveLength(5);
    const weights = (await sallysItems('MEAS#weight#')).map((m) => m.value);
    expect(weights).toEqual([88]);
  });

  it('re-sending the same Observations creates nothing new', async () => {
    const again = await importBundle(bundle([bmi('obs-1', 31.2), bmi('obs-8', 30.5)]));
    expect((again.body as Json).results.map((r: Json) => r.result)).toEqual(['duplicate', 'created', 'patient']);
    expect(await sallysItems('MEAS#bmi#')).toHaveLength(2);
  });

  it('is for integration clients only, and audited in the patient access log', async () => {
    expect((await importBundle(bundle([bmi('obs-x', 25)]), 'miriam')).status).toBe(403);
    expect((await importBundle(bundle([bmi('obs-x', 25)]), 'sally')).status).toBe(403);
    const log = (await t.call({ method: 'GET', path: '/patients/me/access-log', token: as('sally') })).body as { items: Json[] };
    expect(log.items[0]).toMatchObject({ actorId: 'gp-system', actorOrg: 'beechwood-practice', action: 'health:contribute', decision: 'allow', operation: 'POST /imports/gp' });
  });

  it('refuses entries of a patient who did not share with the GP, the same way as an unknown number', async () => {
    const andre = { ...bmi('obs-andre', 24), resource: { ...bmi('obs-andre', 24).resource, subject: { identifier: { ...NHS.identifier, value: DEMO_NHS_NUMBERS.andre } } } };
    const res = await importBundle(bundle([andre]));
    expect((res.body as Json).results).toEqual([
      { index: 0, observationId: 'obs-andre', result: 'rejected', reason: 'no patient with this NHS number and date of birth has shared health data with your organisation' },
      { index: 1, result: 'patient' },
    ]);
  });

  it("refuses Observations whose Patient entry gives a date of birth that is not the patient's, and writes nothing to her record", async () => {
    // Prepare: Sally shared health data with this GP; the bundle gives her NHS number with the day after her birthday.
    const before = await sallysItems('MEAS#');
    // Act
    const res = await importBundle(bundle([bmi('obs-wrong-dob', 22)], { [DEMO_NHS_NUMBERS.sally]: '1984-03-15' }));
    // Assess: the same words as for a number nobody holds; nothing stored; not in her access log.
    expect((res.body as Json).results).toEqual([
      { index: 0, observationId: 'obs-wrong-dob', result: 'rejected', reason: 'no patient with this NHS number and date of birth has shared health data with your organisation' },
      { index: 1, result: 'patient' },
    ]);
    expect(await sallysItems('MEAS#')).toEqual(before);
    expect(await sallysItems('EXT#gp#obs-wrong-dob')).toEqual([]);
    const log = (await t.call({ method: 'GET', path: '/patients/me/access-log', token: as('sally') })).body as { items: Json[] };
    expect(log.items.filter((i) => i.actorId === 'gp-system' && i.decision === 'deny')).toEqual([]);
  });

  it('refuses Observations without a Patient entry giving the date of birth, or with two that disagree, and a Patient entry it cannot read', async () => {
    // Prepare
    const patient = (nhsNumber: string, birthDate?: string) => ({
      resource: { resourceType: 'Patient', identifier: [{ system: NHS.identifier.system, value: nhsNumber }], ...(birthDate ? { birthDate } : {}) },
    });
    const raw = (entry: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry });
    // Act
    const alone = await importBundle(raw([bmi('obs-alone', 23)]));
    const twice = await importBundle(raw([patient(DEMO_NHS_NUMBERS.sally, '1984-03-14'), bmi('obs-twice', 23), patient(DEMO_NHS_NUMBERS.sally, '1948-03-14')]));
    const unread = await importBundle(raw([patient(DEMO_NHS_NUMBERS.sally), patient('9990000019', '1984-03-14'), patient(DEMO_NHS_NUMBERS.sally, '1984-02-31'), bmi('obs-unread', 23)]));
    // Assess
    expect((alone.body as Json).results).toEqual([
      { index: 0, observationId: 'obs-alone', result: 'rejected', reason: "Observation's NHS number has no Patient entry in this bundle giving the patient's birthDate" },
    ]);
    expect((twice.body as Json).results).toEqual([
      { index: 0, result: 'patient' },
      { index: 1, observationId: 'obs-twice', result: 'rejected', reason: "Observation's NHS number has Patient entries with different birthDates in this bundle" },
      { index: 2, result: 'rejected', reason: 'Patient gives another birthDate for an NHS number named earlier in this bundle' },
    ]);
    expect((unread.body as Json).results.map((r: Json) => r.reason)).toEqual([
      'Patient has no full birthDate (YYYY-MM-DD)',
      'Patient has an NHS number that fails the modulus 11 check',
      'Patient has no full birthDate (YYYY-MM-DD)',
      "Observation's NHS number has no Patient entry in this bundle giving the patient's birthDate",
    ]);
    expect(await sallysItems('EXT#gp#obs-')).toHaveLength(6);
  });

  it('takes at most 100 Observations in a bundle, besides their Patient entries', async () => {
    const many = (n: number) => bundle(Array.from({ length: n }, (_, i) => bmi(`obs-many-${i}`, 24)));
    const over = await importBundle(many(101));
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ errors: [{ field: 'body.entry', detail: 'must hold at most 100 Observations' }] });
    expect(await sallysItems('EXT#gp#obs-many-')).toEqual([]);
  });

  it('flags the latest measurements in the summary against the borough thresholds', async () => {
    const summary = (await t.call({ method: 'GET', path: '/patients/sally/health-summary', token: as('miriam') })).body as Json;
    expect(summary.flags).toEqual(['blood-pressure-high', 'bmi-high', 'smoker']);
    expect(summary.latest.bmi).toMatchObject({ value: 30.5, source: 'gp-import', unit: 'kg/m2' });
    expect(summary.latest.height).toMatchObject({ value: 170 });
  });

  it('records a measurement from the patient (BMI from weight and height) and refuses the impossible', async () => {
    const ok = await t.call({ method: 'POST', path: '/patients/me/measurements', token: as('sally'), body: { type: 'bmi', weightKg: 80, heightCm: 170, at: '2026-11-20T08:00:00Z' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ type: 'bmi', value: 27.7, unit: 'kg/m2', source: 'self', author: { userId: 'sally' }, flags: [] });
    expect(ok.body).not.toHaveProperty('pk');
    const impossible = await t.call({ method: 'POST', path: '/patients/me/measurements', token: as('sally'), body: { type: 'blood-pressure', systolic: 120, diastolic: 130 } });
    expect(impossible.status).toBe(422);
    expect(impossible.body).toMatchObject({ errors: [{ field: 'body.diastolic' }] });
    const typo = await t.call({ method: 'POST', path: '/patients/me/measurements', token: as('sally'), body: { type: 'weight', value: 7000 } });
    expect(typo.status).toBe(422);
    expect(typo.body).toMatchObject({ errors: [{ field: 'body.value', detail: expect.stringMatching(/not a possible weight/) }] });
    const summary = (await t.call({ method: 'GET', path: '/patients/me/health-summary', token: as('sally') })).body as Json;
    expect(summary.latest.bmi).toMatchObject({ value: 27.7, source: 'self' });
    expect(summary.flags).not.toContain('bmi-high');
  });

  it('trends paginate oldest first between from and to', async () => {
    for (const [i, day] of ['2026-09-01', '2026-09-15', '2026-10-01', '2026-10-15'].entries()) {
      await t.call({ method: 'POST', path: '/patients/me/measurements', token: as('sally'), body: { type: 'wellbeing', value: i + 5, at: `${day}T10:00:00Z` } });
    }
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const res = await t.call({
        method: 'GET',
        path: '/patients/sally/measurements',
        token: as('miriam'),
        query: `type=wellbeing&from=2026-09-10&to=2026-10-15&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      });
      expect(res.status).toBe(200);
      const page = res.body as { items: Json[]; nextCursor?: string };
      seen.push(...page.items.map((m) => m.value));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([6, 7, 8]);
    const fhir = await t.call({ method: 'GET', path: '/patients/sally/measurements', token: as('miriam'), query: 'type=blood-pressure&format=fhir' });
    expect((fhir.body as Json).entry[0].resource).toMatchObject({
      resourceType: 'Observation',
      code: { coding: [{ code: '85354-9' }] },
      component: [{ valueQuantity: { value: 146 } }, { valueQuantity: { value: 92 } }],
    });
    expect((await t.call({ method: 'GET', path: '/patients/sally/measurements', token: as('miriam'), query: 'type=pulse' })).status).toBe(422);
  });

  it('respects consent: health:read to read, health:contribute to record; others see nothing', async () => {
    expect((await t.call({ method: 'GET', path: '/patients/sally/health-summary', token: as('adam') })).status).toBe(404);
    expect((await t.call({ method: 'GET', path: '/patients/sally/measurements', token: as('andre'), query: 'type=bmi' })).status).toBe(404);
    // coach may read (health:read) but not record.
    expect((await t.call({ method: 'GET', path: '/patients/sally/health-summary', token: as('coach') })).status).toBe(200);
    expect((await t.call({ method: 'POST', path: '/patients/sally/measurements', token: as('coach'), body: { type: 'exercise', value: 90 } })).status).toBe(404);
  });

  it('scores ReQoL-10 with the clinical range and the change since the first response', async () => {
    // Andre, whose demo record has no ReQoL yet (Sally's has), lets Miriam see his health checks.
    expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: as('andre'), body: { grantee: { type: 'person', userId: 'miriam' }, scopes: ['health:read'] } })).status).toBe(201);
    const post = (scores: number[], at: string) => t.call({ method: 'POST', path: '/patients/me/questionnaires', token: as('andre'), body: { scores, at } });
    const first = await post([2, 2, 2, 2, 1, 2, 2, 2, 2, 1], '2026-03-01T10:00:00Z');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ total: 18, clinicalRange: true, changeSinceFirst: 0, reliable: 'no-reliable-change' });
    const later = await post([3, 3, 3, 2, 3, 3, 2, 3, 3, 2], '2026-09-01T10:00:00Z');
    expect(later.body).toMatchObject({ total: 27, clinicalRange: false, changeSinceFirst: 9, reliable: 'improved' });
    expect((await t.call({ method: 'POST', path: '/patients/me/questionnaires', token: as('andre'), body: { scores: [5, 2, 2, 2, 1, 2, 2, 2, 2, 1] } })).status).toBe(422);
    expect((await t.call({ method: 'POST', path: '/patients/me/questionnaires', token: as('andre'), body: { scores: [2, 2] } })).status).toBe(422);
    expect((await t.call({ method: 'POST', path: '/patients/andre/questionnaires', token: as('miriam'), body: { scores: [2, 2, 2, 2, 1, 2, 2, 2, 2, 1] } })).status).toBe(404);

    const list = (await t.call({ method: 'GET', path: '/patients/andre/questionnaires', token: as('miriam') })).body as { items: Json[] };
    expect(list.items.map((r) => [r.total, r.changeSinceFirst])).toEqual([
      [27, 9],
      [18, 0],
    ]);
    const fhir = (await t.call({ method: 'GET', path: '/patients/andre/questionnaires', token: as('miriam'), query: 'format=fhir' })).body as Json;
    expect(fhir.entry[0].resource).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed', item: expect.arrayContaining([{ linkId: 'total', answer: [{ valueInteger: 27 }] }]) });
    const summary = (await t.call({ method: 'GET', path: '/patients/me/health-summary', token: as('andre') })).body as Json;
    expect(summary.reqol).toMatchObject({ first: { total: 18 }, latest: { total: 27, clinicalRange: false, reliable: 'improved' } });
  });

  it("shows the borough's ReQoL-10 wording and scores a person's answers by it; a borough without wording says so", async () => {
    const newcomer = await t.tokenFor('reqol-newcomer');
    const questionnaire = await t.call({ method: 'GET', path: '/questionnaires/reqol-10', token: newcomer });
    expect(questionnaire.status).toBe(200);
    const q = questionnaire.body as { items: { linkId: string; text: string; wording: 'positive' | 'negative' }[]; answers: { value: number; text: string }[]; copyright: string };
    expect(q.items).toHaveLength(10);
    expect(q.answers.map((a) => a.text)).toEqual(['None of the time', 'Only occasionally', 'Sometimes', 'Often', 'Most or all of the time']);
    expect(q.copyright).toContain('University of Sheffield');

    // "Most or all of the time" to every item: 4 for each positive one, 0 for each negative one.
    const allOften = Array(10).fill(4);
    const positives = q.items.filter((i) => i.wording === 'positive').length;
    expect(positives).toBeGreaterThan(0);
    expect(positives).toBeLessThan(10);
    const scored = await t.call({ method: 'POST', path: '/patients/me/questionnaires', token: newcomer, body: { answers: allOften } });
    expect(scored.status).toBe(201);
    expect(scored.body).toMatchObject({ scores: q.items.map((i) => (i.wording === 'positive' ? 4 : 0)), total: 4 * positives });

    const refused = async (body: unknown, field: string, borough?: string) => {
      const res = await t.call({ method: 'POST', path: '/patients/me/questionnaires', token: borough ? await t.tokenFor('reqol-newcomer', borough) : newcomer, body, ...(borough ? { borough } : {}) });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect((res.body as Json).errors.map((e: Json) => e.field)).toEqual([field]);
    };
    await refused({ answers: allOften, scores: allOften }, 'body.scores');
    await refused({}, 'body.answers');
    await refused({ answers: [4, 4] }, 'body.answers');
    // Newham has not added its wording: answers cannot be scored there, and the questionnaire is a 404.
    await refused({ answers: allOften }, 'body.answers', 'newham');
    const missing = await t.call({ method: 'GET', path: '/questionnaires/reqol-10', token: await t.tokenFor('reqol-newcomer', 'newham'), borough: 'newham' });
    expect(missing.status).toBe(404);
    expect((missing.body as Json).detail).toContain('has not added the ReQoL-10 wording');
    // Nothing refused was written: the one response is there.
    const list = (await t.call({ method: 'GET', path: '/patients/me/questionnaires', token: newcomer })).body as { items: Json[] };
    expect(list.items).toHaveLength(1);
  });
});
