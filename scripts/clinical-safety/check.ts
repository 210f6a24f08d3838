// The check that keeps the hazard log honest: every hazard has a control, and every control's test
// exists, ran and passed. Pure: the log, the test results and a way to ask whether a file exists come in.
import type { Control, Hazard, HazardLog } from './hazard-log';
import type { TestIndex } from './test-results';

/** What became of a control's test in the runs. */
export type ControlStatus = 'passed' | 'failed' | 'skipped' | 'missing' | 'no file';

export interface ControlResult {
  control: Control;
  status: ControlStatus;
  /** Why it does not count, for anything but passed. */
  why?: string;
}

export interface Problem {
  hazard: Hazard;
  control?: Control;
  message: string;
}

const SKIPPED = new Set(['pending', 'skipped', 'todo', 'disabled']);

/**
 * What the runs say of one control's test.
 * @example controlResult(control, index, (f) => existsSync(f)) // { control, status: 'passed' }
 */
export const controlResult = (control: Control, index: TestIndex, fileExists: (path: string) => boolean): ControlResult => {
  if (!fileExists(control.file)) return { control, status: 'no file', why: `its file ${control.file} does not exist` };
  const tests = index.tests.get(control.file);
  const statuses = tests?.get(control.test);
  if (!statuses) {
    const broken = index.brokenFiles.get(control.file);
    if (broken !== undefined) return { control, status: 'failed', why: `its file ${control.file} failed to run: ${broken}` };
    if (!tests) return { control, status: 'missing', why: `its file ${control.file} is not in the test results (did it run?)` };
    return { control, status: 'missing', why: `no test of that name in ${control.file} (renamed or removed?)` };
  }
  const notPassed = statuses.find((s) => s !== 'passed');
  if (notPassed === undefined) return { control, status: 'passed' };
  if (SKIPPED.has(notPassed)) return { control, status: 'skipped', why: `the test was ${notPassed === 'pending' ? 'skipped' : notPassed}` };
  return { control, status: 'failed', why: `the test ${notPassed === 'failed' ? 'failed' : `did not pass (${notPassed})`}` };
};

/** Each hazard with what became of each of its controls. */
export const hazardResults = (log: HazardLog, index: TestIndex, fileExists: (path: string) => boolean): { hazard: Hazard; controls: ControlResult[] }[] =>
  log.hazards.map((hazard) => ({ hazard, controls: hazard.controls.map((c) => controlResult(c, index, fileExists)) }));

/**
 * Everything that makes the log dishonest: a hazard without a control, a control whose test is
 * missing, skipped or failing, or whose file does not exist. Empty when all is well.
 * @example checkHazardLog(log, index, existsSync).map(formatProblem)
 */
export const checkHazardLog = (log: HazardLog, index: TestIndex, fileExists: (path: string) => boolean): Problem[] =>
  hazardResults(log, index, fileExists).flatMap(({ hazard, controls }): Problem[] => [
    ...(controls.length === 0 ? [{ hazard, message: 'has no control: every hazard needs at least one, proved by a test' }] : []),
    ...controls.filter((r) => r.status !== 'passed').map((r) => ({ hazard, control: r.control, message: r.why ?? r.status })),
  ]);

/** One line naming the hazard, its title, the control and its test. */
export const formatProblem = ({ hazard, control, message }: Problem): string =>
  control ? `${hazard.id} "${hazard.title}": control "${control.description}" (${control.file}: "${control.test}"): ${message}` : `${hazard.id} "${hazard.title}": ${message}`;
