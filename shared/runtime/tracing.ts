import type { MiddlewareObj } from '@middy/core';

/**
 * X-Ray subsegments beyond Lambda's own active tracing, or none. The Powertools Tracer sits behind this
 * so that a function built with it off neither loads nor bundles it (design decision 9).
 */
export interface Tracing {
  readonly enabled: boolean;
  /** The client, each of its calls recorded as a subsegment when tracing is on; unchanged when off. */
  captureClient: <T>(client: T) => T;
  /** middy middleware around the handler (none when off: middy refuses an empty middleware). */
  readonly middleware: readonly MiddlewareObj[];
}

/** The default: Lambda's active tracing alone shows the invocation. */
export const NO_TRACING: Tracing = { enabled: false, captureClient: (client) => client, middleware: [] };
