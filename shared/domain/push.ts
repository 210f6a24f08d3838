import { createHash, createPublicKey } from 'node:crypto';
import * as z from 'zod/mini';
import { webLink } from './notifications';

/**
 * The push services browsers subscribe with (Chrome and Edge on Android through FCM, Firefox through
 * Mozilla's autopush, Edge on Windows through WNS, Safari and iOS home-screen apps through Apple's):
 * the only hosts the platform will POST to, since the address comes from the client (SSRF).
 */
const PUSH_HOSTS: readonly string[] = ['fcm.googleapis.com', 'updates.push.services.mozilla.com', 'web.push.apple.com'];
const PUSH_HOST_SUFFIXES: readonly string[] = ['.push.services.mozilla.com', '.notify.windows.com', '.push.apple.com'];

/** Where the local platform's stand-in push service listens (infra/local/local-push.ts). */
export const LOCAL_PUSH_PATH = '/local-push/';

/** Devices per person: a new one past this replaces the one used least recently (a phone given away never blocks the next). */
export const PUSH_DEVICE_CAP = 10;
export const PUSH_ENDPOINT_MAX_CHARS = 1024;

/** One of the hosts, or one DNS label under one of the suffixes (`wns2-db5p.notify.windows.com`). */
const isPushServiceHost = (host: string): boolean => PUSH_HOSTS.includes(host) || PUSH_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix) && /^[a-z0-9-]{1,63}$/.test(host.slice(0, -suffix.length)));

/**
 * Why the platform will not send to this endpoint, or undefined when it will: an `https:` URL on a
 * known push service's host, on the default port, without credentials; or, only where the platform's
 * own config names it (the local platform and tests, never AWS), on the local push endpoint's origin.
 * @example pushEndpointRefusal('https://fcm.googleapis.com/fcm/send/abc', undefined) // undefined
 */
export const pushEndpointRefusal = (endpoint: string, localOrigin: string | undefined): string | undefined => {
  const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
  if (!url) return 'is not a URL';
  if (localOrigin !== undefined && url.origin === localOrigin && url.pathname.startsWith(LOCAL_PUSH_PATH) && url.username === '' && url.password === '') return undefined;
  if (url.protocol !== 'https:') return 'must be an https: address';
  if (url.username !== '' || url.password !== '' || url.port !== '') return 'must be a push service address without credentials or a port';
  if (!isPushServiceHost(url.hostname)) return "is not a known push service's address";
  return undefined;
};

const base64urlBytes =
  (length: number) =>
  (text: string): boolean =>
    /^[A-Za-z0-9_-]+$/.test(text) && Buffer.from(text, 'base64url').length === length;

/** An uncompressed P-256 point (65 bytes, 0x04, x, y) that is on the curve: what the browser's p256dh key is. */
const isP256Point = (text: string): boolean => {
  if (!base64urlBytes(65)(text)) return false;
  const point = Buffer.from(text, 'base64url');
  if (point[0] !== 4) return false;
  try {
    createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
};

/** The browser's PushSubscription as `toJSON()` gives it, with an optional label the person chose for the device. */
export const PushSubscriptionBody = z.strictObject({
  endpoint: z.string().check(z.minLength(1), z.maxLength(PUSH_ENDPOINT_MAX_CHARS)),
  expirationTime: z.optional(z.nullable(z.number().check(z.int(), z.nonnegative()))),
  keys: z.strictObject({
    p256dh: z.string().check(z.maxLength(100), z.refine(isP256Point, 'must be an uncompressed P-256 public key (65 bytes, base64url)')),
    auth: z.string().check(z.maxLength(40), z.refine(base64urlBytes(16), 'must be 16 bytes, base64url')),
  }),
  label: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(60))),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionBody>;

/** One device as its owner sees it: never the endpoint or the keys. */
export const PushDeviceView = z.strictObject({ subscriptionId: z.string(), label: z.optional(z.string()), createdAt: z.string(), lastUsedAt: z.optional(z.string()) });
export type PushDevice = z.infer<typeof PushDeviceView>;

/** A subscription's id: a hash of its endpoint, so that subscribing the same device again is the same item. */
export const subscriptionIdOf = (endpoint: string): string => createHash('sha256').update(endpoint).digest('base64url').slice(0, 32);
export const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{32}$/;

/** What a push shows on a lock screen: the same words as an SMS (no name, nothing clinical) and the page to open. */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
}

export const PUSH_TITLE = 'Recovery platform';

/** @example pushPayload('https://recovery.example', 'You have a new message.', '/messages/x') */
export const pushPayload = (webOrigin: string | undefined, text: string, page: string): PushPayload => ({ title: PUSH_TITLE, body: text, url: webOrigin ? webLink(webOrigin, page) : `/#${page}` });

/**
 * How long a push service keeps trying a phone that is off (a day: a red alert not yet answered still
 * matters hours later, and the inbox keeps it anyway), and how hard: urgent ones wake the phone at once.
 */
export const pushDelivery = (urgent: boolean): { ttlSeconds: number; urgency: 'high' | 'normal' } => ({ ttlSeconds: 24 * 60 * 60, urgency: urgent ? 'high' : 'normal' });
