import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const check = (...args: string[]) =>
  spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/clinical-safety.ts'), 'check', ...args], { encoding: 'utf8', timeout: 60_000 });

/**
 * `npm run safety:check` as `npm test` runs it, on the real hazard log: a control whose test is not in
 * the results fails it, naming the hazard (issue 21: "removing or renaming a control's test makes npm
 * test fail with a message naming the hazard").
 */
describe('npm run safety:check', () => {
  it('fails naming each hazard whose control’s test is not in the results, and says how to get results when there are none', () => {
    // Prepare: results of a run that held none of the controls' tests.
    const results = join(mkdtempSync(join(tmpdir(), 'safety-')), 'jest.json');
    writeFileSync(
      results,
      JSON.stringify({ testResults: [{ name: join(ROOT, 'test/unit/plan.test.ts'), assertionResults: [{ fullName: 'plan changes every change bumps the version', status: 'passed' }] }] }),
    );
    // Act
    const run = check('--results', results);
    const none = check('--results', join(tmpdir(), 'no-such-results.json'));
    // Assess
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('clinical safety: H-01 "A red alert is not delivered": control "A red update and its alert event are written in one transaction');
    expect(run.stderr).toMatch(/H-11 "A personal health budget is overspent, or money is lost between states": control .*test\/concurrency\/phb-concurrency\.test\.ts is not in the test results/);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/no test results in .*no-such-results\.json: run `npm test` first/);
  });
});
