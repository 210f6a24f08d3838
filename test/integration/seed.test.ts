import { seedBorough } from '../../infra/local/seed';
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

  it('Sally has a PHB allocation for this financial year', async () => {
    const budget = await t.call({ method: 'GET', path: '/patients/me/budget', token: await t.tokenFor('sally') });
    expect(budget.body).toMatchObject({ allocatedPence: 100000, remainingPence: 100000 });
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
});
