import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { DynamoDBRecord } from 'aws-lambda';
import { lambdaContext } from './http-event';
import type { StreamHandler } from './stream-poller';

/**
 * Hands each dead-lettered stream record to the handler again (the handler is idempotent on the
 * event id). Records that fail again stay in the file; the others leave it.
 * @example await replayDeadLetters(file, (tableName) => handlerFor(tableName))
 */
export const replayDeadLetters = async (file: string, handlerFor: (tableName: string) => StreamHandler | undefined): Promise<{ replayed: number; failed: number }> => {
  if (!existsSync(file)) return { replayed: 0, failed: 0 };
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const kept: string[] = [];
  let replayed = 0;
  for (const line of lines) {
    const letter = JSON.parse(line) as { tableName: string; record: DynamoDBRecord };
    const handler = handlerFor(letter.tableName);
    const result = handler ? await handler({ Records: [letter.record] }, lambdaContext('notifications-replay')).catch(() => undefined) : undefined;
    if (!result || result.batchItemFailures.length > 0) kept.push(line);
    else replayed++;
  }
  writeFileSync(file, kept.length ? `${kept.join('\n')}\n` : '');
  return { replayed, failed: kept.length };
};
