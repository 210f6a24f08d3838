import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/dynamo-local';
import { batchInfoOf, recordsOfFailedBatch } from '../../infra/ops/failed-batch';
import { makeTestTable, testEndpoint, type TestTable } from '../support/dynamo';

describe("replaying a dead-lettered batch from the stream (the AWS DLQ's positions)", () => {
  let table: TestTable;
  const streams = new DynamoDBStreamsClient({ endpoint: testEndpoint(), region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  beforeAll(async () => {
    table = await makeTestTable('replay', { streams: true });
  });
  afterAll(async () => {
    streams.destroy();
    await table.drop();
  });

  it('reads back exactly the records between the first and last sequence numbers', async () => {
    for (let i = 1; i <= 5; i++) await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { pk: 'P', sk: `item-${i}` } }));
    const streamArn = (await table.client.send(new DescribeTableCommand({ TableName: table.tableName }))).Table!.LatestStreamArn!;
    const shardId = (await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription!.Shards![0]!.ShardId!;
    const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
    const all = (await streams.send(new GetRecordsCommand({ ShardIterator: ShardIterator! }))).Records!;
    expect(all).toHaveLength(5);

    // The message Lambda's on-failure destination writes, for records 2 to 4.
    const body = JSON.stringify({
      version: '1.0',
      DDBStreamBatchInfo: { streamArn, shardId, startSequenceNumber: all[1]!.dynamodb!.SequenceNumber, endSequenceNumber: all[3]!.dynamodb!.SequenceNumber, batchSize: 3 },
    });
    const info = batchInfoOf(body)!;
    const records = await recordsOfFailedBatch(streams, info);
    expect(records.map((r) => r.dynamodb?.Keys?.sk?.S)).toEqual(['item-2', 'item-3', 'item-4']);
  });

  it('ignores a message that names no batch', () => {
    expect(batchInfoOf('{"hello":1}')).toBeUndefined();
    expect(batchInfoOf('not json')).toBeUndefined();
  });
});
