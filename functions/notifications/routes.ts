import * as z from 'zod/mini';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, pageQuery } from '../../shared/http/pagination';
import { NotFoundError } from '../../shared/http/problem';
import { defineRoute, type Route } from '../../shared/http/route';
import { inboxPage, markRead } from '../../shared/store/inbox-repository';
import { readPreferences, writePreferences } from '../../shared/store/channel-repository';
import { callerOf } from '../../shared/http/request-actor';

const InboxQuery = z.strictObject(pageQuery);
const NoteParams = z.strictObject({ notificationId: z.string().check(z.regex(/^\d{13}-[A-Za-z0-9-]{1,64}$/, 'must be a notification id')) });

const PreferencesBody = z.strictObject({ email: z.enum(['off', 'immediate', 'digest']), sms: z.enum(['off', 'urgent']) });

/** A page of the inbox (shared/store/inbox-repository.ts `InboxNotification`) with the unread count. */
const InboxView = z.strictObject({
  unread: z.int(),
  items: z.array(z.strictObject({ notificationId: z.string(), type: z.string(), title: z.string(), link: z.string(), urgent: z.boolean(), read: z.boolean(), at: z.string() })),
  nextCursor: z.optional(z.string()),
});

/** The in-app inbox: every signed-in user's own notifications, and how they want to hear of them. */
export const routes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof PreferencesBody>>({
    method: 'GET',
    path: '/me/notification-preferences',
    summary: 'How I hear of notifications: email (off, immediate, digest) and SMS (off, urgent)',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: PreferencesBody },
    handle: async (ctx) => readPreferences(ctx.deps.store, ctx.deps.config.borough.id, callerOf(ctx).id),
  }),
  defineRoute<z.infer<typeof PreferencesBody>, Record<string, never>, Record<string, string>, z.infer<typeof PreferencesBody>>({
    method: 'PUT',
    path: '/me/notification-preferences',
    summary: 'Choose channels; red alerts and emergency access are never delayed into a digest',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    body: PreferencesBody,
    response: { status: 200, schema: PreferencesBody },
    example: { body: { email: 'immediate', sms: 'urgent' } },
    handle: async (ctx) => {
      await writePreferences(ctx.deps.store, ctx.deps.config.borough.id, callerOf(ctx).id, ctx.body);
      return ctx.body;
    },
  }),
  defineRoute<undefined, z.infer<typeof InboxQuery>, Record<string, string>, Record<string, unknown>>({
    method: 'GET',
    path: '/me/notifications',
    summary: 'My notifications, newest first, paginated, with the unread count',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    query: InboxQuery,
    response: { status: 200, schema: InboxView },
    handle: async (ctx) => {
      const actor = callerOf(ctx);
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
      const result = await markRead(ctx.deps.store, ctx.deps.config.borough.id, callerOf(ctx).id, ctx.params.notificationId);
      if (result === 'missing') throw new NotFoundError('No such notification.');
      return new Response(null, { status: 204 });
    },
  }),
];
