import * as z from 'zod/mini';
import { ValidationProblemError } from './problem';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** `limit` (1 to 100, default 20) and an opaque `cursor`, for every list. */
export const pageQuery = {
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_LIMIT))),
  cursor: z.optional(z.string().check(z.maxLength(512))),
};

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export const pageSchema = <T extends z.ZodMiniType>(item: T) => z.strictObject({ items: z.array(item), nextCursor: z.optional(z.string()) });

/** A position in a list, opaque to the client: base64url of a small JSON object. */
export const encodeCursor = (position: Record<string, string | number>): string => Buffer.from(JSON.stringify(position)).toString('base64url');

/**
 * Reads a cursor back, checking its shape; a cursor that was not ours is a 422 on `query.cursor`.
 * Cursors carry positions only (never keys of the table), so they cannot point into other data.
 */
export const decodeCursor = <T>(cursor: string | undefined, shape: z.ZodMiniType<T>): T | undefined => {
  if (cursor === undefined) return undefined;
  try {
    const parsed = z.safeParse(shape, JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the problem below
  }
  throw new ValidationProblemError(422, 'The cursor is not one this list gave out.', [{ field: 'query.cursor', detail: 'is not a valid cursor' }]);
};
