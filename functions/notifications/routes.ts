import * as z from 'zod/mini';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, pageQuery } from '../../shared/http/pagination';
import { NotFoundError, ValidationProblemError } from '../../shared/http/problem';
import { PUSH_DEVICE_CAP, PushDeviceView, pushEndpointRefusal, PushSubscriptionBody, SUBSCRIPTION_ID, subscriptionIdOf, type PushDevice, type PushSubscriptionInput } from '../../shared/domain/push';
import { deletePushSubscription, deviceView, listPushSubscriptions, putPushSubscription } from '../../shared/store/push-repository';
import { defineRoute, type Route } from '../../shared/http/route';
import { inboxPage, markRead } from '../../shared/store/inbox-repository';
import { readPreferences, writePreferences } from '../../shared/store/channel-repository';
import { callerOf } from '../../shared/http/request-actor';
import { jsonResponse } from '../../shared/http/responses';

const InboxQuery = z.strictObject(pageQuery);
const NoteParams = z.strictObject({ notificationId: z.string().check(z.regex(/^\d{13}-[A-Za-z0-9-]{1,64}$/, 'must be a notification id')) });

const PREFERENCE_CHOICES = { email: z.enum(['off', 'immediate', 'digest']), sms: z.enum(['off', 'urgent']), push: z.enum(['off', 'on']) };
const PreferencesView = z.strictObject(PREFERENCE_CHOICES);
/** `push` may be left out (clients from before push): the person's current choice stays. */
const PreferencesBody = z.strictObject({ ...PREFERENCE_CHOICES, push: z.optional(PREFERENCE_CHOICES.push) });

const SubscriptionParams = z.strictObject({ subscriptionId: z.string().check(z.regex(SUBSCRIPTION_ID, 'must be a push subscription id')) });
const DeviceList = z.strictObject({ items: z.array(PushDeviceView) });
const VapidKeyView = z.strictObject({ publicKey: z.string() });

/** A subscription an example may send wherever the routes run: FCM's host, and a real P-256 point. */
const EXAMPLE_SUBSCRIPTION: PushSubscriptionInput = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/example-device',
  expirationTime: null,
  keys: { p256dh: 'BMaUYnlF6pffyWEXjb-qPmZx9U2QZvO8vqvP-5eR-YsswgrukYg6HzxBpEysrut0b1tS2veU1YWFT7I7GhPVlFw', auth: 'V-2nphmX_wIMMIVKK0-UXw' },
  label: 'My phone',
};

/** A page of the inbox (shared/store/inbox-repository.ts `InboxNotification`) with the unread count. */
const InboxView = z.strictObject({
  unread: z.int(),
  items: z.array(z.strictObject({ notificationId: z.string(), type: z.string(), title: z.string(), link: z.string(), urgent: z.boolean(), read: z.boolean(), at: z.string() })),
  nextCursor: z.optional(z.string()),
});

/** The in-app inbox: every signed-in user's own notifications, and how they want to hear of them. */
export const routes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof PreferencesView>>({
    method: 'GET',
    path: '/me/notification-preferences',
    summary: 'How I hear of notifications: email (off, immediate, digest), SMS (off, urgent) and push (off, on)',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: PreferencesView },
    handle: async (ctx) => readPreferences(ctx.deps.store, ctx.deps.config.borough.id, callerOf(ctx).id),
  }),
  defineRoute<z.infer<typeof PreferencesBody>, Record<string, never>, Record<string, string>, z.infer<typeof PreferencesView>>({
    method: 'PUT',
    path: '/me/notification-preferences',
    summary: 'Choose channels; red alerts and emergency access are never delayed into a digest',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    body: PreferencesBody,
    response: { status: 200, schema: PreferencesView },
    example: { body: { email: 'immediate', sms: 'urgent', push: 'on' } },
    handle: async (ctx) => {
      const { store, config } = ctx.deps;
      const userId = callerOf(ctx).id;
      const prefs = { ...ctx.body, push: ctx.body.push ?? (await readPreferences(store, config.borough.id, userId)).push };
      await writePreferences(store, config.borough.id, userId, prefs);
      return prefs;
    },
  }),
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof VapidKeyView>>({
    method: 'GET',
    path: '/push/vapid-public-key',
    summary: "The borough's VAPID public key, for the browser's pushManager.subscribe (applicationServerKey)",
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: VapidKeyView },
    handle: async (ctx) => {
      const publicKey = await ctx.deps.push?.publicKey();
      if (publicKey === undefined) throw new NotFoundError('Push notifications are not set up in this borough.');
      return { publicKey };
    },
  }),
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof DeviceList>>({
    method: 'GET',
    path: '/me/push-subscriptions',
    summary: 'My devices that receive push notifications (never their addresses or keys)',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: DeviceList },
    handle: async (ctx) => {
      const devices = await listPushSubscriptions(ctx.deps.store, ctx.deps.config.borough.id, callerOf(ctx).id);
      return { items: devices.map(deviceView).sort((a, b) => a.createdAt.localeCompare(b.createdAt)) };
    },
  }),
  defineRoute<PushSubscriptionInput, Record<string, never>, Record<string, string>, PushDevice>({
    method: 'POST',
    path: '/me/push-subscriptions',
    summary: `Subscribe this device to push (the browser's PushSubscription); the same endpoint again is the same device; past ${PUSH_DEVICE_CAP} devices the least recently used goes`,
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    body: PushSubscriptionBody,
    response: { status: 201, schema: PushDeviceView },
    example: { body: EXAMPLE_SUBSCRIPTION },
    handle: async (ctx) => {
      const refusal = pushEndpointRefusal(ctx.body.endpoint, ctx.deps.config.localPushOrigin);
      if (refusal !== undefined) throw new ValidationProblemError(422, `The push endpoint ${refusal}.`, [{ field: 'body.endpoint', detail: refusal }]);
      const device = await putPushSubscription(ctx.deps.store, ctx.deps.config.borough.id, callerOf(ctx).id, ctx.body, ctx.deps.clock());
      return jsonResponse(201, device);
    },
  }),
  defineRoute<undefined, Record<string, never>, z.infer<typeof SubscriptionParams>, undefined>({
    method: 'DELETE',
    path: '/me/push-subscriptions/{subscriptionId}',
    summary: 'Stop push notifications to one of my devices (204 also when it is already gone)',
    tags: ['notifications'],
    access: { kind: 'signed-in' },
    params: SubscriptionParams,
    response: { status: 204 },
    example: { params: { subscriptionId: subscriptionIdOf(EXAMPLE_SUBSCRIPTION.endpoint) } },
    handle: async (ctx) => {
      // Idempotent: a device already gone (its push service said so) is as removed as one removed now.
      await deletePushSubscription(ctx.deps.store, ctx.deps.config.borough.id, callerOf(ctx).id, ctx.params.subscriptionId);
      return new Response(null, { status: 204 });
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
