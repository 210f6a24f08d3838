import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../runtime/deps';

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** Runs `work` over `items`, at most `limit` at a time. */
export const eachLimited = async <T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  const queue = [...items].reverse();
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      // Each runner takes the next item in order until none is left.
      for (let item = queue.pop(); item !== undefined; item = queue.pop()) await work(item);
    }),
  );
};

/**
 * Puts and deletes in batches of 25, `concurrency` batches in flight, again (with backoff) for what
 * DynamoDB leaves unprocessed. Offline tools only (seeding, rebuilds): not atomic.
 */
export const batchWriteAll = async (store: Store, requests: readonly WriteRequest[], concurrency = 8): Promise<void> => {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += 25) batches.push(requests.slice(i, i + 25));
  await eachLimited(batches, concurrency, async (batch) => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((done) => setTimeout(done, Math.min(1000, 20 * 2 ** attempt)));
      const result = await store.doc.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: pending } }));
      pending = result.UnprocessedItems?.[store.tableName] ?? [];
    }
  });
};
