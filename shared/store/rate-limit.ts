import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { fixedWindow } from '../domain/directory-search';
import type { Store } from '../runtime/deps';
import { boroughPartition, type ItemKey } from './keys';
import { conditionFailed } from './transaction-errors';

/** So many attempts per window of so many seconds. */
export interface RateLimit {
  perWindow: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** RATE#<what>, sort key <who>#<window start>: one counter per caller and window, gone by TTL after it. */
const counterKey = (borough: string, what: string, who: string, windowStart: number): ItemKey => ({ pk: boroughPartition(borough, `RATE#${what}`), sk: `${who}#${windowStart}` });

/**
 * Counts one attempt of `who` at `what` in the current fixed window and says whether it is within the
 * limit: one conditional UpdateItem (ADD under the limit), so concurrent attempts cannot slip past it.
 * A fixed window lets up to twice the limit through across a window's edge, which is enough to stop
 * probing. (Libraries such as rate-limiter-flexible want a table of their own; this stays in the
 * borough's table, under its encryption and backups.)
 */
export const countAttempt = async (store: Store, borough: string, what: string, who: string, limit: RateLimit, now: Date): Promise<RateDecision> => {
  const window = fixedWindow({ windowMs: limit.windowSeconds * 1000 }, now);
  const windowStart = window.startedAt / 1000;
  try {
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: counterKey(borough, what, who, windowStart),
        UpdateExpression: 'ADD attempts :one SET entity = :entity, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit',
        ExpressionAttributeValues: { ':one': 1, ':entity': 'rate-counter', ':expires': windowStart + 2 * limit.windowSeconds, ':limit': limit.perWindow },
      }),
    );
    return { allowed: true };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    return { allowed: false, retryAfterSeconds: window.retryAfterSeconds };
  }
};
