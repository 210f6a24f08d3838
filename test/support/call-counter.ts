import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Counter = { during(fn: () => Promise<unknown>): Promise<string[]> };
const counters = new WeakMap<DynamoDBClient, Counter>();

/** Records the DynamoDB operations a client sends (one per request on the wire, before retries). */
export const countCalls = (client: DynamoDBClient): Counter => {
  const existing = counters.get(client);
  if (existing) return existing;
  const calls: string[] = [];
  let counting = false;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (counting) calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'testCallCounter' },
  );
  const counter: Counter = {
    /** Runs `fn` and returns the operations it sent. */
    async during(fn: () => Promise<unknown>): Promise<string[]> {
      calls.length = 0;
      counting = true;
      try {
        await fn();
      } finally {
        counting = false;
      }
      return [...calls];
    },
  };
  counters.set(client, counter);
  return counter;
};
