import { GetRecordsCommand, GetShardIteratorCommand, type DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';

/** What Lambda's on-failure destination records for a DynamoDB stream batch (the positions, not the records). */
export interface StreamBatchInfo {
  streamArn: string;
  shardId: string;
  startSequenceNumber: string;
  endSequenceNumber: string;
}

/** The batch info of an SQS dead-letter message body, or undefined if it is something else. */
export const batchInfoOf = (body: string): StreamBatchInfo | undefined => {
  try {
    const info = (JSON.parse(body) as { DDBStreamBatchInfo?: StreamBatchInfo }).DDBStreamBatchInfo;
    return info?.streamArn && info.shardId && info.startSequenceNumber && info.endSequenceNumber ? info : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Reads a failed batch back from the stream (within its 24-hour retention): from the first sequence
 * number to the last, inclusive.
 */
export const recordsOfFailedBatch = async (streams: DynamoDBStreamsClient, info: StreamBatchInfo): Promise<DynamoDBRecord[]> => {
  const end = BigInt(info.endSequenceNumber);
  let { ShardIterator } = await streams.send(
    new GetShardIteratorCommand({ StreamArn: info.streamArn, ShardId: info.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: info.startSequenceNumber }),
  );
  const records: DynamoDBRecord[] = [];
  for (let page = 0; ShardIterator && page < 100; page++) {
    const result = await streams.send(new GetRecordsCommand({ ShardIterator }));
    for (const record of result.Records ?? []) {
      const seq = BigInt(record.dynamodb?.SequenceNumber ?? '0');
      if (seq > end) return records;
      records.push(record as unknown as DynamoDBRecord);
    }
    if (!result.Records?.length) break;
    ShardIterator = result.NextShardIterator;
  }
  return records;
};
