import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, GetShardIteratorCommand, type DynamoDBStreamsClient, type _Record } from '@aws-sdk/client-dynamodb-streams';

/** The iterator of a shard once DynamoDB Local went away (get a new one). */
const LOST = Symbol('lost');

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

export interface Shards {
  /** Finds the table's stream and its shards, and gets an iterator for each one new or lost. */
  discover: () => Promise<void>;
  /** The shards that can be read now, with their iterators. */
  readable: () => { shardId: string; iterator: string }[];
  /** A page was read: the shard's next iterator, and the records of the page not read before (now unfinished, in stream order). */
  advance: (shardId: string, page: { Records?: _Record[]; NextShardIterator?: string }) => _Record[];
  /** Reading failed: an iterator does not survive DynamoDB Local going away; the next discover gets one after the checkpoint. */
  lose: (shardId: string) => void;
  /** A record is through (handled or dead-lettered): move the shard's checkpoint past what is all through. */
  complete: (shardId: string, seq: string) => void;
  /** Records read and not yet passed by the checkpoint, over all shards. */
  unfinished: () => number;
}

/** The shards of one table's stream: their iterators and checkpoints. */
export const trackShards = (options: { client: DynamoDBClient; streams: DynamoDBStreamsClient; tableName: string; startAt?: 'TRIM_HORIZON' | 'LATEST' }): Shards => {
  const { streams } = options;
  const shards = new Map<string, ShardState>();
  let streamArn: string | undefined;

  const discover = async () => {
    streamArn ??= (await options.client.send(new DescribeTableCommand({ TableName: options.tableName }))).Table?.LatestStreamArn;
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

  const readable = () => {
    const open: { shardId: string; iterator: string }[] = [];
    for (const [shardId, { iterator }] of shards) if (iterator && iterator !== LOST) open.push({ shardId, iterator });
    return open;
  };

  const advance: Shards['advance'] = (shardId, { Records = [], NextShardIterator }) => {
    const shard = shards.get(shardId);
    if (!shard) return [];
    shard.iterator = NextShardIterator;
    const inFlight = new Set(shard.order);
    const fresh: _Record[] = [];
    for (const record of Records) {
      const seq = record.dynamodb?.SequenceNumber;
      // Read again after a new iterator: already unfinished, not a second time.
      if (!seq || inFlight.has(seq)) continue;
      shard.order.push(seq);
      fresh.push(record);
    }
    return fresh;
  };

  const lose = (shardId: string) => {
    const shard = shards.get(shardId);
    if (shard) shard.iterator = LOST;
  };

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

  const unfinished = () => [...shards.values()].reduce((n, s) => n + s.order.length, 0);

  return { discover, readable, advance, lose, complete, unfinished };
};
