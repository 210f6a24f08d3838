import type { Deps } from '../../shared/runtime/deps';
import { isRetentionSweepRequest, sweepRetention, type RetentionSweepRequest } from './sweep';

/**
 * The retention function: no routes, only the daily sweep that removes closed records whose retention
 * ended (docs/records.md). A function of its own, so that deleting patients' items is in no other
 * function's policy.
 */
export const makeRetentionHandler = (deps: Deps) => async (event: RetentionSweepRequest) => {
  if (!isRetentionSweepRequest(event)) throw new Error('the retention function only sweeps: send { "retentionSweep": true }');
  try {
    return await sweepRetention(deps);
  } finally {
    deps.observability.metrics.publishStoredMetrics();
  }
};
