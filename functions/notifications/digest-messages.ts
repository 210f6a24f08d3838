import * as z from 'zod/mini';

/** People per queued message: a message's sends fit well within one invocation. */
export const USERS_PER_MESSAGE = 20;

/** Messages per invocation (the event source mapping's batch size), the same locally. */
export const DIGEST_BATCH_SIZE = 2;

/** Receives before a message is dead-lettered (the queue's maxReceiveCount), the same locally. */
export const DIGEST_MAX_RECEIVES = 3;

const day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day (YYYY-MM-DD)'));
const userId = z.string().check(z.minLength(1), z.maxLength(128));

/**
 * What the digest queue carries: ids and a day, never anything a person wrote.
 * - `send`: send these people their digest of `day`.
 * - `plan`: the planner's continuation, from past the user `after` (it ran out of time).
 */
export const DigestMessageSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('send'), day, userIds: z.array(userId).check(z.minLength(1), z.maxLength(USERS_PER_MESSAGE)) }),
  z.strictObject({ kind: z.literal('plan'), day, after: z.optional(userId) }),
]);

export type DigestMessage = z.infer<typeof DigestMessageSchema>;

/** A queued body as a message, or an error naming what is wrong (the record then fails, and is dead-lettered). */
export const parseDigestMessage = (body: string): DigestMessage => DigestMessageSchema.parse(JSON.parse(body));

/** The day a digest run belongs to (UTC, as the schedule's hour is). */
export const digestDay = (now: Date): string => now.toISOString().slice(0, 10);
