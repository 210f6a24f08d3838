import { demoUsers } from '../../infra/local/demo-users';
import type { Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBoroughPollers } from '../../infra/local/borough-pollers';
import type { PollerStatus } from '../../infra/local/stream-poller';
import { freePort } from '../../infra/local/free-port';
import type { LocalIssuer } from '../../infra/local/issuer';
import type { LocalPlatform } from '../../infra/local/platform';
import { seedBorough } from '../../infra/local/seed';
import { createLocalServer } from '../../infra/local/server';

export const DEMO_BOROUGH = 'city-and-hackney';
/** Debian's Chromium (installed by .ci/run); Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Site {
  base: string;
  /** What the local stand-in push service received (infra/local/local-push.ts), one JSON line each. */
  pushFile: string;
  /** Where the stream pollers are, for a test that waited too long for a notification. */
  pollers(): PollerStatus[];
  stop(): Promise<void>;
}

/**
 * The local platform as `npm start` serves it: the demo borough seeded, its stream pollers running
 * (so a red update reaches the inbox), the web front end, the API and the stand-in push service on
 * one port (`port`, chosen before the platform started when its config must name the site's origin).
 */
export const serveSite = async (platform: LocalPlatform, issuer: LocalIssuer, endpoint: string, port?: number): Promise<Site> => {
  const runtime = platform.boroughs.get(DEMO_BOROUGH)!;
  await seedBorough(runtime);
  const dir = mkdtempSync(join(tmpdir(), 'site-'));
  const pollers = startBoroughPollers(runtime, { endpoint, clients: platform.clients, deadLetters: { notifications: join(dir, 'dead.jsonl'), outcomes: join(dir, 'outcomes-dead.jsonl') } });
  const pushFile = join(dir, 'push.jsonl');
  const server: Server = createLocalServer(platform, issuer, { pushFile });
  const listenOn = port ?? (await freePort());
  await new Promise<void>((done) => server.listen(listenOn, '127.0.0.1', done));
  return {
    base: siteBase(listenOn),
    pushFile,
    pollers: () => pollers.map((p) => p.status()),
    stop: async () => {
      for (const poller of pollers) poller.stop();
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
};

/** The site's address on `port`. */
export const siteBase = (port: number): string => `http://127.0.0.1:${port}`;

/** Headless Chromium with the flags this closed network needs (no background calls home). */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** The name the sign-in page offers a demo person by ("Sally Brown"), or the name given for one invited. */
export const nameOfDemo = (userId: string): string => {
  const user = demoUsers('city-and-hackney').find((u) => u.id === userId);
  return user ? `${user.name.given} ${user.name.family}` : userId;
};

/** Signs in from the sign-in page as one of the demo borough's people (by id, or an invited one by name), as a person would. */
export const signIn = async (page: Page, base: string, userId: string): Promise<void> => {
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: `Sign in as ${nameOfDemo(userId)} of City and Hackney` }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.waitForFunction(() => location.hash.length > 2);
};
