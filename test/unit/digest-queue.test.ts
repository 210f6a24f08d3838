import { SendMessageBatchCommand, type SendMessageBatchCommandInput, type SendMessageBatchCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import { inProcessQueue } from '../../shared/events/in-process-queue';
import { sqsWorkQueue, WorkQueueSendError } from '../../shared/events/work-queue';

type Failure = { Id: string; SenderFault: boolean; Code: string };

/** An SQS client that records each SendMessageBatch and refuses entries as told, call by call. */
const fakeSqs = (refusals: ((input: SendMessageBatchCommandInput) => Failure[])[] = []) => {
  const calls: SendMessageBatchCommandInput[] = [];
  const client = {
    send: async (command: SendMessageBatchCommand): Promise<Partial<SendMessageBatchCommandOutput>> => {
      expect(command).toBeInstanceOf(SendMessageBatchCommand);
      calls.push(command.input);
      const refuse = refusals[calls.length - 1];
      return { Successful: [], Failed: refuse ? refuse(command.input) : [] };
    },
  } as unknown as Pick<SQSClient, 'send'>;
  return { client, calls };
};

describe('the work queue in AWS (SQS SendMessageBatch)', () => {
  it('sends at most 10 entries a call, as JSON bodies, to its queue', async () => {
    const { client, calls } = fakeSqs();
    await sqsWorkQueue<{ n: number }>('https://sqs/q', client).send(Array.from({ length: 23 }, (_, n) => ({ n })));
    expect(calls.map((c) => c.Entries!.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.QueueUrl === 'https://sqs/q')).toBe(true);
    expect(calls.flatMap((c) => c.Entries!.map((e) => JSON.parse(e.MessageBody!) as { n: number }).map((b) => b.n))).toEqual(Array.from({ length: 23 }, (_, n) => n));
  });

  it('sends again only the entries SQS refused for its own reasons', async () => {
    const { client, calls } = fakeSqs([(input) => [{ Id: input.Entries![1]!.Id!, SenderFault: false, Code: 'ServiceUnavailable' }]]);
    await sqsWorkQueue<string>('q', client).send(['a', 'b', 'c']);
    expect(calls.map((c) => c.Entries!.map((e) => e.MessageBody))).toEqual([['"a"', '"b"', '"c"'], ['"b"']]);
  });

  it("fails, naming how many and why, when entries are still refused or refused for the sender's fault", async () => {
    const always = (input: SendMessageBatchCommandInput) => [{ Id: input.Entries![0]!.Id!, SenderFault: false, Code: 'ServiceUnavailable' }];
    await expect(sqsWorkQueue<string>('q', fakeSqs([always, always, always]).client).send(['a'])).rejects.toThrow(new WorkQueueSendError(1, 'ServiceUnavailable'));
    const invalid = fakeSqs([(input) => [{ Id: input.Entries![0]!.Id!, SenderFault: true, Code: 'InvalidMessageContents' }]]);
    await expect(sqsWorkQueue<string>('q', invalid.client).send(['a'])).rejects.toThrow('1 message(s) could not be queued (InvalidMessageContents)');
    expect(invalid.calls).toHaveLength(1);
  });
});

describe('the work queue locally (in process)', () => {
  it('hands messages over as SQS records in batches, retries the failed ones, then dead-letters them', async () => {
    const queue = inProcessQueue<{ n: number }>();
    await queue.send([1, 2, 3, 4, 5].map((n) => ({ n })));
    const seen: { n: number; receives: string; source: string }[] = [];
    const result = await queue.drain(
      async (event) => {
        const records = event.Records.map((r) => ({ r, body: JSON.parse(r.body) as { n: number } }));
        seen.push(...records.map(({ r, body }) => ({ n: body.n, receives: r.attributes.ApproximateReceiveCount, source: r.eventSource })));
        // 4 always fails; 2 fails once; a message sent meanwhile is handled too.
        if (records.some(({ body }) => body.n === 1)) await queue.send([{ n: 6 }]);
        return { batchItemFailures: records.filter(({ body, r }) => body.n === 4 || (body.n === 2 && r.attributes.ApproximateReceiveCount === '1')).map(({ r }) => ({ itemIdentifier: r.messageId })) };
      },
      { batchSize: 2, maxReceives: 3 },
    );
    expect(result).toEqual({ handled: 5, deadLetters: [{ n: 4 }] });
    expect(seen.filter((s) => s.n === 4).map((s) => s.receives)).toEqual(['1', '2', '3']);
    expect(seen.filter((s) => s.n === 2).map((s) => s.receives)).toEqual(['1', '2']);
    expect(seen.every((s) => s.source === 'aws:sqs')).toBe(true);
  });

  it('counts a batch whose handler throws as failed whole', async () => {
    const queue = inProcessQueue<string>();
    await queue.send(['a', 'b']);
    const result = await queue.drain(async () => Promise.reject(new Error('boom')), { batchSize: 10, maxReceives: 2 });
    expect(result).toEqual({ handled: 0, deadLetters: ['a', 'b'] });
  });
});
