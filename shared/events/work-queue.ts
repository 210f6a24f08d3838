import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';

/**
 * Work for a worker function, as small JSON messages: SQS in AWS, in-process locally
 * (./in-process-queue.ts), so that both run the same producer and worker code.
 */
export interface WorkQueue<T> {
  send(messages: readonly T[]): Promise<void>;
}

/** Entries per SendMessageBatch call (an SQS limit). */
export const SQS_BATCH_ENTRIES = 10;

/** Attempts at entries SQS refused (throttled, say) before the send fails. */
const ATTEMPTS = 3;

/** Some messages could not be queued: the caller fails, so that its own retry queues them again. */
export class WorkQueueSendError extends Error {
  constructor(count: number, code: string | undefined) {
    super(`${count} message(s) could not be queued (${code ?? 'unknown error'})`);
    this.name = 'WorkQueueSendError';
  }
}

/** Splits a list into runs of at most `size`. */
export const chunk = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * The queue in AWS: SendMessageBatch, ten entries a call, the calls of one send at once; entries SQS
 * refused are sent again, and still refused ones fail the send.
 * @example sqsWorkQueue<DigestMessage>(queueUrl).send([{ kind: 'send', day, userIds }])
 */
export const sqsWorkQueue = <T>(queueUrl: string, client: Pick<SQSClient, 'send'> = new SQSClient({})): WorkQueue<T> => {
  const sendBatch = async (bodies: string[]): Promise<void> => {
    let waiting = bodies.map((body, i) => ({ Id: String(i), MessageBody: body }));
    for (let attempt = 1; waiting.length > 0; attempt++) {
      const { Failed = [] } = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: waiting }));
      if (Failed.length > 0 && (attempt >= ATTEMPTS || Failed.some((f) => f.SenderFault))) throw new WorkQueueSendError(Failed.length, Failed[0]?.Code);
      const failed = new Set(Failed.map((f) => f.Id));
      waiting = waiting.filter((e) => failed.has(e.Id));
    }
  };
  return {
    send: async (messages) => {
      await Promise.all(
        chunk(
          messages.map((m) => JSON.stringify(m)),
          SQS_BATCH_ENTRIES,
        ).map(sendBatch),
      );
    },
  };
};

/** The queue in AWS on a new SQS client, traced when the function's tracing is on. */
export const tracedSqsWorkQueue = <T>(queueUrl: string, capture: <C>(client: C) => C): WorkQueue<T> => sqsWorkQueue<T>(queueUrl, capture(new SQSClient({})));
