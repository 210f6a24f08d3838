import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHazardLog, formatProblem, hazardResults } from '../../scripts/clinical-safety/check';
import { HazardLogError, parseHazardLog } from '../../scripts/clinical-safety/hazard-log';
import { renderSafetyCase } from '../../scripts/clinical-safety/safety-case';
import { TestResultsError, indexTestResults } from '../../scripts/clinical-safety/test-results';

const ROOT = '/repo';

/** A small hazard log: one hazard per control, so each test's problem names its hazard. */
const LOG = `
reviewedOn: 2026-11-30
scope: The platform under test.
hazards:
  - id: H-01
    title: A red alert is not delivered
    causes: [The stream handler fails]
    effects: [Nobody hears of the patient asking for help]
    initial: { severity: major, likelihood: high }
    controls:
      - description: The outbox is written with the update
        file: test/integration/plans.test.ts
        test: "plans a red update writes its outbox event"
    residual: { severity: major, likelihood: low }
    notes: Delivery through a provider is outside the tests.
  - id: H-02
    title: A ReQoL-10 is mis-scored
    causes: [A wrong total]
    effects: [Support withdrawn too early]
    initial: { severity: significant, likelihood: medium }
    controls:
      - description: Ten items are totalled
        file: test/unit/health.test.ts
        test: "ReQoL-10 totals ten items"
    planned: [A check against the licensed questionnaire]
    residual: { severity: significant, likelihood: very low }
`;

/** Jest's JSON results (the parts the check reads, as \`jest --json\` writes them) of the two runs. */
const mainRun = (plans: string, health: string) => ({
  startTime: 1,
  testResults: [
    { name: `${ROOT}/test/integration/plans.test.ts`, message: '', assertionResults: [{ fullName: 'plans a red update writes its outbox event', status: plans }] },
    { name: `${ROOT}/test/unit/health.test.ts`, message: '', assertionResults: [{ fullName: 'ReQoL-10 totals ten items', status: health }] },
  ],
});
const concurrencyRun = { startTime: 2, testResults: [{ name: `${ROOT}/test/concurrency/phb.test.ts`, assertionResults: [{ fullName: 'budgets never overspend', status: 'passed' }] }] };

const FILES = new Set(['test/integration/plans.test.ts', 'test/unit/health.test.ts', 'test/concurrency/phb.test.ts']);
const exists = (file: string) => FILES.has(file);
const log = () => parseHazardLog(LOG, 'hazards.yaml');
const indexOf = (...runs: unknown[]) =>
  indexTestResults(
    runs.map((json, i) => ({ source: `run-${i}.json`, json })),
    ROOT,
  );
const problems = (...runs: unknown[]) => checkHazardLog(log(), indexOf(...runs), exists).map(formatProblem);

describe('the clinical safety check', () => {
  it('passes when every control’s test passed, and writes the report with each control’s status', () => {
    // Prepare
    const index = indexOf(mainRun('passed', 'passed'), concurrencyRun);
    // Act
    const found = checkHazardLog(log(), index, exists);
    const report = renderSafetyCase(log(), hazardResults(log(), index, exists));
    // Assess
    expect(found).toEqual([]);
    expect(report).toContain('Reviewed on 2026-11-30.');
    expect(report).toContain('## H-01: A red alert is not delivered');
    expect(report).toContain('Risk before controls: major (4) × high (4) = **4**: mandatory elimination');
    expect(report).toContain('Risk after controls: major (4) × low (2) = **3**: undesirable');
    expect(report).toContain('- test `test/integration/plans.test.ts`: "plans a red update writes its outbox event": **passed**');
    expect(report).toContain('Planned, not yet a control (not counted in the risk after controls):\n\n- A check against the licensed questionnaire');
    expect(report).toContain('| **very high (5)** | 3 | 4 | 4 | 5 | 5 |');
    expect(report).toContain('| [H-02](#h-02-a-reqol-10-is-mis-scored): A ReQoL-10 is mis-scored | 2 | 1 | 1 of 1 |');
    // The same data gives the same text: the report can be committed and checked.
    expect(renderSafetyCase(log(), hazardResults(log(), indexOf(mainRun('passed', 'passed'), concurrencyRun), exists))).toBe(report);
  });

  it('fails, naming the hazard, its title and the control, when a control’s test does not exist', () => {
    const renamed = mainRun('passed', 'passed');
    renamed.testResults[0]!.assertionResults[0]!.fullName = 'plans a red update writes its event';
    expect(problems(renamed, concurrencyRun)).toEqual([
      'H-01 "A red alert is not delivered": control "The outbox is written with the update" (test/integration/plans.test.ts: "plans a red update writes its outbox event"): no test of that name in test/integration/plans.test.ts (renamed or removed?)',
    ]);
  });

  it('fails when a control’s test was skipped, or is a todo', () => {
    expect(problems(mainRun('passed', 'pending'), concurrencyRun)).toEqual([expect.stringMatching(/^H-02 "A ReQoL-10 is mis-scored": control "Ten items are totalled" .*: the test was skipped$/)]);
    expect(problems(mainRun('passed', 'todo'), concurrencyRun)).toEqual([expect.stringMatching(/^H-02 .*: the test was todo$/)]);
  });

  it('fails when a control’s test failed', () => {
    expect(problems(mainRun('failed', 'passed'), concurrencyRun)).toEqual([expect.stringMatching(/^H-01 "A red alert is not delivered": control .*: the test failed$/)]);
  });

  it('fails when a test of the same name passed and another failed', () => {
    const twice = mainRun('passed', 'passed');
    twice.testResults[1]!.assertionResults.push({ fullName: 'ReQoL-10 totals ten items', status: 'failed' });
    expect(problems(twice, concurrencyRun)).toEqual([expect.stringMatching(/^H-02 .*: the test failed$/)]);
  });

  it('fails when a control’s file did not run, or failed to run', () => {
    const withoutPlans = mainRun('passed', 'passed');
    withoutPlans.testResults.shift();
    expect(problems(withoutPlans, concurrencyRun)).toEqual([expect.stringMatching(/^H-01 .*: its file test\/integration\/plans\.test\.ts is not in the test results \(did it run\?\)$/)]);
    const broken = mainRun('passed', 'passed');
    broken.testResults[0] = { name: `${ROOT}/test/integration/plans.test.ts`, message: '  ● Test suite failed to run\n\n    Cannot find module x', assertionResults: [] };
    expect(problems(broken, concurrencyRun)).toEqual([expect.stringMatching(/: its file test\/integration\/plans\.test\.ts failed to run: Cannot find module x$/)]);
  });

  it('fails when a control’s file does not exist', () => {
    const found = checkHazardLog(log(), indexOf(mainRun('passed', 'passed')), (file) => file !== 'test/unit/health.test.ts').map(formatProblem);
    expect(found).toEqual([expect.stringMatching(/^H-02 .*: its file test\/unit\/health\.test\.ts does not exist$/)]);
  });

  it('fails when a hazard has no control, and shows it in the report', () => {
    const bare = parseHazardLog(LOG.replace(/ {4}controls:\n {6}- description: Ten items[^\n]*\n[^\n]*\n[^\n]*\n/, '    controls: []\n'), 'hazards.yaml');
    const index = indexOf(mainRun('passed', 'passed'));
    expect(checkHazardLog(bare, index, exists).map(formatProblem)).toEqual(['H-02 "A ReQoL-10 is mis-scored": has no control: every hazard needs at least one, proved by a test']);
    expect(renderSafetyCase(bare, hazardResults(bare, index, exists))).toContain('| 0 of 0 |');
  });

  it('reads the tests of both runs: a control in the concurrency run counts', () => {
    const withConcurrency = LOG.replace('file: test/unit/health.test.ts\n        test: "ReQoL-10 totals ten items"', 'file: test/concurrency/phb.test.ts\n        test: "budgets never overspend"');
    const parsed = parseHazardLog(withConcurrency, 'hazards.yaml');
    expect(checkHazardLog(parsed, indexOf(mainRun('passed', 'passed'), concurrencyRun), exists)).toEqual([]);
    expect(checkHazardLog(parsed, indexOf(mainRun('passed', 'passed')), exists).map(formatProblem)).toEqual([expect.stringMatching(/^H-02 .*phb\.test\.ts is not in the test results/)]);
  });

  it('refuses results that are not Jest’s JSON, naming the file', () => {
    expect(() => indexOf({ testResults: [{ name: 1 }] })).toThrow(TestResultsError);
    expect(() => indexOf({ numTotalTests: 3 })).toThrow(/^run-0\.json: not Jest's JSON results \(field testResults: /);
  });
});

describe('the hazard log file', () => {
  const refusal = (yaml: string) => {
    try {
      parseHazardLog(yaml, 'hazards.yaml');
    } catch (error) {
      expect(error).toBeInstanceOf(HazardLogError);
      return (error as Error).message;
    }
    throw new Error('parsed');
  };

  it('names the hazard and the field of a malformed entry', () => {
    expect(refusal(LOG.replace('likelihood: medium', 'likelihood: sometimes'))).toMatch(/^hazards\.yaml: hazard H-02 \(A ReQoL-10 is mis-scored\), field initial\.likelihood: /);
    expect(refusal(LOG.replace('test: "ReQoL-10 totals ten items"', 'tests: "ReQoL-10 totals ten items"'))).toMatch(
      /hazard H-02 \(A ReQoL-10 is mis-scored\), field controls\.0\.(test: Invalid input|tests: is not an allowed field)/,
    );
    expect(refusal(LOG.replace('file: test/unit/health.test.ts', 'file: health.test.ts'))).toContain('hazard H-02 (A ReQoL-10 is mis-scored), field controls.0.file: must be a test file under test/');
    expect(refusal(LOG.replace('  - id: H-02', '  - id: H-01'))).toContain('hazard H-01 (A ReQoL-10 is mis-scored): field id: H-01 is used by another hazard');
    expect(refusal(LOG.replace('reviewedOn: 2026-11-30', 'reviewedOn: last week'))).toContain('hazards.yaml: field reviewedOn: must be a date');
  });

  it('refuses a residual risk above the initial one', () => {
    expect(refusal(LOG.replace('residual: { severity: major, likelihood: low }', 'residual: { severity: catastrophic, likelihood: low }'))).toContain(
      'hazard H-01 (A red alert is not delivered): field residual.severity: catastrophic is above the initial major',
    );
  });

  it('names the line of YAML it cannot read', () => {
    expect(refusal(`${LOG}\n  - id: [`)).toMatch(/^hazards\.yaml: not valid YAML: .*line/s);
  });

  it('holds the platform’s hazards, each with a control whose file exists', () => {
    const root = join(__dirname, '..', '..');
    const real = parseHazardLog(readFileSync(join(root, 'docs/clinical-safety/hazards.yaml'), 'utf8'), 'docs/clinical-safety/hazards.yaml');
    expect(real.hazards.length).toBeGreaterThanOrEqual(14);
    for (const hazard of real.hazards) {
      expect({ id: hazard.id, controls: hazard.controls.length > 0 }).toEqual({ id: hazard.id, controls: true });
      for (const control of hazard.controls) expect({ id: hazard.id, file: control.file, exists: existsSync(join(root, control.file)) }).toEqual({ id: hazard.id, file: control.file, exists: true });
    }
  });
});
