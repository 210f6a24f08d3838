// `npm run screenshots`: each page of the web front end at phone and desktop width, into a temporary
// folder it prints; with `-- --write` into web/screenshots/ (tracked: only when asked).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBoroughs } from '../../infra/boroughs';
import { outputFolder, parseArgs } from '../../infra/local/cli-args';
import { startDynamoLocal } from '../../infra/local/dynamo-local';
import { localIssuer } from '../../infra/local/issuer';
import { createPlatform } from '../../infra/local/platform';
import { DESKTOP, launchBrowser, PHONE, serveSite } from './site';
import { PAGES, showPage } from './pages';

const TRACKED = join(__dirname, '..', '..', 'web', 'screenshots');

const main = async (): Promise<void> => {
  const { folder, written } = outputFolder(parseArgs(process.argv.slice(2)), TRACKED, 'screenshots-');
  mkdirSync(folder, { recursive: true });
  const dynamo = await startDynamoLocal({ inMemory: true });
  const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'shots-')), 'key.json'));
  const platform = await createPlatform({ endpoint: dynamo.endpoint, boroughs: loadBoroughs(), issuer });
  const site = await serveSite(platform, issuer, dynamo.endpoint);
  const browser = await launchBrowser();
  try {
    for (const [width, viewport] of [
      ['phone', PHONE],
      ['desktop', DESKTOP],
    ] as const) {
      for (const page of PAGES) {
        const context = await browser.newContext({ viewport });
        const tab = await context.newPage();
        await showPage(tab, site.base, page);
        const file = join(folder, `${page.name}-${width}.png`);
        await tab.screenshot({ path: file, fullPage: true });
        process.stdout.write(`${file}\n`);
        await context.close();
      }
    }
    process.stdout.write(written ? `Wrote ${folder}.\n` : `Screenshots in ${folder} (web/screenshots/ is left as it is: add -- --write to replace it).\n`);
  } finally {
    await browser.close();
    await site.stop();
    platform.close();
    await dynamo.stop();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`screenshots failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
