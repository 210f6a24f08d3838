import { verifyBoroughAudit } from '../../shared/store/audit-verify';
import { TEST_KEYRING } from '../support/audit-key';
import { REFUSAL_LOG_LIMIT } from '../../shared/domain/refusal-log';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, unknown>;

/**
 * A flood of refusals by one caller cannot bury a patient's access log: the first refusals of a window
 * are logged one by one, the rest are counted and summarised in one entry; every answer stays the 404
 * of any refusal (a different answer would tell the caller that the record exists).
 */
describe('a flood of refused attempts on DynamoDB Local', () => {
  let t: TestPlatform;
  let now = new Date('2026-11-23T12:00:00.000Z');
  const tokens: Record<string, string> = {};
  const { perWindow, windowMs } = REFUSAL_LOG_LIMIT;
  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    for (const user of ['sally', 'andre', 'miriam']) tokens[user] = await t.tokenFor(user);
    // Two clinicians of no team Sally shares with.
    tokens.mallory = await t.issuer.sign({ id: 'mallory', borough: BOROUGH, roles: ['clinician'], org: 'elft-bank' });
    tokens.trudy = await t.issuer.sign({ id: 'trudy', borough: BOROUGH, roles: ['clinician'], org: 'elft-bank' });
  });
  afterAll(() => t.stop());

  const tick = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  const readPlan = (user: string, patient = 'sally') => t.call({ method: 'GET', path: `/patients/${patient}/plan`, token: tokens[user]! });
  const accessLog = async (patient = 'sally') => ((await t.call({ method: 'GET', path: '/patients/me/access-log', token: tokens[patient]!, query: 'limit=100' })).body as { items: Json[] }).items;
  const byActor = async (actorId: string, patient = 'sally') => (await accessLog(patient)).filter((e) => e.actorId === actorId).reverse();

  it('logs the first refusals of a window one by one, then one rate-limited entry; every answer is the same 404', async () => {
    // Act: 25 refused reads in two and a half minutes.
    const answers = [];
    for (let i = 0; i < 25; i++) {
      const res = await readPlan('mallory');
      answers.push([res.status, res.headers['content-type'], (res.body as Json).detail]);
      tick(6_000);
    }
    // Assess
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual([404, 'application/problem+json', expect.stringMatching(/No such patient record/)]);
    const logged = await byActor('mallory');
    expect(logged.map((e) => e.reason)).toEqual([...Array(perWindow).fill('no-grant'), 'rate-limited']);
    expect(await verifyBoroughAudit(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, TEST_KEYRING, { patientId: 'sally' })).toEqual([expect.objectContaining({ problems: [] })]);
  });

  it('another caller is logged as before, whatever the flood', async () => {
    const before = (await byActor('andre')).length;
    await readPlan('andre');
    expect((await byActor('andre')).length).toBe(before + 1);
  });

  it('summarises the held-back refusals in one entry when the caller is next logged, after the window', async () => {
    const held = 25 - perWindow - 1;
    tick(windowMs);
    // Act: the caller's next refusal, in a new window.
    const res = await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token: tokens.mallory! });
    // Assess
    expect(res.status).toBe(404);
    const logged = await byActor('mallory');
    expect(logged.slice(-2)).toEqual([
      expect.objectContaining({
        decision: 'deny',
        reason: 'rate-limited',
        action: 'plan:read',
        operation: 'GET /patients/{patientId}/plan',
        refusals: { count: held, from: expect.any(String), to: expect.any(String) },
      }),
      expect.objectContaining({ decision: 'deny', reason: 'no-grant', action: 'crisis-plan:read' }),
    ]);
    const summary = logged.at(-2)!.refusals as { from: string; to: string };
    expect(Date.parse(summary.to) - Date.parse(summary.from)).toBe((held - 1) * 6_000);
    expect(await verifyBoroughAudit(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, TEST_KEYRING, { patientId: 'sally' })).toEqual([expect.objectContaining({ problems: [] })]);
  });

  it('counts every refusal of a concurrent flood exactly once: logged, or in the summary', async () => {
    tick(windowMs);
    // Act: 30 refusals at once, then one more after the window to write their summary.
    const answers = await Promise.all(Array.from({ length: 30 }, () => readPlan('trudy')));
    tick(windowMs);
    await readPlan('trudy');
    // Assess
    expect(answers.every((a) => a.status === 404)).toBe(true);
    const logged = await byActor('trudy');
    const one = logged.filter((e) => !e.refusals);
    const summarised = logged.reduce((n, e) => n + ((e.refusals as { count: number } | undefined)?.count ?? 0), 0);
    expect(one.length - 1 + summarised).toBe(30);
    expect(one.length - 1).toBe(perWindow + 1);
    expect(await verifyBoroughAudit(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, TEST_KEYRING, { patientId: 'sally' })).toEqual([expect.objectContaining({ problems: [] })]);
    // 30 contending writes at once: on DynamoDB Local late in the suite this takes more than 30 s.
  }, 120_000);

  it("summarises them before the same caller's next allowed access", async () => {
    tick(windowMs);
    for (let i = 0; i < perWindow + 3; i++) await readPlan('mallory', 'andre');
    // Andre shares his plan with mallory's team; her next read is allowed and logged after the summary.
    expect((await t.call({ method: 'POST', path: '/patients/me/grants', token: tokens.andre!, body: { grantee: { type: 'organisation', org: 'elft' }, scopes: ['plan:read'] } })).status).toBe(201);
    const mallory = await t.issuer.sign({ id: 'mallory', borough: BOROUGH, roles: ['clinician'], org: 'elft' });
    expect((await t.call({ method: 'GET', path: '/patients/andre/plan', token: mallory })).status).toBe(200);
    const logged = await byActor('mallory', 'andre');
    expect(logged.slice(-2).map((e) => [e.decision, e.reason, (e.refusals as { count: number } | undefined)?.count])).toEqual([
      ['deny', 'rate-limited', 2],
      ['allow', 'grant', undefined],
    ]);
    expect(await verifyBoroughAudit(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, TEST_KEYRING, { patientId: 'andre' })).toEqual([expect.objectContaining({ problems: [] })]);
  });
});
