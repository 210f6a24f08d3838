import { DynamoDBStreamsClient, GetRecordsCommand } from '@aws-sdk/client-dynamodb-streams';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../dynamo-local';
import { batchHandler } from './batches';
import { startLanes } from './lanes';
import { sequenceOf } from './records';
import { trackShards } from './shards';
import { slowStepTimer } from './slow-steps';
import type { StreamPoller, StreamPollerOptions } from './types';

/** Records waiting in lanes at most: beyond it the poller reads no more until they drain. */
const MAX_QUEUED = 1_000;

/**
 * The local stand-in for Lambda's DynamoDB stream event source: reads DynamoDB Local's stream of one
 * table, hands batches to the same handler as in AWS, retries the records it reports failed and,
 * after the last attempt, writes them to a local dead-letter file (as the SQS DLQ would hold them).
 * With `lanes` above 1 it works as a parallelization factor does: records go to a lane by partition
 * key, each lane in order, so a record being retried holds back only its own key's records.
 */
export const startStreamPoller = (options: StreamPollerOptions): StreamPoller => {
  const poller = options.functionName ?? 'notifications';
  let stopped = false;
  const isStopped = () => stopped;
  const timed = slowStepTimer({
    poller,
    tableName: options.tableName,
    stopped: isStopped,
    ...(options.slowStepMs !== undefined ? { slowStepMs: options.slowStepMs } : {}),
    ...(options.onSlow ? { onSlow: options.onSlow } : {}),
  });
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const shards = trackShards({ client: options.clients.client, streams, tableName: options.tableName, ...(options.startAt ? { startAt: options.startAt } : {}) });
  const handle = batchHandler({ client: options.clients.client, tableName: options.tableName, handler: options.handler, deadLetterFile: options.deadLetterFile, poller, stopped: isStopped });
  const lanes = startLanes({
    count: Math.min(10, Math.max(1, options.lanes ?? 1)),
    handle: (batch) => timed('handle', batch.length, () => handle(batch.map((b) => b.record))),
    done: (b) => shards.complete(b.shardId, sequenceOf(b.record)),
    stopped: isStopped,
  });
  let reading: Promise<number> | undefined;
  let lastReadAt: number | undefined;
  let lastError: string | undefined;
  let draining: Promise<number> | undefined;

  /** Reads what each shard has now into the lanes; the number of new records. */
  const readOnce = async (): Promise<number> => {
    await timed('discover', 0, shards.discover);
    let seen = 0;
    for (const { shardId, iterator } of shards.readable()) {
      let page;
      try {
        page = await timed('read', 0, () => streams.send(new GetRecordsCommand({ ShardIterator: iterator })));
      } catch (error) {
        shards.lose(shardId);
        throw error;
      }
      for (const record of shards.advance(shardId, page)) {
        lanes.push({ shardId, record });
        seen++;
      }
    }
    lanes.run();
    lastReadAt = Date.now();
    lastError = undefined;
    return seen;
  };

  /** One read at a time: the loop and a test may both ask. */
  const read = async (): Promise<number> => {
    while (reading) await reading;
    reading = readOnce();
    try {
      return await reading;
    } catch (error) {
      lastError = String(error);
      throw error;
    } finally {
      reading = undefined;
    }
  };

  const drain: StreamPoller['drain'] = async () => {
    while (draining) await draining;
    draining = (async () => {
      let total = 0;
      for (;;) {
        const n = await read();
        await lanes.idle();
        total += n;
        if (n === 0) return total;
      }
    })();
    try {
      return await draining;
    } finally {
      draining = undefined;
    }
  };

  const loop = async () => {
    while (!stopped) {
      try {
        // Lanes work on while the loop reads on: one busy lane does not stop the others getting records.
        if (!options.paused?.() && lanes.queued() < MAX_QUEUED) while ((await read()) > 0 && lanes.queued() < MAX_QUEUED);
      } catch {
        // DynamoDB Local away for a moment: try again on the next tick.
      }
      // A pause far longer than asked for means the process itself was starved.
      const interval = options.intervalMs ?? 250;
      await timed('tick', 0, () => new Promise((r) => setTimeout(r, interval)).then(() => undefined)).catch(() => undefined);
    }
  };
  if (options.intervalMs !== 0) void loop();

  return {
    drain,
    status: () => ({
      poller,
      queued: lanes.queued(),
      working: lanes.working(),
      unfinished: shards.unfinished(),
      ...(lastReadAt !== undefined ? { sinceLastRead: Date.now() - lastReadAt } : {}),
      ...(lastError ? { lastError } : {}),
    }),
    stop: () => {
      stopped = true;
      streams.destroy();
    },
  };
};
