import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import type { RecordedPush } from '../../infra/local/local-push';
import { subscriptionIdOf } from '../../shared/domain/push';
import { decryptPush, TEST_VAPID } from '../support/push';
import { useBrowserSite } from './harness';
import { PHONE, signIn } from './site';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe's serious and critical findings on the page as it is now (WCAG 2.2 AA), as journeys.test.ts looks for them on every page. */
const seriousViolations = async (page: Page): Promise<string[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
};

/** What the stand-in subscription saw of the page's calls: the options of each subscribe, and each unsubscribe. */
interface StubCalls {
  subscribed: { userVisibleOnly: boolean; applicationServerKey: string }[];
  unsubscribed: number;
}

/**
 * Headless Chromium reaches no real push service here, so the page's PushManager alone is replaced:
 * `subscribe` answers a subscription on the local platform's stand-in push service, with the public
 * key and auth secret of a "phone" the test holds in Node (so the platform really encrypts to it).
 * Everything else (the permission, the service worker, showing the notification) is the browser's own.
 */
const stubPushManager = ({ endpoint, p256dh, auth }: { endpoint: string; p256dh: string; auth: string }): void => {
  const base64url = (bytes: Uint8Array): string =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  const bytesOf = (text: string): Uint8Array => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const calls: StubCalls = { subscribed: [], unsubscribed: 0 };
  (window as unknown as { pushStub: StubCalls }).pushStub = calls;
  const KEY = 'push-stub.subscribed';
  const make = (applicationServerKey: ArrayBuffer): PushSubscription => {
    const subscription = {
      endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey },
      getKey: (name: string) => (name === 'p256dh' ? bytesOf(p256dh).buffer : name === 'auth' ? bytesOf(auth).buffer : null),
      toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
      unsubscribe: () => {
        calls.unsubscribed += 1;
        localStorage.removeItem(KEY);
        return Promise.resolve(true);
      },
    };
    return subscription as unknown as PushSubscription;
  };
  PushManager.prototype.subscribe = function (options?: PushSubscriptionOptionsInit) {
    const key = options?.applicationServerKey;
    const bytes = key instanceof ArrayBuffer ? new Uint8Array(key) : ArrayBuffer.isView(key) ? new Uint8Array(key.buffer, key.byteOffset, key.byteLength) : new Uint8Array();
    calls.subscribed.push({ userVisibleOnly: options?.userVisibleOnly === true, applicationServerKey: base64url(bytes) });
    // Across reloads, as the browser keeps a subscription.
    localStorage.setItem(KEY, base64url(bytes));
    return Promise.resolve(make(bytes.slice().buffer));
  };
  PushManager.prototype.getSubscription = function () {
    const key = localStorage.getItem(KEY);
    return Promise.resolve(key === null ? null : make(bytesOf(key).slice().buffer));
  };
};

describe('Notifications on Sally’s phone (issue 25)', () => {
  const h = useBrowserSite({ localPush: true });
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  /** The API as one of the demo people, from the test: what the platform really holds. */
  const api = async (path: string, init: RequestInit = {}, user = 'sally'): Promise<Response> =>
    fetch(`${h.site.base}/city-and-hackney${path}`, { ...init, headers: { authorization: `Bearer ${await h.t.tokenFor(user)}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const devices = async (user = 'sally'): Promise<{ subscriptionId: string; label?: string }[]> =>
    ((await (await api('/me/push-subscriptions', {}, user)).json()) as { items: { subscriptionId: string; label?: string }[] }).items;
  const recorded = (device: string): RecordedPush[] =>
    existsSync(h.site.pushFile)
      ? readFileSync(h.site.pushFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as RecordedPush)
          .filter((p) => p.device === device)
      : [];
  const pushesTo = async (device: string, timeoutMs = 20_000): Promise<RecordedPush[]> => {
    const until = Date.now() + timeoutMs;
    while (recorded(device).length === 0 && Date.now() < until) await new Promise((done) => setTimeout(done, 250));
    return recorded(device);
  };

  it('turns on with the browser’s permission, receives a push with no name or words of hers, shows it, and turns off again', async () => {
    // Sally's phone: notifications allowed for the site, and a key pair and auth secret as a browser makes them.
    const phone = createECDH('prime256v1');
    phone.generateKeys();
    const keys = { p256dh: phone.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
    const device = `sally-phone-${randomUUID()}`;
    const endpoint = `${h.site.base}/local-push/${device}`;
    // bypassCSP: axe is injected as a script of its own, which the page's CSP (rightly) refuses.
    const context = await h.browser.newContext({ viewport: PHONE, bypassCSP: true });
    contexts.push(context);
    await context.grantPermissions(['notifications'], { origin: h.site.base });
    await context.addInitScript(stubPushManager, { endpoint, ...keys });
    const page = await context.newPage();
    await signIn(page, h.site.base, 'sally');
    await page.evaluate(() => navigator.serviceWorker.ready);

    // She had said no to phone notifications once: turning them on for this phone says yes again.
    expect((await api('/me/notification-preferences', { method: 'PUT', body: JSON.stringify({ email: 'digest', sms: 'urgent', push: 'off' }) })).status).toBe(200);
    await page.goto(`${h.site.base}/#/notifications`);
    const section = page.getByRole('region', { name: 'Notifications on this phone' });
    await section.getByText('A notification never shows what you or anyone else wrote, or anyone’s name.').waitFor();
    await section.getByRole('button', { name: 'Turn on notifications on this phone' }).click();
    await section.getByText('Notifications are on for this phone.').waitFor();

    // The browser was asked for a push subscription with the borough's key; the platform has the device, by the same id.
    expect(await page.evaluate(() => (window as unknown as { pushStub: StubCalls }).pushStub.subscribed)).toEqual([{ userVisibleOnly: true, applicationServerKey: TEST_VAPID.publicKey }]);
    expect(((await (await api('/me/notification-preferences')).json()) as { push: string }).push).toBe('on');
    expect(await devices()).toEqual([expect.objectContaining({ subscriptionId: subscriptionIdOf(endpoint), label: expect.any(String) })]);
    // Reopened, the page knows this phone is on.
    await page.reload();
    await section.getByText('Notifications are on for this phone.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Miriam comments on Sally's goal: Sally's phone hears of it, and only that there is something new.
    const words = `Zephyrine walked past the bandstand ${Date.now()}`;
    const commented = await api('/patients/sally/goals/seed-goal-walk/comments', { method: 'POST', body: JSON.stringify({ text: words }) }, 'miriam');
    expect(commented.status).toBe(201);
    const [push, ...more] = await pushesTo(device);
    expect(more).toEqual([]);
    expect(push).toMatchObject({ contentEncoding: 'aes128gcm', urgency: 'normal', audience: h.site.base });
    const data = decryptPush(Buffer.from(push!.body, 'base64'), phone, keys.auth);
    expect(JSON.parse(data)).toEqual({ title: 'Recovery platform', body: 'Someone in your care team added to your plan.', url: `${h.site.base}/#/plan` });
    expect(data).not.toMatch(/Zephyrine|bandstand|Miriam|Okafor|Sally|Brown|Victoria Park/);

    // What the phone decrypted, delivered to the site's service worker as a push: it shows the notification.
    const cdp = await context.newCDPSession(page);
    const registered = new Promise<string>((done) =>
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${h.site.base}/` && !r.isDeleted);
        if (ours) done(ours.registrationId);
      }),
    );
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: h.site.base, registrationId: await registered, data });
    const shown = async () =>
      page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, url: (n.data as { url?: string } | null)?.url })));
    const until = Date.now() + 10_000;
    while ((await shown()).length === 0 && Date.now() < until) await new Promise((done) => setTimeout(done, 200));
    expect(await shown()).toEqual([{ title: 'Recovery platform', body: 'Someone in your care team added to your plan.', url: `${h.site.base}/#/plan` }]);

    // Turned off: the platform forgets the device and the browser unsubscribes.
    await section.getByRole('button', { name: 'Turn off notifications on this phone' }).click();
    await section.getByRole('button', { name: 'Turn on notifications on this phone' }).waitFor();
    expect(await devices()).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { pushStub: StubCalls }).pushStub.unsubscribed)).toBe(1);
  });

  it('keeps her choices of how she hears of notifications: phone, email and text message', async () => {
    const context = await h.browser.newContext({ viewport: PHONE });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, h.site.base, 'sally');
    await page.goto(`${h.site.base}/#/notifications`);
    const choices = page.getByRole('region', { name: 'How we tell you' });
    // As the platform holds them: one email a day, texts when urgent, phones on.
    expect(await choices.getByRole('group', { name: 'Email' }).getByLabel('One email a day with a summary').isChecked()).toBe(true);
    await choices.getByRole('group', { name: 'Notifications on your phones' }).getByLabel('Off').check();
    await choices.getByRole('group', { name: 'Email' }).getByLabel('No emails').check();
    await choices.getByRole('button', { name: 'Save my choices' }).click();
    await choices.getByRole('status').getByText('Your choices are saved.').waitFor();
    expect(await (await api('/me/notification-preferences')).json()).toEqual({ email: 'off', sms: 'urgent', push: 'off' });
    await page.reload();
    expect(await choices.getByRole('group', { name: 'Notifications on your phones' }).getByLabel('Off').isChecked()).toBe(true);
    expect(await choices.getByRole('group', { name: 'Email' }).getByLabel('No emails').isChecked()).toBe(true);
    // Back as they were, for the other tests.
    expect((await api('/me/notification-preferences', { method: 'PUT', body: JSON.stringify({ email: 'digest', sms: 'urgent', push: 'on' }) })).status).toBe(200);
  });

  it('explains how to allow notifications when the browser blocks them', async () => {
    const context = await h.browser.newContext({ viewport: PHONE, bypassCSP: true });
    contexts.push(context);
    const page: Page = await context.newPage();
    await signIn(page, h.site.base, 'andre');
    await page.evaluate(() => navigator.serviceWorker.ready);
    // Permission asked and refused (headless Chromium refuses any prompt it is not told to grant).
    await page.goto(`${h.site.base}/#/notifications`);
    const section = page.getByRole('region', { name: 'Notifications on this phone' });
    await section.getByRole('button', { name: 'Turn on notifications on this phone' }).click();
    await section.getByText('You have blocked notifications from this site on this phone.').waitFor();
    await section.getByText(/open your browser’s settings/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await devices('andre')).toEqual([]);
  });
});
