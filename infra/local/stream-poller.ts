import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamo-local';
import { lambdaContext } from './http-event';
import type { StoreClients } from '../../shared/store/client';
import { required } from '../required';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

export interface StreamPoller {
  /** Reads what is on the stream now and hands it to the handler; resolves when done (for tests). */
  drain(): Promise<number>;
  /** Where it is: for a test that waited too long to say why. */
  status(): PollerStatus;
  stop(): void;
}

export interface PollerStatus {
  poller: string;
  /** Records waiting in lanes, and lanes at work. */
  queued: number;
  working: number;
  /** Records read and not yet passed by the checkpoint, over all shards. */
  unfinished: number;
  /** Milliseconds since the last read that worked, and the last read's error, if any. */
  sinceLastRead?: number;
  lastError?: string;
}

/** Attempts before a record is dead-lettered, with pauses of 0.25, 0.5, 1, 2 and 4 s between them. */
const MAX_ATTEMPTS = 6;

/**
 * A step of the poller that took longer than this is reported (`onSlow`). DynamoDB Local rounds a
 * record's creation time down to the minute, so the age of a record cannot say where a delay came
 * from; the time of each step can: the pause between ticks (the process starved), reading the
 * stream, or the handler.
 */
export const SLOW_STEP_MS = 2_000;

export interface SlowStep {
  poller: string;
  tableName: string;
  step: 'tick' | 'discover' | 'read' | 'handle';
  ms: number;
  records: number;
}

/** One line on stderr: ids and timings only, never a record's content. */
const reportSlowStep = (slow: SlowStep): void => {
  process.stderr.write(`${JSON.stringify({ level: 'WARN', message: 'local stream poller slow step', ...slow })}\n`);
};

type Attribute = Record<string, unknown>;

/**
 * The DynamoDB Streams client (3.11xx) reads an empty map attribute `{"M":{}}` back as `{}`, which
 * unmarshall refuses; Lambda's event keeps `{"M":{}}`. An empty object is only ever an empty map (a
 * list is an array, the rest are scalars), so this puts the M back, at any depth.
 */
export const repairEmptyMaps = (image: Record<string, Attribute>): Record<string, Attribute> => Object.fromEntries(Object.entries(image).map(([name, value]) => [name, repairAttribute(value)]));

const repairAttribute = (value: Attribute): Attribute => {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M) return { M: repairEmptyMaps(value.M as Record<string, Attribute>) };
  if (Array.isArray(value.L)) return { L: (value.L as Attribute[]).map(repairAttribute) };
  return value;
};

const asLambdaRecord = (record: _Record): DynamoDBRecord => {
  const r = record as unknown as DynamoDBRecord;
  const d = r.dynamodb;
  if (!d) return r;
  const images = Object.fromEntries((['NewImage', 'OldImage', 'Keys'] as const).filter((k) => d[k]).map((k) => [k, repairEmptyMaps(d[k] as unknown as Record<string, Attribute>)]));
  return { ...r, dynamodb: { ...d, ...images } };
};

/** The iterator of a shard once DynamoDB Local went away (get a new one). */
const LOST = Symbol('lost');

/** A record's sequence number: every record the poller queues has one (readOnce passes over any without). */
const sequenceOf = (record: _Record | DynamoDBRecord): string => required(record.dynamodb?.SequenceNumber, 'sequence number of a stream record');

/** Where one shard is: its iterator, and the records read from it that are not all handled yet. */
interface ShardState {
  /** Undefined once the shard is closed; LOST when DynamoDB Local went away (get a new one). */
  iterator: string | undefined | typeof LOST;
  /** Sequence numbers read and not yet passed by the checkpoint, in stream order. */
  order: string[];
  /** Those of `order` that are handled (or dead-lettered). */
  done: Set<string>;
  /** The last record before which everything is handled: where to pick up after losing the iterator. */
  checkpoint?: string;
}

/** The lane of a record: by its partition key, as Lambda keeps one key's records in order. */
const laneOf = (record: _Record, lanes: number): number => {
  if (lanes === 1) return 0;
  let hash = 0;
  for (const c of JSON.stringify(record.dynamodb?.Keys?.pk ?? {})) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(hash) % lanes;
};

/** Records waiting in lanes at most: beyond it the poller reads no more until they drain. */
const MAX_QUEUED = 1_000;

/**
 * The local stand-in for Lambda's DynamoDB stream event source: reads DynamoDB Local's stream of one
 * table, hands batches to the same handler as in AWS, retries the records it reports failed and,
 * after the last attempt, writes them to a local dead-letter file (as the SQS DLQ would hold them).
 * With `lanes` above 1 it works as a parallelization factor does: records go to a lane by partition
 * key, each lane in order, so a record being retried holds back only its own key's records.
 */
export const startStreamPoller = (options: {
  endpoint: string;
  clients: StoreClients;
  tableName: string;
  handler: StreamHandler;
  deadLetterFile: string;
  intervalMs?: number;
  functionName?: string;
  /** Asked before each tick: while true, the loop waits (records stay on the stream). */
  paused?: () => boolean;
  /** Where to start on shards it finds: the oldest record (default), or only what comes after now. */
  startAt?: 'TRIM_HORIZON' | 'LATEST';
  /** Told of each step slower than `slowStepMs` (SLOW_STEP_MS); by default a line on stderr. */
  onSlow?: (slow: SlowStep) => void;
  slowStepMs?: number;
  /** Batches handled at once, by partition key (Lambda's parallelization factor, 1-10); default 1. */
  lanes?: number;
}): StreamPoller => {
  const poller = options.functionName ?? 'notifications';
  const lanes = Math.min(10, Math.max(1, options.lanes ?? 1));
  /** Runs a step and reports it if it was slow, however it ended. */
  const timed = async <T>(step: SlowStep['step'], records: number, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await run();
    } finally {
      const ms = Date.now() - started;
      if (ms > (options.slowStepMs ?? SLOW_STEP_MS)) (options.onSlow ?? reportSlowStep)({ poller, tableName: options.tableName, step, ms, records });
    }
  };
  const streams = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const shards = new Map<string, ShardState>();
  const queues: { shardId: string; record: _Record }[][] = Array.from({ length: lanes }, () => []);
  const working: (Promise<void> | undefined)[] = Array.from({ length: lanes }, () => undefined);
  const attempts = new Map<string, number>();
  let streamArn: string | undefined;
  let stopped = false;
  let reading: Promise<number> | undefined;
  let lastReadAt: number | undefined;
  let lastError: string | undefined;
  let draining: Promise<number> | undefined;

  const discover = async () => {
    streamArn ??= (await options.clients.client.send(new DescribeTableCommand({ TableName: options.tableName }))).Table?.LatestStreamArn;
    if (!streamArn) return;
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId) continue;
      const known = shards.get(shard.ShardId);
      if (known && known.iterator !== LOST) continue;
      const after = known?.checkpoint;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: options.startAt ?? 'TRIM_HORIZON' }),
        }),
      );
      shards.set(shard.ShardId, { order: [], done: new Set(), ...known, iterator: ShardIterator });
    }
  };

  /** Whether DynamoDB Local answers at all (a failure while it is away is not the record's fault). */
  const reachable = () =>
    options.clients.client.send(new DescribeTableCommand({ TableName: options.tableName })).then(
      () => true,
      () => false,
    );

  const handle = async (records: _Record[]): Promise<void> => {
    let pending = records.map(asLambdaRecord);
    while (pending.length > 0) {
      // As Lambda does: a thrown error (Powertools throws when every record failed) fails them all.
      const result = await options.handler({ Records: pending }, lambdaContext(poller)).catch(() => ({
        batchItemFailures: pending.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
      }));
      const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      // While the database is away, every record fails through no fault of its own: wait for it to come
      // back without spending the records' attempts, or a restart slower than the retries would
      // dead-letter a red alert.
      if (failed.size > 0 && !(await reachable())) {
        while (!stopped && !(await reachable())) await new Promise((r) => setTimeout(r, 250));
        if (stopped) return;
        continue;
      }
      const retry: DynamoDBRecord[] = [];
      for (const record of pending.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))) {
        const key = sequenceOf(record);
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        if (n < MAX_ATTEMPTS) retry.push(record);
        else {
          mkdirSync(dirname(options.deadLetterFile), { recursive: true });
          appendFileSync(options.deadLetterFile, `${JSON.stringify({ failedAt: new Date().toISOString(), attempts: n, tableName: options.tableName, record })}\n`);
        }
      }
      for (const record of pending) if (!retry.includes(record)) attempts.delete(record.dynamodb?.SequenceNumber ?? '');
      pending = retry;
      // As Lambda does, retry after a pause that grows: a database away for a few seconds loses nothing.
      const first = retry[0];
      if (first) await new Promise((r) => setTimeout(r, 250 * 2 ** (required(attempts.get(sequenceOf(first)), 'attempts of a record to retry') - 1)));
    }
  };

  /** A record is through (handled or dead-lettered): move the shard's checkpoint past what is all through. */
  const complete = (shardId: string, seq: string) => {
    const shard = shards.get(shardId);
    if (!shard) return;
    shard.done.add(seq);
    for (let passed = shard.order[0]; passed !== undefined && shard.done.has(passed); passed = shard.order[0]) {
      shard.order.shift();
      shard.done.delete(passed);
      shard.checkpoint = passed;
    }
  };

  /** Each lane hands over its records in order, in batches of at most 100, as an event source mapping would. */
  const runLanes = () => {
    queues.forEach((queue, lane) => {
      if (working[lane] || queue.length === 0) return;
      working[lane] = (async () => {
        while (queue.length > 0) {
          const batch = queue.splice(0, 100);
          await timed('handle', batch.length, () => handle(batch.map((b) => b.record)));
          for (const b of batch) complete(b.shardId, sequenceOf(b.record));
        }
      })().finally(() => {
        working[lane] = undefined;
        // Records may have come in while the lane was finishing: start it again rather than wait for the next read.
        if (queue.length > 0 && !stopped) runLanes();
      });
    });
  };

  const queued = () => queues.reduce((n, q) => n + q.length, 0);

  /** Reads what each shard has now into the lanes; the number of new records. */
  const readOnce = async (): Promise<number> => {
    await timed('discover', 0, discover);
    let seen = 0;
    for (const [shardId, shard] of shards) {
      const iterator = shard.iterator;
      if (!iterator || iterator === LOST) continue;
      let page;
      try {
        page = await timed('read', 0, () => streams.send(new GetRecordsCommand({ ShardIterator: iterator })));
      } catch (error) {
        // An iterator does not survive DynamoDB Local going away: get a new one after the checkpoint.
        shard.iterator = LOST;
        throw error;
      }
      const { Records = [], NextShardIterator } = page;
      shard.iterator = NextShardIterator;
      const inFlight = new Set(shard.order);
      for (const record of Records) {
        const seq = record.dynamodb?.SequenceNumber;
        // Read again after a new iterator: already in a lane, not a second time.
        if (!seq || inFlight.has(seq)) continue;
        shard.order.push(seq);
        required(queues[laneOf(record, lanes)], 'lane of a record').push({ shardId, record });
        seen++;
      }
    }
    runLanes();
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

  const idle = async () => {
    while (working.some(Boolean) || queued() > 0) {
      runLanes();
      await Promise.all(working.filter((lane) => lane !== undefined));
    }
  };

  const drain: StreamPoller['drain'] = async () => {
    while (draining) await draining;
    draining = (async () => {
      let total = 0;
      for (;;) {
        const n = await read();
        await idle();
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
        if (!options.paused?.() && queued() < MAX_QUEUED) while ((await read()) > 0 && queued() < MAX_QUEUED);
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
      queued: queued(),
      working: working.filter(Boolean).length,
      unfinished: [...shards.values()].reduce((n, s) => n + s.order.length, 0),
      ...(lastReadAt !== undefined ? { sinceLastRead: Date.now() - lastReadAt } : {}),
      ...(lastError ? { lastError } : {}),
    }),
    stop: () => {
      stopped = true;
      streams.destroy();
    },
  };
};
