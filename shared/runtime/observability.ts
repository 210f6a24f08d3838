import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { NO_TRACING, type Tracing } from './tracing';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  /** Off unless the borough turned the Powertools Tracer on (`observability.tracer`). */
  tracing: Tracing;
}

export const METRICS_NAMESPACE = 'RecoveryPlatform';

/** Powertools logger and metrics for one service, and its tracing. Logs carry ids, never a patient's words. */
export const makeObservability = (serviceName: string, borough: string, tracing: Tracing = NO_TRACING): Observability => {
  const logger = new Logger({ serviceName, persistentKeys: { borough } });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName, defaultDimensions: { borough } });
  return { logger, metrics, tracing };
};
