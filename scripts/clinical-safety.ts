// `npm run safety:check` (the last step of `npm test`): reads the hazard log
// (docs/clinical-safety/hazards.yaml) and the JSON results of both Jest runs, and exits 1, naming the
// hazard and the control, if a hazard has no control or a control's test is missing, skipped or
// failing, or if docs/clinical-safety/safety-case.md is not the report they give.
// `npm run safety:case` writes that report. `--results FILE` (repeatable) reads other result files.
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkHazardLog, formatProblem, hazardResults } from './clinical-safety/check';
import { HazardLogError, parseHazardLog } from './clinical-safety/hazard-log';
import { renderSafetyCase } from './clinical-safety/safety-case';
import { TestResultsError, indexTestResults } from './clinical-safety/test-results';

const ROOT = realpathSync(join(__dirname, '..'));
export const HAZARD_LOG = 'docs/clinical-safety/hazards.yaml';
export const SAFETY_CASE = 'docs/clinical-safety/safety-case.md';
/** Where `npm test` has the main Jest run and the concurrency run write their results (jest.config.js makes the folder). */
export const RESULT_FILES = ['.local/test-results/jest.json', '.local/test-results/concurrency.json'];

const main = (args: string[]): number => {
  const [command = 'check', ...rest] = args;
  const resultFiles = rest.flatMap((a, i) => (rest[i - 1] === '--results' ? [a] : []));
  if (!['check', 'write'].includes(command) || rest.length !== resultFiles.length * 2) {
    process.stderr.write('usage: tsx scripts/clinical-safety.ts check|write [--results FILE]...\n');
    return 2;
  }
  const files = resultFiles.length > 0 ? resultFiles : RESULT_FILES;
  const missing = files.filter((f) => !existsSync(resolve(ROOT, f)));
  if (missing.length > 0) {
    process.stderr.write(`clinical safety: no test results in ${missing.join(', ')}: run \`npm test\` first (Jest writes them with --json --outputFile)\n`);
    return 1;
  }
  const log = parseHazardLog(readFileSync(join(ROOT, HAZARD_LOG), 'utf8'), HAZARD_LOG);
  const index = indexTestResults(
    files.map((source) => ({ source, json: JSON.parse(readFileSync(resolve(ROOT, source), 'utf8')) as unknown })),
    ROOT,
  );
  const fileExists = (file: string) => existsSync(join(ROOT, file));
  const problems = checkHazardLog(log, index, fileExists);
  const report = renderSafetyCase(log, hazardResults(log, index, fileExists));
  for (const problem of problems) process.stderr.write(`clinical safety: ${formatProblem(problem)}\n`);

  if (command === 'write') {
    writeFileSync(join(ROOT, SAFETY_CASE), report);
    process.stdout.write(`wrote ${SAFETY_CASE}${problems.length > 0 ? `, with ${problems.length} control(s) not proved (above)` : ''}\n`);
    return problems.length > 0 ? 1 : 0;
  }
  const current = existsSync(join(ROOT, SAFETY_CASE)) && readFileSync(join(ROOT, SAFETY_CASE), 'utf8') === report;
  if (problems.length === 0 && !current) process.stderr.write(`clinical safety: ${SAFETY_CASE} is not the report the hazard log and the test results give: run \`npm run safety:case\` and commit\n`);
  if (problems.length > 0 || !current) return 1;
  const controls = log.hazards.reduce((n, h) => n + h.controls.length, 0);
  process.stdout.write(`clinical safety: ${log.hazards.length} hazards, ${controls} controls, each test passed; ${relative(ROOT, join(ROOT, SAFETY_CASE))} is current\n`);
  return 0;
};

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    const known = error instanceof HazardLogError || error instanceof TestResultsError;
    process.stderr.write(`clinical safety: ${known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
