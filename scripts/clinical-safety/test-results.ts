// What Jest's JSON results (`jest --json --outputFile=...`) say of each test, by file and full name.
// Pure: the parsed JSON comes in; the caller reads the files.
import { relative, sep } from 'node:path';
import * as z from 'zod/mini';
import { toFieldIssue } from '../../shared/domain/zod';

/** The parts of Jest's JSON results that the check reads; everything else is ignored. */
const JestResults = z.object({
  startTime: z.optional(z.number()),
  testResults: z.array(
    z.object({
      /** The test file's absolute path. */
      name: z.string(),
      /** A file whose suite failed to run has its message here and no assertion results. */
      message: z.optional(z.string()),
      assertionResults: z.array(z.object({ fullName: z.string(), status: z.string() })),
    }),
  ),
});

/** Jest's statuses: passed, failed, pending (skipped), todo, disabled, focused. */
export type TestStatus = string;

/** Every test of one or more Jest runs, keyed by file (relative to the repository, with /) and full name. */
export interface TestIndex {
  /** File -> full name -> the statuses of the tests of that name (Jest allows two alike). */
  tests: Map<string, Map<string, TestStatus[]>>;
  /** Files whose suite failed to run, with the first line of why. */
  brokenFiles: Map<string, string>;
}

/** Jest's JSON results that cannot be read: the message names the file. */
export class TestResultsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestResultsError';
  }
}

/** The first line that says something of a failed suite's message (Jest starts it with "● Test suite failed to run"). */
const firstLine = (message: string): string =>
  message
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('●')) ?? 'failed to run';

/**
 * Indexes the results of several Jest runs (the main run and the concurrency run) together.
 * @example indexTestResults([{ source: '.local/test-results/jest.json', json }], '/work/repo')
 */
export const indexTestResults = (runs: { source: string; json: unknown }[], root: string): TestIndex => {
  const index: TestIndex = { tests: new Map(), brokenFiles: new Map() };
  for (const { source, json } of runs) {
    const parsed = z.safeParse(JestResults, json);
    if (!parsed.success) {
      const { field, detail } = toFieldIssue(parsed.error.issues[0] ?? { message: 'is invalid' });
      throw new TestResultsError(`${source}: not Jest's JSON results (field ${field || '(top)'}: ${detail}); run jest with --json --outputFile=${source}`);
    }
    for (const file of parsed.data.testResults) {
      const path = relative(root, file.name).split(sep).join('/');
      const tests = index.tests.get(path) ?? new Map<string, TestStatus[]>();
      index.tests.set(path, tests);
      for (const { fullName, status } of file.assertionResults) tests.set(fullName, [...(tests.get(fullName) ?? []), status]);
      if (file.assertionResults.length === 0 && file.message) index.brokenFiles.set(path, firstLine(file.message));
    }
  }
  return index;
};
