import type { PushPayload } from '../domain/push';

/** The platform's VAPID key pair (base64url: the 65-byte public point, the 32-byte private scalar). */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** One device to push to: its push service's address and the keys to encrypt for it. */
export interface PushDestination {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface PushOptions {
  ttlSeconds: number;
  urgency: 'high' | 'normal';
  /** Who the push services may contact about this sender (VAPID `sub`): the borough's `mailto:` address. */
  subject: string;
}

/**
 * Web Push behind one small interface (like MessageSender), so that delivery runs the same in AWS,
 * locally and in tests. `gone` is the push service saying the subscription no longer exists (404, 410).
 */
export interface PushSender {
  /** The VAPID public key browsers subscribe with; undefined where push is not set up. */
  publicKey(): Promise<string | undefined>;
  send(to: PushDestination, payload: PushPayload, options: PushOptions): Promise<'sent' | 'gone'>;
}

/** How long one push service may take to answer before the delivery fails (and is retried). */
const PUSH_TIMEOUT_MS = 10_000;

/**
 * Web Push with VAPID: web-push encrypts the payload (aes128gcm, RFC 8291) and signs the VAPID JWT
 * (RFC 8292); the request goes out with fetch, which never follows a redirect here (an allowed push
 * host cannot bounce the platform to another address) and which, unlike web-push's own sender, can
 * also reach the local platform's plain-HTTP stand-in.
 * @example webPushSender(() => Promise.resolve(keys))
 */
export const webPushSender = (keys: () => Promise<VapidKeys | undefined>): PushSender => ({
  publicKey: async () => (await keys())?.publicKey,
  send: async (to, payload, options) => {
    const vapid = await keys();
    if (!vapid) throw new Error('Push is not set up: there is no VAPID key.');
    // Loaded on the first push, not at a cold start that may only serve the inbox or an email.
    // web-push is CommonJS: under an ESM loader (tsx, `npm start`) its functions are on `default` only.
    const loaded: typeof import('web-push') & { default?: typeof import('web-push') } = await import('web-push');
    const { generateRequestDetails } = loaded.default ?? loaded;
    const details = generateRequestDetails({ endpoint: to.endpoint, keys: to.keys }, JSON.stringify(payload), {
      vapidDetails: { subject: options.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      TTL: options.ttlSeconds,
      urgency: options.urgency,
      contentEncoding: 'aes128gcm',
    });
    const response = await fetch(details.endpoint, { method: 'POST', headers: details.headers, body: new Uint8Array(details.body), redirect: 'manual', signal: AbortSignal.timeout(PUSH_TIMEOUT_MS) });
    await response.arrayBuffer();
    if (response.status === 404 || response.status === 410) return 'gone';
    // The status only: the endpoint is a capability address and stays out of logs.
    if (response.status < 200 || response.status >= 300) throw new Error(`The push service answered ${response.status}.`);
    return 'sent';
  },
});
