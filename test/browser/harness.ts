import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { WEB_DIST } from '../../infra/local/web-site';
import { testEndpoint } from '../support/dynamo';
import { startTestPlatform, type TestPlatform } from '../support/platform';
import { launchBrowser, serveSite, type Site } from './site';

export interface BrowserHarness {
  t: TestPlatform;
  site: Site;
  browser: Browser;
}

/**
 * For a browser test file: the local platform on this file's own tables with the demo borough seeded,
 * served with the built page, and Chromium. The returned object is filled in before the first test.
 */
export const useBrowserSite = (): BrowserHarness => {
  const h = {} as BrowserHarness;
  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is not built: npm test builds it first (npm run web:build)');
    h.t = await startTestPlatform({ streams: true });
    h.site = await serveSite(h.t.platform, h.t.issuer, testEndpoint());
    h.browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await h.browser?.close();
    await h.site?.stop();
    await h.t?.stop();
  });
  return h;
};
