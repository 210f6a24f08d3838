import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { fixedWindow } from '../domain/directory-search';
import type { Store } from '../runtime/deps';
import { boroughPartition } from './keys';

/**
 * Counts one request of a caller against a fixed-window limit: one small item per caller, kind and
 * window, counted atomically (ADD) and expired by TTL soon after its window. Returns whether the
 * request is within the limit, and when the next window opens.
 * @example const { allowed, retryAfterSeconds } = await countRequest(store, 'city-and-hackney', 'sally', 'directory-search', { perWindow: 30, windowMs: 60_000 }, now)
 */
export const countRequest = async (
  store: Store,
  borough: string,
  callerId: string,
  kind: string,
  limit: { perWindow: number; windowMs: number },
  now: Date,
): Promise<{ allowed: boolean; retryAfterSeconds: number }> => {
  const window = fixedWindow(limit, now);
  const answer = await store.doc.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: { pk: boroughPartition(borough, `RATE#${callerId}`), sk: `${kind}#${String(window.startedAt)}` },
      UpdateExpression: 'ADD #count :one SET entity = :entity, expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#count': 'count' },
      ExpressionAttributeValues: { ':one': 1, ':entity': 'rate-count', ':expiresAt': Math.floor((window.startedAt + 2 * limit.windowMs) / 1000) },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  const count = Number(answer.Attributes?.count ?? 0);
  return { allowed: count <= limit.perWindow, retryAfterSeconds: window.retryAfterSeconds };
};
