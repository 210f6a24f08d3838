import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface TimedCall {
  name: string;
  start: number;
  end: number;
}

type Counter = {
  /** Runs `fn` and returns the operations it sent. */
  during(fn: () => Promise<unknown>): Promise<string[]>;
  /** Runs `fn` and returns the operations it sent with when each began and ended. */
  timedDuring(fn: () => Promise<unknown>): Promise<TimedCall[]>;
};
const counters = new WeakMap<DynamoDBClient, Counter>();

/** Records the DynamoDB operations a client sends (one per request on the wire, before retries). */
export const countCalls = (client: DynamoDBClient): Counter => {
  const existing = counters.get(client);
  if (existing) return existing;
  const calls: TimedCall[] = [];
  let counting = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!counting) return next(args);
      const call = { name: String(context.commandName).replace(/Command$/, ''), start: performance.now(), end: Number.POSITIVE_INFINITY };
      calls.push(call);
      try {
        return await next(args);
      } finally {
        call.end = performance.now();
      }
    },
    { step: 'initialize', name: 'testCallCounter' },
  );
  const timedDuring = async (fn: () => Promise<unknown>): Promise<TimedCall[]> => {
    calls.length = 0;
    counting = true;
    try {
      await fn();
    } finally {
      counting = false;
    }
    return [...calls];
  };
  const counter: Counter = { timedDuring, during: async (fn) => (await timedDuring(fn)).map((c) => c.name) };
  counters.set(client, counter);
  return counter;
};

/**
 * Groups calls into round trips: calls that overlap in time were in flight together and cost one
 * round trip of latency; a call that began after the others ended starts the next.
 */
export const roundTrips = (calls: readonly TimedCall[]): string[][] => {
  const trips: { names: string[]; end: number }[] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const last = trips.at(-1);
    if (last && call.start < last.end) {
      last.names.push(call.name);
      last.end = Math.max(last.end, call.end);
    } else trips.push({ names: [call.name], end: call.end });
  }
  return trips.map((t) => t.names.sort());
};
