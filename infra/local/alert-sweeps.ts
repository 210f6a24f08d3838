import { sweepAlerts } from '../../functions/notifications/alert-sweep';
import { makeObservability } from '../../shared/runtime/observability';
import type { BoroughRuntime } from './platform';
import { errorMessage, repeat } from './repeat';

/** How often the local platform looks for red alerts due to escalate (in AWS: every minute). */
export const LOCAL_SWEEP_MS = 15_000;

export interface AlertSweeps {
  stop(): void;
}

/**
 * The local stand-in for the minute schedule of infra/constructs/stream-deliveries.ts: a timer per
 * borough running the notifications function's sweep, held to that function's table access. The
 * alerts wait in the table, so nothing is lost while the platform is stopped: the first sweep after a
 * start escalates whatever fell due meanwhile. One sweep at a time per borough.
 */
export const startAlertSweeps = (runtimes: readonly BoroughRuntime[], everyMs = LOCAL_SWEEP_MS): AlertSweeps => {
  const timers = runtimes.map((runtime) => {
    const deps = { ...runtime.deps, observability: makeObservability('notifications', runtime.config.id) };
    const sweep = runtime.runAs('notifications', () => sweepAlerts(deps));
    return repeat(sweep, everyMs, (error) => deps.observability.logger.error('the alert sweep failed', { error: errorMessage(error) }));
  });
  return { stop: () => timers.forEach((timer) => clearInterval(timer)) };
};
