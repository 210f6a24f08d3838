import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { demoUsers } from '../../infra/local/demo-users';
import { isValidNhsNumber } from '../../shared/domain/nhs-number';
import type { OutcomeReport } from '../../shared/domain/outcomes';
import { scanAll } from '../../shared/store/query-all';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

const ROOT = join(__dirname, '..', '..');

describe('npm run seed and npm run outcomes:rebuild (the CLIs, on DynamoDB Local)', () => {
  let t: TestPlatform;
  let tableName: string;
  const cli = (script: string, args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'infra/ops', script), ...args], { encoding: 'utf8', timeout: 120_000 });
  const seed = (...args: string[]) => cli('seed.ts', ['--borough', BOROUGH, '--endpoint', testEndpoint(), '--table', tableName, ...args]);

  beforeAll(async () => {
    t = await startTestPlatform();
    tableName = t.platform.boroughs.get(BOROUGH)!.deps.store.tableName;
  });
  afterAll(() => t.stop());

  it('seeds synthetic patients with test-range NHS numbers and makes the report right at once', async () => {
    const run = seed('--patients', '30');
    expect(run.stderr).toMatch(/rebuilding the outcome aggregates/);
    expect(run.stdout).toMatch(/^Seeded 30 synthetic patients .* outcome aggregates rebuilt over 30 patients\.$/m);
    expect(run.status).toBe(0);

    const items = await scanAll(t.platform.boroughs.get(BOROUGH)!.deps.store, {});
    // The demo patients' numbers are linked too (the test platform puts them there, as npm start does).
    const demoNumbers = new Set(demoUsers(BOROUGH).flatMap((u) => (u.nhsNumber ? [u.nhsNumber] : [])));
    const nhs = items.filter((i) => i.entity === 'nhs-number' && !demoNumbers.has(String(i.pk).split('#NHS#')[1] ?? ''));
    expect(nhs).toHaveLength(30);
    for (const n of nhs) {
      const number = String(n.pk).split('#NHS#')[1]!;
      expect(isValidNhsNumber(number)).toBe(true);
      expect(number.startsWith('999')).toBe(true);
      expect(String(n.patientId)).toMatch(/^synth-\d{5}$/);
    }
    const patients = new Set(items.map((i) => /#P#(.+)$/.exec(String(i.pk))?.[1]).filter(Boolean));
    expect([...patients].every((p) => /^synth-\d{5}$/.test(p!))).toBe(true);

    // What the platform wrote reads back through the API: the patient's plan, miriam's list.
    const plan = await t.call({ method: 'GET', path: '/patients/me/plan', token: await t.issuer.sign({ id: 'synth-00001', roles: ['patient'], borough: BOROUGH }) });
    expect(plan.status).toBe(200);
    const mine = await t.call({ method: 'GET', path: '/me/patients', token: await t.tokenFor('miriam'), query: 'limit=100' });
    expect(mine.status).toBe(200);
    expect((mine.body as { items: { patientId: string }[] }).items.some((p) => p.patientId.startsWith('synth-'))).toBe(true);

    const report = (await t.call({ method: 'GET', path: '/borough/outcomes', token: await t.tokenFor('operator') })).body as OutcomeReport;
    const active = new Set(items.filter((i) => ['log-entry', 'reqol'].includes(String(i.entity))).map((i) => String(i.pk)));
    expect(report.patients.onPlatform).toBeGreaterThanOrEqual(active.size);
    expect(report.patients.onPlatform).toBeLessThanOrEqual(30);
  }, 180_000);

  it('adds more patients after the first ones, and rebuilds over all of them; the same ones again are left as they are', () => {
    expect(seed('--patients', '10', '--from', '31').status).toBe(0);
    const rebuild = cli('outcomes-rebuild.ts', ['--borough', BOROUGH, '--endpoint', testEndpoint(), '--table', tableName]);
    expect(rebuild.stdout).toMatch(/^Rebuilt the outcome aggregates of city-and-hackney from 40 patients/m);
    expect(rebuild.status).toBe(0);

    const again = seed('--patients', '45');
    expect(again.stdout).toMatch(/^Seeded 5 synthetic patients .* 40 already there left as they were \(--from 46 adds more\); outcome aggregates rebuilt over 45 patients\.$/m);
    expect(again.status).toBe(0);
  }, 180_000);

  it('refuses a deployed borough and a bad count, saying why', () => {
    const aws = cli('seed.ts', ['--borough', BOROUGH, '--patients', '5', '--aws']);
    expect(aws.status).toBe(1);
    expect(aws.stderr).toMatch(/never go into a deployed borough/);
    const bad = seed('--patients', 'many');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^usage: npm run seed/);
  });
});
