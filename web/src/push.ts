/**
 * Web Push on this device (docs/notifications.md, "Push"): what the browser can do, and the same
 * subscription id the API gives a device (shared/domain/push.ts subscriptionIdOf: SHA-256 of the
 * endpoint, base64url, first 32 characters), so that turning off names the device without asking.
 */

/** The browser can subscribe to push and show notifications: a service worker, the Push API and the Notifications API. */
export const pushSupported = (): boolean => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** An iPhone or iPad, where push works only in the site added to the Home Screen and opened from there. */
export const isApplePhone = (): boolean => /iPhone|iPad|iPod/.test(navigator.userAgent) || (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1);

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The bytes of a base64url text (the VAPID public key, as the API gives it). */
export const bytesOf = (text: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(
    text
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(text.length / 4) * 4, '='),
  );
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

/** The API's id of the device subscribed at `endpoint`. */
export const subscriptionIdOf = async (endpoint: string): Promise<string> => base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(endpoint)))).slice(0, 32);

/** The site's service worker once it is active; undefined if none is there within `waitMs` (a browser that never installed it). */
export const activeRegistration = async (waitMs = 10_000): Promise<ServiceWorkerRegistration | undefined> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), waitMs)));
  try {
    return await Promise.race([navigator.serviceWorker.ready, late]);
  } finally {
    clearTimeout(timer);
  }
};

/** A name for the device in the list of devices, from what the browser says it is (never more than that). */
export const deviceLabel = (): string => {
  const agent = navigator.userAgent;
  if (/iPhone/.test(agent)) return 'iPhone';
  if (/iPad/.test(agent)) return 'iPad';
  if (/Android/.test(agent)) return /Mobile/.test(agent) ? 'Android phone' : 'Android tablet';
  return 'Web browser';
};
