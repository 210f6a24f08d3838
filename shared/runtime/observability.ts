import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
}

export const METRICS_NAMESPACE = 'RecoveryPlatform';

/** Powertools logger, metrics and tracer for one service. Logs carry ids, never a patient's words. */
export const makeObservability = (serviceName: string, borough: string): Observability => {
  const logger = new Logger({ serviceName, persistentKeys: { borough } });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName, defaultDimensions: { borough } });
  const tracer = new Tracer({ serviceName });
  return { logger, metrics, tracer };
};
