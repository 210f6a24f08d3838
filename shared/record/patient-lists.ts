import * as z from 'zod/mini';
import { patientPartition, type ItemKey } from '../store/keys';
import { newestFirst } from '../store/newest-first';
import { withoutKeys } from '../store/table-definition';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, type Page } from '../http/pagination';
import { patientRecord, type AccessOptions } from './patient-record';
import type { RouteContext } from '../http/route';

type Item = Record<string, unknown>;
type ListContext = RouteContext<unknown, { limit?: number; cursor?: string }, unknown>;

const Position = z.strictObject({ before: z.string().check(z.maxLength(300)) });

/**
 * One consent-checked page of a patient's time-ordered collection (`prefix` of the sort key), newest
 * first, with the opaque cursor to the next. `alsoKeys` are read with the consent check (e.g. the
 * summary a list is compared with); `access` when the decision is not the route's own (e.g. one
 * grantee's conversation).
 * @example const { page } = await newestFirstPage(ctx, SK.logPrefix)
 */
export const newestFirstPage = async <T = Item>(
  ctx: ListContext,
  prefix: string,
  options: { map?: (item: Item) => T; alsoKeys?: (patientId: string) => ItemKey[]; access?: AccessOptions } = {},
): Promise<{ page: Page<T>; patientId: string; item(key: ItemKey): Item | undefined }> => {
  const borough = ctx.deps.config.borough.id;
  const position = decodeCursor(ctx.query.cursor, Position);
  const record = patientRecord(ctx);
  const read = await record.list(
    (patientId) =>
      newestFirst(ctx.deps.store, { pk: patientPartition(borough, patientId), prefix, limit: ctx.query.limit ?? DEFAULT_LIMIT, ...(position ? { before: `${prefix}${position.before}` } : {}) }),
    options.alsoKeys,
    options.access,
  );
  const last = read.data.items.at(-1);
  const map = options.map ?? ((item: Item) => withoutKeys(item) as T);
  return {
    patientId: record.patientId,
    item: read.item,
    page: { items: read.data.items.map(map), ...(read.data.more && last ? { nextCursor: encodeCursor({ before: String(last.sk).slice(prefix.length) }) } : {}) },
  };
};
