import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { WEB_DIST } from '../../infra/local/web-site';
import { testEndpoint } from '../support/dynamo';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { freePort } from '../../infra/local/free-port';
import { launchBrowser, serveSite, siteBase, type Site } from './site';

export interface BrowserHarness {
  t: TestPlatform;
  site: Site;
  browser: Browser;
}

/**
 * For a browser test file: the local platform on this file's own tables with the demo borough seeded,
 * served with the built page, and Chromium. The returned object is filled in before the first test.
 * `localPush`: the platform accepts push subscriptions on the site's own stand-in push service
 * (`<base>/local-push/<id>`, as `npm start` does) and its links name the site.
 */
export const useBrowserSite = (options: { localPush?: boolean } = {}): BrowserHarness => {
  const h = {} as BrowserHarness;
  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is not built: npm test builds it first (npm run web:build)');
    // The site's origin is in the platform's config, so its port is chosen first.
    const port = options.localPush ? await freePort() : undefined;
    h.t = await startTestPlatform({ streams: true, ...(port ? { localPushOrigin: siteBase(port), webOrigin: siteBase(port) } : {}) });
    h.site = await serveSite(h.t.platform, h.t.issuer, testEndpoint(), port);
    h.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await h.browser?.close();
    await h.site?.stop();
    await h.t?.stop();
  });
  return h;
};
