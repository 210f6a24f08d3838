import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

type Capacity = { CapacityUnits?: number };

/**
 * Asks DynamoDB for the consumed capacity of every call a client makes while `during` runs, and adds
 * it up: the cost of a request in capacity units, which does not depend on timing.
 */
export const consumedCapacityMeter = (client: DynamoDBClient) => {
  let counting = false;
  let units = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      if (!counting) return next(args);
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) units += c.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'benchCapacityMeter' },
  );
  return {
    async during(fn: () => Promise<unknown>): Promise<number> {
      units = 0;
      counting = true;
      try {
        await fn();
      } finally {
        counting = false;
      }
      return units;
    },
  };
};
