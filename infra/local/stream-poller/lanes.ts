import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { required } from '../../required';

/** Records of one shard, waiting in a lane. */
export interface Queued {
  shardId: string;
  record: _Record;
}

/** Records handed to the handler at once at most, as an event source mapping's batch size. */
export const BATCH_SIZE = 100;

/** The lane of a record: by its partition key, as Lambda keeps one key's records in order. */
export const laneOf = (record: _Record, lanes: number): number => {
  if (lanes === 1) return 0;
  let hash = 0;
  for (const c of JSON.stringify(record.dynamodb?.Keys?.pk ?? {})) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(hash) % lanes;
};

export interface Lanes {
  /** Puts a record at the end of its key's lane (call `run` after). */
  push: (item: Queued) => void;
  /** Starts each lane that has records and is not at work. */
  run: () => void;
  /** Records waiting in lanes. */
  queued: () => number;
  /** Lanes at work. */
  working: () => number;
  /** Resolves once every lane is empty and at rest, or the poller stopped. */
  idle: () => Promise<void>;
}

/**
 * Lanes by partition key, as a parallelization factor works: each lane hands over its records in
 * order, a batch at a time, and the lanes work at once, so a batch being retried holds back only its
 * own lane. `handle` resolves when a batch is through; `done` is told of each record then. Once
 * stopped, a lane hands over no more batches.
 */
export const startLanes = (options: { count: number; handle: (batch: Queued[]) => Promise<void>; done: (item: Queued) => void; stopped: () => boolean }): Lanes => {
  const queues: Queued[][] = Array.from({ length: options.count }, () => []);
  const working: (Promise<void> | undefined)[] = Array.from({ length: options.count }, () => undefined);

  const run = () => {
    queues.forEach((queue, lane) => {
      if (working[lane] || queue.length === 0) return;
      working[lane] = (async () => {
        while (queue.length > 0 && !options.stopped()) {
          const batch = queue.splice(0, BATCH_SIZE);
          await options.handle(batch);
          // Stopped meanwhile: the batch may not be through, so its records stay unfinished.
          if (options.stopped()) break;
          for (const item of batch) options.done(item);
        }
      })().finally(() => {
        working[lane] = undefined;
        // Records may have come in while the lane was finishing: start it again rather than wait for the next read.
        if (queue.length > 0 && !options.stopped()) run();
      });
    });
  };

  const queued = () => queues.reduce((n, q) => n + q.length, 0);

  return {
    push: (item) => required(queues[laneOf(item.record, options.count)], 'lane of a record').push(item),
    run,
    queued,
    working: () => working.filter(Boolean).length,
    idle: async () => {
      while (!options.stopped() && (working.some(Boolean) || queued() > 0)) {
        run();
        await Promise.all(working.filter((lane) => lane !== undefined));
      }
    },
  };
};
