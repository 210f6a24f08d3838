import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { lambdaContext } from '../http-event';
import { required } from '../../required';
import { asLambdaRecord, sequenceOf } from './records';
import type { StreamHandler } from './types';

/** Attempts before a record is dead-lettered, with pauses of 0.25, 0.5, 1, 2 and 4 s between them. */
export const MAX_ATTEMPTS = 6;

/** The pause before a record's next attempt, after `attempts` failed ones: 0.25 s, doubling. */
export const retryPauseMs = (attempts: number): number => 250 * 2 ** (attempts - 1);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits `ms`, or less if `stopped` turns true meanwhile (looked at every 50 ms). */
const pause = async (ms: number, stopped: () => boolean): Promise<void> => {
  const until = Date.now() + ms;
  while (!stopped() && Date.now() < until) await sleep(Math.min(50, until - Date.now()));
};

/** A record that failed its last attempt, as the SQS dead-letter queue would hold it: one line of the local file. */
const deadLetter = (file: string, tableName: string, record: DynamoDBRecord, attempts: number): void => {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ failedAt: new Date().toISOString(), attempts, tableName, record })}\n`);
};

/**
 * Hands a batch to the handler as Lambda's event source mapping does: the records it reports failed
 * (all of them when it throws) are tried again after a growing pause, until they go through or, after
 * MAX_ATTEMPTS, into the dead-letter file. Resolves when every record of the batch is through, or at
 * once when the poller stops.
 */
export const batchHandler = (options: { client: DynamoDBClient; tableName: string; handler: StreamHandler; deadLetterFile: string; poller: string; stopped: () => boolean }) => {
  const attempts = new Map<string, number>();

  /** Whether DynamoDB Local answers at all (a failure while it is away is not the record's fault). */
  const reachable = () =>
    options.client.send(new DescribeTableCommand({ TableName: options.tableName })).then(
      () => true,
      () => false,
    );

  return async (records: _Record[]): Promise<void> => {
    let pending = records.map(asLambdaRecord);
    // A stopped poller hands over nothing more, not even a retry (in AWS, a disabled mapping).
    while (pending.length > 0 && !options.stopped()) {
      // As Lambda does: a thrown error (Powertools throws when every record failed) fails them all.
      const result = await options.handler({ Records: pending }, lambdaContext(options.poller)).catch(() => ({
        batchItemFailures: pending.map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })),
      }));
      const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      // While the database is away, every record fails through no fault of its own: wait for it to come
      // back without spending the records' attempts, or a restart slower than the retries would
      // dead-letter a red alert.
      if (failed.size > 0 && !(await reachable())) {
        while (!options.stopped() && !(await reachable())) await sleep(250);
        continue;
      }
      const retry: DynamoDBRecord[] = [];
      for (const record of pending.filter((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''))) {
        const key = sequenceOf(record);
        const n = (attempts.get(key) ?? 0) + 1;
        attempts.set(key, n);
        if (n < MAX_ATTEMPTS) retry.push(record);
        else deadLetter(options.deadLetterFile, options.tableName, record, n);
      }
      for (const record of pending) if (!retry.includes(record)) attempts.delete(record.dynamodb?.SequenceNumber ?? '');
      pending = retry;
      // As Lambda does, retry after a pause that grows: a database away for a few seconds loses nothing.
      const first = retry[0];
      if (first) await pause(retryPauseMs(required(attempts.get(sequenceOf(first)), 'attempts of a record to retry')), options.stopped);
    }
  };
};
