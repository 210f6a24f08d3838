import { SLOW_STEP_MS, type SlowStep } from './types';

/** One line on stderr: ids and timings only, never a record's content. */
const reportSlowStep = (slow: SlowStep): void => {
  process.stderr.write(`${JSON.stringify({ level: 'WARN', message: 'local stream poller slow step', ...slow })}\n`);
};

/** Runs a step and reports it if it was slow, however it ended. */
export type Timed = <T>(step: SlowStep['step'], records: number, run: () => Promise<T>) => Promise<T>;

export const slowStepTimer =
  (options: { poller: string; tableName: string; slowStepMs?: number; onSlow?: (slow: SlowStep) => void; stopped: () => boolean }): Timed =>
  async (step, records, run) => {
    const started = Date.now();
    try {
      return await run();
    } finally {
      const ms = Date.now() - started;
      // A step that ends after the poller stopped says nothing about the poller (the test that stopped it went on to other work).
      if (ms > (options.slowStepMs ?? SLOW_STEP_MS) && !options.stopped()) (options.onSlow ?? reportSlowStep)({ poller: options.poller, tableName: options.tableName, step, ms, records });
    }
  };
