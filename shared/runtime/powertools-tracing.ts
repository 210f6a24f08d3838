import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Tracing } from './tracing';

/**
 * The Powertools Tracer for one service; only required (shared/runtime/deps.ts) where the borough
 * turned it on. The handler's response is never recorded: it holds patients' words.
 */
export const powertoolsTracing = (serviceName: string): Tracing => {
  const tracer = new Tracer({ serviceName });
  return {
    enabled: true,
    captureClient: (client) => tracer.captureAWSv3Client(client),
    middleware: [captureLambdaHandler(tracer, { captureResponse: false })],
  };
};
