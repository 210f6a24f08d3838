/** A message for a log line from anything thrown. */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Runs `task` now and then every `everyMs`, one run at a time (a tick while one runs is skipped); a
 * failure goes to `onError`, never out. The timer does not keep the process alive.
 * @example const timer = repeat(() => sweep(), 15_000, (e) => logger.error('the sweep failed', { error: errorMessage(e) }))
 */
export const repeat = (task: () => Promise<unknown>, everyMs: number, onError: (error: unknown) => void): NodeJS.Timeout => {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => (running = false));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return timer;
};
