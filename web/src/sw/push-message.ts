/** What a push from the platform shows: the notifications service's words (never clinical, never a name) and the page it is about. */
export interface PushNotification {
  title: string;
  body: string;
  url: string;
}

/** Shown when a push arrives without a message this site can read (every push must show something). */
const FALLBACK: PushNotification = { title: 'My recovery plan', body: 'You have a new notification. Open the app to see it.', url: '/#/notifications' };

const text = (value: unknown, max: number): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : undefined);

/** The notification for a push's data (`{ title, body, url }` as JSON), or a plain one if it is not that. */
export const notificationOf = (data: string | undefined): PushNotification => {
  let parsed: unknown;
  try {
    parsed = data === undefined ? undefined : JSON.parse(data);
  } catch {
    return FALLBACK;
  }
  if (typeof parsed !== 'object' || parsed === null) return FALLBACK;
  const fields = parsed as Record<string, unknown>;
  return { title: text(fields.title, 100) ?? FALLBACK.title, body: text(fields.body, 300) ?? FALLBACK.body, url: text(fields.url, 2000) ?? FALLBACK.url };
};

/** A page of this site to open for a notification; anything else (another origin, a script URL) opens the home page. */
export const sameOriginPage = (url: string, origin: string): string => {
  try {
    const target = new URL(url, origin);
    return target.origin === origin ? target.href : `${origin}/`;
  } catch {
    return `${origin}/`;
  }
};
