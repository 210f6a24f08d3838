import { equals } from '@jest/expect-utils';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowserSite } from './harness';
import { PHONE, signIn } from './site';

/** Waits until the site's service worker controls the page (it claims the page on activation). */
const controlled = async (page: Page): Promise<void> => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
};

const GOAL = 'Walk to Victoria Park twice a week';

/** What this tab keeps for the site in sessionStorage (the session aside), and the names of its caches. */
const keptOnThePhone = (page: Page): Promise<{ stored: string[]; caches: string[] }> =>
  page.evaluate(async () => ({ stored: Object.keys(sessionStorage).filter((k) => k !== 'recovery.session' && k !== 'recovery.lastActive'), caches: await caches.keys() }));

/** Polls `read` until it equals `expected` (the platform and the page settle a moment after a click), then asserts it. */
const settles = async <T>(read: () => Promise<T>, expected: unknown, timeoutMs = 10_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  let value = await read();
  while (!equals(value, expected) && Date.now() < until) {
    await new Promise((done) => setTimeout(done, 200));
    value = await read();
  }
  expect(value).toEqual(expected);
};

describe('On the patient’s phone (issue 25)', () => {
  const h = useBrowserSite();
  const contexts: BrowserContext[] = [];
  afterAll(async () => {
    for (const context of contexts) await context.close();
  });
  const phone = async (): Promise<Page> => {
    const context = await h.browser.newContext({ viewport: PHONE });
    contexts.push(context);
    return context.newPage();
  };

  it('is installable: the page names a web app manifest with its name, start page and icons, and a service worker takes control', async () => {
    const page = await phone();
    await page.goto(`${h.site.base}/`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const response = await page.request.get(new URL(href ?? '', h.site.base).href);
    expect(response.headers()['content-type']).toBe('application/manifest+json');
    const manifest = (await response.json()) as { name: string; start_url: string; display: string; icons: { src: string; sizes: string }[] };
    expect(manifest).toMatchObject({ name: 'My recovery plan', start_url: '/', display: 'standalone' });
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, h.site.base).href)).status()).toBe(200);
    await controlled(page);
  });

  it('opens with no connection: the site itself comes from the phone, not the browser’s error page', async () => {
    const page = await phone();
    await signIn(page, h.site.base, 'sally');
    await controlled(page);
    await page.context().setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // Her plan, from the copy kept when she signed in (the page she lands on).
    await page.getByText('You are offline.').waitFor();
    await page.context().setOffline(false);
  });

  /** Sally's API, as the test's own client: what the platform really holds. */
  const api = async (path: string, init: RequestInit = {}, user = 'sally'): Promise<Response> =>
    fetch(`${h.site.base}/city-and-hackney${path}`, { ...init, headers: { authorization: `Bearer ${await h.t.tokenFor(user)}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  const goalId = async (): Promise<string> => {
    const plan = (await (await api('/patients/me/plan')).json()) as { goals: { goalId: string; description: string }[] };
    return plan.goals.find((g) => g.description === GOAL)!.goalId;
  };
  const updatesWith = async (note: string): Promise<{ status: string; note?: string }[]> => {
    const page = (await (await api(`/patients/me/goals/${await goalId()}/updates?limit=50`)).json()) as { items: { status: string; note?: string }[] };
    return page.items.filter((u) => u.note === note);
  };

  /** Sally signed in on a phone that has opened her plan and crisis plan once online. */
  const sallyHasLooked = async (): Promise<Page> => {
    const page = await phone();
    await signIn(page, h.site.base, 'sally');
    await controlled(page);
    await page.goto(`${h.site.base}/#/crisis-plan`);
    await page.getByLabel('My warning signs').waitFor();
    await page.goto(`${h.site.base}/#/plan`);
    await page.getByRole('heading', { name: GOAL }).waitFor();
    return page;
  };

  it('keeps her own crisis plan and plan readable with no connection, each marked as of when it was fetched, and forgets them at sign-out', async () => {
    const page = await sallyHasLooked();
    await page.context().setOffline(true);
    await page.goto(`${h.site.base}/#/crisis-plan`);
    await page.reload();
    await page.getByText(/You are offline\. This is your crisis plan as it was on \d{1,2} \w+ \d{4} at \d{2}:\d{2}\./).waitFor();
    await page.getByText('Sleeping less than four hours').waitFor();
    await page.goto(`${h.site.base}/#/plan`);
    await page.getByText(/You are offline\. This is your plan as it was on/).waitFor();
    await page.getByRole('heading', { name: GOAL }).waitFor();
    expect((await keptOnThePhone(page)).stored.sort()).toEqual(['recovery.kept.crisis-plan', 'recovery.kept.plan']);

    await page.context().setOffline(false);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await settles(() => keptOnThePhone(page), { stored: [], caches: [expect.stringMatching(/^workbox-precache/)] });
  });

  it('keeps a RAG update made offline as “not sent yet”, and sends it once when the connection returns', async () => {
    const page = await sallyHasLooked();
    await page.context().setOffline(true);
    const note = `Offline walk ${Date.now()}`;
    const card = page.getByRole('region', { name: GOAL });
    await card.getByLabel('Add a note (optional)').fill(note);
    await card.getByRole('button', { name: `Orange Some difficulties for ${GOAL}` }).click();
    await card.getByText(`Not sent yet: Orange: Some difficulties (“${note}”)`, { exact: false }).waitFor();
    expect(await updatesWith(note)).toEqual([]);

    await page.context().setOffline(false);
    await card.getByText('Not sent yet').waitFor({ state: 'detached' });
    await settles(() => updatesWith(note), [expect.objectContaining({ status: 'orange', note })]);
    await card.getByText('Orange: Some difficulties').first().waitFor();
    expect((await keptOnThePhone(page)).stored).not.toContain('recovery.outbox');
  });

  it('tells her a red update made offline has not reached her care team yet, and whom to call now', async () => {
    const page = await sallyHasLooked();
    await page.context().setOffline(true);
    const card = page.getByRole('region', { name: GOAL });
    await card.getByRole('button', { name: `Red I need help for ${GOAL}` }).click();
    const warning = card.getByRole('alert');
    await warning.getByText('your care team has not been told').waitFor();
    expect(await warning.getByRole('link', { name: '111' }).getAttribute('href')).toBe('tel:111');
    expect(await warning.getByRole('link', { name: '999' }).getAttribute('href')).toBe('tel:999');
    // Signing out would lose it: she is asked first, and says no.
    const asked = new Promise<string>((done) => page.once('dialog', (dialog) => void dialog.dismiss().then(() => done(dialog.message()))));
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await asked).toBe('You have an update not sent yet. If you sign out now, it will be lost. Sign out anyway?');
    await page.context().setOffline(false);
    await warning.waitFor({ state: 'detached' });
  });

  it('explains an offline update the plan moved past, and sends it only when she says so', async () => {
    const page = await sallyHasLooked();
    await page.context().setOffline(true);
    const note = `Stale ${Date.now()}`;
    const card = page.getByRole('region', { name: GOAL });
    await card.getByLabel('Add a note (optional)').fill(note);
    await card.getByRole('button', { name: `Green Going well for ${GOAL}` }).click();
    await card.getByText('Not sent yet').waitFor();
    // Meanwhile her plan changes elsewhere: a step added from another device.
    expect((await api(`/patients/me/goals/${await goalId()}/steps`, { method: 'POST', body: JSON.stringify({ text: `Another step ${Date.now()}` }) })).status).toBe(201);

    await page.context().setOffline(false);
    const refused = card.getByRole('alert');
    await refused.getByText('Your plan changed after you made this update').waitFor();
    expect(await updatesWith(note)).toEqual([]);
    await refused.getByRole('button', { name: 'Send it anyway' }).click();
    await refused.waitFor({ state: 'detached' });
    await settles(() => updatesWith(note), [expect.objectContaining({ status: 'green', note })]);
  });

  it('never keeps a patient’s plan on a staff member’s device', async () => {
    const page = await phone();
    await signIn(page, h.site.base, 'miriam');
    await page.goto(`${h.site.base}/#/patients/sally/plan`);
    await page.getByRole('heading', { name: GOAL }).waitFor();
    await page.goto(`${h.site.base}/#/patients/sally/crisis-plan`);
    await page.getByText('Sleeping less than four hours').waitFor();
    expect((await keptOnThePhone(page)).stored).toEqual([]);
  });

  it('keeps a log entry written offline as “not sent yet”, for the day it was written, and sends it once when the connection returns', async () => {
    const page = await sallyHasLooked();
    await page.context().setOffline(true);
    await page.goto(`${h.site.base}/#/log`);
    await page.getByText('You are offline: your earlier entries show when you are back online.').waitFor();
    const text = `Wrote this on the bus ${Date.now()}`;
    await page.getByRole('radio', { name: 'Good', exact: true }).check();
    await page.getByLabel('What happened today').fill(text);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Not sent yet: Log entry: Good (“${text}”)`, { exact: false }).waitFor();
    const entries = async () => ((await (await api('/patients/me/log?limit=50')).json()) as { items: { text: string; mood: number; date: string }[] }).items.filter((e) => e.text === text);
    expect(await entries()).toEqual([]);

    await page.context().setOffline(false);
    await page.getByText('Not sent yet').waitFor({ state: 'detached' });
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
    await settles(entries, [expect.objectContaining({ text, mood: 4, date: today })]);
    await page.getByText(text).waitFor();
  });

  it('keeps a red update made offline through a sign-out she did not choose (15 minutes untouched): the sign-in page says it was not sent and whom to call, and it is sent once she signs in again', async () => {
    const page = await phone();
    // The page's clock is the test's (no service worker needed: nothing reloads while offline).
    await page.clock.install();
    await signIn(page, h.site.base, 'sally');
    await page.getByRole('heading', { name: GOAL }).waitFor();
    await page.context().setOffline(true);
    const note = `Bad night, no signal ${Date.now()}`;
    const card = page.getByRole('region', { name: GOAL });
    await card.getByLabel('Add a note (optional)').fill(note);
    await card.getByRole('button', { name: `Red I need help for ${GOAL}` }).click();
    await card.getByRole('alert').getByText('your care team has not been told').waitFor();

    await page.clock.runFor('15:01');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('You asked for help, and your care team has not been told yet. If you need help now, call NHS 111 and choose option 2, or 999 in an emergency.', { exact: false }).waitFor();
    expect(await updatesWith(note)).toEqual([]);

    // Back online, she opens the site again (the local sign-in page lists people only when it can reach them).
    await page.context().setOffline(false);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in as Sally Brown of City and Hackney' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await settles(() => updatesWith(note), [expect.objectContaining({ status: 'red', note })]);
  });
});
