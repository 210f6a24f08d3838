import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { demoUsers } from '../../infra/local/demo-users';
import type { BoroughRuntime } from '../../infra/local/platform';
import { seedBorough } from '../../infra/local/seed';
import { seedStartupSynthetic } from '../../infra/local/startup-synthetic';
import type { SeedResult } from '../../infra/local/synthetic';
import { syntheticPatientId } from '../../infra/local/synthetic-people';
import { isValidNhsNumber } from '../../shared/domain/nhs-number';
import type { OutcomeReport } from '../../shared/domain/outcomes';
import { listDirectory } from '../../shared/store/directory-repository';
import { nhsNumberKey } from '../../shared/store/keys';
import { rebuildOutcomes } from '../../shared/store/outcomes-rebuild';
import { readCurrentAggregates } from '../../shared/store/outcomes-repository';
import { scanAll } from '../../shared/store/query-all';
import { pdfText } from '../support/pdf-text';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

describe('the demo seed', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
    const runtime = t.platform.boroughs.get(BOROUGH)!;
    await seedBorough(runtime);
    await seedBorough(runtime); // idempotent
  });
  afterAll(() => t.stop());

  it("Sally's plan has three goals with their history, once however often it is seeded", async () => {
    const plan = (await t.call({ method: 'GET', path: '/patients/sally/plan', token: await t.tokenFor('miriam') })).body as { goals: { goalId: string; rag?: { status: string } }[] };
    expect(plan.goals.map((g) => g.goalId)).toEqual(['seed-goal-walk', 'seed-goal-sleep', 'seed-goal-paint']);
    expect(plan.goals.map((g) => g.rag?.status)).toEqual(['green', 'orange', 'green']);
    const history = (await t.call({ method: 'GET', path: '/patients/sally/goals/seed-goal-sleep/updates', token: await t.tokenFor('miriam') })).body as { items: { status: string }[] };
    expect(history.items.map((u) => u.status)).toEqual(['orange', 'orange', 'red']);
  });

  it("Sally has a PHB allocation for this financial year, the first line of her budget's statement", async () => {
    const budget = await t.call({ method: 'GET', path: '/patients/me/budget', token: await t.tokenFor('sally') });
    expect(budget.body).toMatchObject({ allocatedPence: 100000, remainingPence: 100000 });
    const statement = await t.call({ method: 'GET', path: '/patients/me/budget/movements', token: await t.tokenFor('sally') });
    expect(statement.body).toMatchObject({ items: [{ kind: 'allocated', change: { allocatedPence: 100000, remainingPence: 100000 }, by: { name: 'Tom Fielding' } }] });
  });

  it('Sally shares her plan with miriam and coach, and her crisis plan with paramedics on request', async () => {
    const grants = await t.call({ method: 'GET', path: '/patients/me/grants', token: await t.tokenFor('sally') });
    const items = (grants.body as { items: { grantee: { type: string; userId?: string }; state: string }[] }).items;
    expect(items.map((g) => g.grantee.userId ?? (g.grantee as { org?: string }).org ?? g.grantee.type).sort()).toEqual(['beechwood-practice', 'coach', 'emergency', 'miriam']);
    expect(items.every((g) => g.state === 'active')).toBe(true);

    expect((await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token: await t.tokenFor('miriam') })).status).toBe(200);
    expect((await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token: await t.tokenFor('coach') })).status).toBe(404);
    const miriams = await t.call({ method: 'GET', path: '/me/patients', token: await t.tokenFor('miriam') });
    expect(miriams.body).toMatchObject({ items: [{ patientId: 'sally' }] });

    const paramedic = await t.tokenFor('paramedic');
    expect((await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token: paramedic })).status).toBe(404);
    expect((await t.call({ method: 'POST', path: '/patients/sally/emergency-access', token: paramedic, body: { reason: 'Found unwell at the bus stop' } })).status).toBe(201);
    expect((await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token: paramedic })).status).toBe(200);
  });

  it("Sally's printed crisis card names her crisis contacts with their numbers", async () => {
    const res = await t.call({ method: 'GET', path: '/patients/me/crisis-plan/card.pdf', token: await t.tokenFor('sally') });
    const { text } = pdfText(Buffer.from(res.raw.body ?? '', 'base64'));
    for (const words of ['Crisis card: Sally Brown', 'Jo (sister): 07700 900461', 'Crisis line (ELFT crisis line): 0800 073 0003', 'Last changed 5 January 2026']) expect(text).toContain(words);
  });
});

describe("npm start's synthetic patients", () => {
  const PATIENTS = 60;
  let t: TestPlatform;
  let runtime: BoroughRuntime;
  let first: SeedResult;
  beforeAll(async () => {
    t = await startTestPlatform();
    runtime = t.platform.boroughs.get(BOROUGH)!;
    first = await seedStartupSynthetic(runtime, PATIENTS);
  }, 120_000);
  afterAll(() => t.stop());

  const synthetic = async () => (await listDirectory(runtime.deps.store, BOROUGH)).filter((p) => p.userId.startsWith('synth-'));

  it('each has a fictional name, an adult date of birth and a valid 999-range NHS number of their own, linked to them', async () => {
    expect(first).toMatchObject({ seeded: PATIENTS, skipped: 0 });
    const people = await synthetic();
    expect(people.map((p) => p.userId)).toEqual(Array.from({ length: PATIENTS }, (_, k) => syntheticPatientId(k + 1)));
    const today = runtime.deps.clock();
    for (const p of people) {
      expect(p).toMatchObject({ roles: ['patient'], name: { given: expect.stringMatching(/^[A-Z][a-z]+$/), family: expect.stringMatching(/^[A-Z][a-z]+$/) } });
      const age = (today.getTime() - Date.parse(p.birthDate!)) / (365.25 * 86_400_000);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThan(81);
      expect(isValidNhsNumber(p.nhsNumber!)).toBe(true);
      expect(p.nhsNumber).toMatch(/^9991\d{6}$/);
      const { Item } = await runtime.deps.store.doc.send(new GetCommand({ TableName: runtime.deps.store.tableName, Key: nhsNumberKey(BOROUGH, p.nhsNumber!) }));
      expect(Item?.patientId).toBe(p.userId);
    }
    const numbers = people.map((p) => p.nhsNumber);
    expect(new Set(numbers).size).toBe(PATIENTS);
    for (const demo of demoUsers(BOROUGH)) expect(numbers).not.toContain(demo.nhsNumber);
    // Not one name for everybody: the names vary.
    expect(new Set(people.map((p) => `${p.name!.given} ${p.name!.family}`)).size).toBeGreaterThan(PATIENTS / 2);
    // The platform itself reads the name back: the patient's own GET /me.
    const me = await t.call({ method: 'GET', path: '/me', token: await t.issuer.sign({ id: people[0]!.userId, roles: ['patient'], borough: BOROUGH }) });
    expect(me.body).toMatchObject({ person: { name: `${people[0]!.name!.given} ${people[0]!.name!.family}` } });
  });

  it('have a year of plans, RAG history, measurements, ReQoL-10 and PHB requests, some shared with miriam and the Core Sport coach', async () => {
    const items = await scanAll(runtime.deps.store, {});
    const entities = new Set(items.filter((i) => /#P#synth-/.test(String(i.pk))).map((i) => String(i.entity)));
    for (const entity of ['plan', 'rag-update', 'measurement', 'health-summary', 'reqol', 'phb-request', 'budget', 'grant', 'log-entry']) expect(entities).toContain(entity);
    const oldest = items.filter((i) => i.entity === 'rag-update').reduce((min, i) => (String(i.at) < min ? String(i.at) : min), '9999');
    expect(Date.parse(oldest)).toBeLessThan(runtime.deps.clock().getTime() - 365 * 86_400_000);

    for (const staff of ['miriam', 'coach']) {
      const mine = await t.call({ method: 'GET', path: '/me/patients', token: await t.tokenFor(staff), query: 'limit=100' });
      const shared = (mine.body as { items: { patientId: string; scopes: string[] }[] }).items.filter((p) => p.patientId.startsWith('synth-'));
      expect(shared.length).toBeGreaterThan(0);
      expect(shared.every((p) => p.scopes.includes('plan:read') && p.scopes.includes('health:read'))).toBe(true);
      // What was shared reads back through the API, health summary included.
      const patientId = shared[0]!.patientId;
      expect((await t.call({ method: 'GET', path: `/patients/${patientId}/plan`, token: await t.tokenFor(staff) })).status).toBe(200);
      const health = await t.call({ method: 'GET', path: `/patients/${patientId}/health-summary`, token: await t.tokenFor(staff) });
      expect(health.status).toBe(200);
    }
    const queue = await t.call({ method: 'GET', path: '/phb-requests', token: await t.tokenFor('advisor'), query: 'status=submitted&limit=100' });
    expect((queue.body as { items: { patientId: string }[] }).items.some((r) => r.patientId.startsWith('synth-'))).toBe(true);
  });

  it('the outcome report has figures at once, the same as a rebuild from the raw items gives', async () => {
    const report = (await t.call({ method: 'GET', path: '/borough/outcomes', token: await t.tokenFor('operator') })).body as OutcomeReport;
    expect(report.patients.onPlatform).toBeGreaterThan(PATIENTS / 2);
    expect(report.cohort.patients).toBeGreaterThan(5);
    expect(report.cohort.closedGoals).toBeGreaterThan(5);
    expect(report.patients.activeByMonth.filter((m) => m.patients !== null).length).toBeGreaterThan(0);
    const counted = await readCurrentAggregates(runtime.deps.store, BOROUGH);
    await rebuildOutcomes(runtime.deps.store, BOROUGH, runtime.config.reqol);
    expect(await readCurrentAggregates(runtime.deps.store, BOROUGH)).toEqual(counted);
  });

  it('seeding again, as a start with a kept database does, adds nothing and leaves what people changed', async () => {
    // A patient moves a goal on before the next start.
    const token = await t.issuer.sign({ id: syntheticPatientId(2), roles: ['patient'], borough: BOROUGH });
    const plan = (await t.call({ method: 'GET', path: '/patients/me/plan', token })).body as { goals: { goalId: string }[] };
    const goalId = plan.goals[0]!.goalId;
    expect((await t.call({ method: 'POST', path: `/patients/me/goals/${goalId}/updates`, token, body: { status: 'green', note: 'A better week' } })).status).toBe(201);
    const before = await scanAll(runtime.deps.store, {});

    const again = await seedStartupSynthetic(runtime, PATIENTS);

    expect(again).toEqual({ seeded: 0, skipped: PATIENTS, items: 0 });
    expect(await scanAll(runtime.deps.store, {})).toEqual(before);
    const after = (await t.call({ method: 'GET', path: '/patients/me/plan', token })).body as { goals: { goalId: string; rag?: { status: string } }[] };
    expect(after.goals.find((g) => g.goalId === goalId)?.rag?.status).toBe('green');
  });
});
