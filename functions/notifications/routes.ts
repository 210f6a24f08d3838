import * as z from 'zod/mini';
import type { Actor } from '../../shared/domain/actor';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, pageQuery } from '../../shared/http/pagination';
import { NotFoundError } from '../../shared/http/problem';
import { defineRoute, type Route } from '../../shared/http/route';
import { inboxPage, markRead } from '../../shared/store/inbox-repository';

const InboxQuery = z.strictObject(pageQuery);
const NoteParams = z.strictObject({ notificationId: z.string().check(z.regex(/^\d{13}-[A-Za-z0-9-]{1,64}$/, 'must be a notification id')) });

/** The in-app inbox: every signed-in user's own notifications. */
export const routes: readonly Route[] = [
  defineRoute<undefined, z.infer<typeof InboxQuery>, Record<string, string>, Record<string, unknown>>({
    method: 'GET',
    path: '/me/notifications',
    summary: 'My notifications, newest first, paginated, with the unread count',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    query: InboxQuery,
    response: { status: 200, schema: z.record(z.string(), z.unknown()) },
    handle: async (ctx) => {
      const actor = ctx.actor as Actor;
      const position = decodeCursor(ctx.query.cursor, z.strictObject({ before: z.string().check(z.maxLength(100)) }));
      const page = await inboxPage(ctx.deps.store, ctx.deps.config.borough.id, actor.id, { limit: ctx.query.limit ?? DEFAULT_LIMIT, ...(position ? { before: position.before } : {}) });
      const last = page.items.at(-1);
      return { unread: page.unread, items: page.items, ...(page.more && last ? { nextCursor: encodeCursor({ before: last.notificationId }) } : {}) };
    },
  }),
  defineRoute<undefined, Record<string, never>, z.infer<typeof NoteParams>, undefined>({
    method: 'POST',
    path: '/me/notifications/{notificationId}/read',
    summary: 'Mark one of my notifications read',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    params: NoteParams,
    response: { status: 204 },
    example: { params: { notificationId: '0000000000001-example' } },
    handle: async (ctx) => {
      const result = await markRead(ctx.deps.store, ctx.deps.config.borough.id, (ctx.actor as Actor).id, ctx.params.notificationId);
      if (result === 'missing') throw new NotFoundError('No such notification.');
      return new Response(null, { status: 204 });
    },
  }),
];
