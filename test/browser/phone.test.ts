import type { BrowserContext, Page } from 'playwright-core';
import { useBrowserSite } from './harness';
import { PHONE, signIn } from './site';

/** Waits until the site's service worker controls the page (it claims the page on activation). */
const controlled = async (page: Page): Promise<void> => {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
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

  it('opens with no connection: the site itself comes from the phone, and says it cannot reach the service instead of the browser’s error page', async () => {
    const page = await phone();
    await signIn(page, h.site.base, 'sally');
    await controlled(page);
    await page.context().setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByText('We could not reach the service. Check your internet connection and try again.').first().waitFor();
    await page.context().setOffline(false);
  });
});
