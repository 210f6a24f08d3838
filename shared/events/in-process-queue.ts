import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { WorkQueue } from './work-queue';

/** What Lambda's SQS event source hands a function: a batch of records, some of which may fail. */
export type SqsConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

export interface DrainOptions {
  /** Records per call (the event source mapping's batch size). */
  batchSize?: number;
  /** Receives before a message is dead-lettered (the queue's maxReceiveCount). */
  maxReceives?: number;
}

export interface InProcessQueue<T> extends WorkQueue<T> {
  /**
   * Hands the waiting messages to `consume` as SQS events until none is left, including messages
   * queued meanwhile. A record reported failed (or the whole batch, when `consume` throws) waits
   * again, up to `maxReceives`; then it is a dead letter.
   */
  drain(consume: SqsConsumer, options?: DrainOptions): Promise<{ handled: number; deadLetters: T[] }>;
}

interface Waiting {
  messageId: string;
  body: string;
  receives: number;
}

const recordOf = (message: Waiting): SQSRecord => ({
  messageId: message.messageId,
  receiptHandle: message.messageId,
  body: message.body,
  attributes: { ApproximateReceiveCount: String(message.receives), SentTimestamp: String(Date.now()), SenderId: 'local', ApproximateFirstReceiveTimestamp: String(Date.now()) },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:local:000000000000:in-process',
  awsRegion: 'local',
});

/**
 * The queue locally and in tests: messages wait in memory, as JSON like SQS bodies, until drained
 * through the same handler Lambda would call. @example const q = inProcessQueue<M>(); await q.drain(handler)
 */
export const inProcessQueue = <T>(): InProcessQueue<T> => {
  const waiting: Waiting[] = [];
  return {
    send: (messages) => {
      for (const m of messages) waiting.push({ messageId: randomUUID(), body: JSON.stringify(m), receives: 0 });
      return Promise.resolve();
    },
    drain: async (consume, { batchSize = 10, maxReceives = 3 } = {}) => {
      const deadLetters: T[] = [];
      let handled = 0;
      while (waiting.length > 0) {
        const batch = waiting.splice(0, batchSize);
        for (const m of batch) m.receives++;
        const failed = await consume({ Records: batch.map(recordOf) }).then(
          (response) => new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier)),
          () => new Set(batch.map((m) => m.messageId)),
        );
        for (const m of batch) {
          if (!failed.has(m.messageId)) handled++;
          else if (m.receives >= maxReceives) deadLetters.push(JSON.parse(m.body) as T);
          else waiting.push(m);
        }
      }
      return { handled, deadLetters };
    },
  };
};
