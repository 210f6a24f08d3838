// `npm run lighthouse`: Lighthouse (mobile: its default phone, simulated slow 4G and a 4x slower CPU) on the
// patient's plan page, three cold runs, as the local platform serves the built site behind a gzip proxy;
// the median run's scores and timings and the first load's JavaScript and CSS, printed (with --write
// also put into bench/RESULTS.md).
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { existsSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Flags, Result } from 'lighthouse';
import puppeteer, { type Page } from 'puppeteer-core';
import { fail, parseArgs } from '../infra/local/cli-args';
import { freePort } from '../infra/local/free-port';
import { WEB_DIST } from '../infra/local/web-site';
import { required } from '../infra/required';
import { reportResults } from './results-file';
import { startDemoPlatform } from './demo-platform';
import { median } from './stats';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PLAN = '/#/plan';

/** What CloudFront compresses (its list, by content type), and not below 1,000 bytes as it does not. */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|manifest\+json|problem\+json)|image\/svg\+xml)/;

/** Bytes on the wire (the body, gzipped where it was) of each path the proxy served, in the order asked. */
type Served = Map<string, number>;

/**
 * A proxy in front of the local platform that gzips as CloudFront does for a browser that accepts it,
 * so that the page arrives as it would in AWS (where CloudFront may also choose brotli, a little smaller).
 */
const gzipProxy = (target: number, served: Served): Server =>
  createServer((req, res) => {
    const upstream = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers }, (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        let body = Buffer.concat(chunks);
        const headers = { ...answer.headers };
        const accepts = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
        if (accepts && !headers['content-encoding'] && COMPRESSIBLE.test(headers['content-type'] ?? '') && body.length >= 1000) {
          body = gzipSync(body);
          headers['content-encoding'] = 'gzip';
          headers.vary = 'Accept-Encoding';
        }
        headers['content-length'] = String(body.length);
        delete headers['transfer-encoding'];
        served.set(new URL(req.url ?? '/', 'http://x').pathname, body.length);
        res.writeHead(answer.statusCode ?? 502, headers);
        res.end(body);
      });
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

interface Run {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcp: number;
  fcp: number;
  tbt: number;
  cls: number;
  /** The page's own scripts and stylesheets (not the service worker's precaching), gzipped bytes. */
  js: number;
  css: number;
  files: string[];
}

const score = (lhr: Result, category: string): number => Math.round((lhr.categories[category]?.score ?? 0) * 100);
const metric = (lhr: Result, audit: string): number => required(lhr.audits[audit]?.numericValue, `Lighthouse audit ${audit}`);

interface NetworkItem {
  url: string;
  resourceType?: string;
  sessionTargetType?: string;
}

/** What the page itself loaded (Lighthouse's network requests of the page's own target), with what the proxy sent for each. */
const firstLoad = (lhr: Result, served: Served): Pick<Run, 'js' | 'css' | 'files'> => {
  const items = ((lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items ?? []).filter((i) => i.sessionTargetType === undefined || i.sessionTargetType === 'page');
  const sum = (type: string) => items.filter((i) => i.resourceType === type).reduce((total, i) => total + required(served.get(new URL(i.url).pathname), `bytes served for ${i.url}`), 0);
  const files = items.filter((i) => i.resourceType === 'Script' || i.resourceType === 'Stylesheet').map((i) => new URL(i.url).pathname);
  return { js: sum('Script'), css: sum('Stylesheet'), files };
};

/** Signs in from the sign-in page as Sally, as a person would: the session is then in the tab (sessionStorage). */
const signInAsSally = async (page: Page, base: string): Promise<void> => {
  await page.goto(`${base}/`);
  const button = await page.waitForSelector('button::-p-text(Sign in as Sally Brown)');
  await required(button, 'the sign-in button for Sally').click();
  await page.waitForSelector('button::-p-text(Sign out)');
  // The header has her name: the directory answered, and the tab keeps it with the session.
  await page.waitForFunction(() => (sessionStorage.getItem('recovery.session') ?? '').includes('"name"'));
};

const headingOf = async (page: Page): Promise<string> => {
  const heading = await page.waitForSelector('h1', { timeout: 10_000 });
  return (await heading?.evaluate((h) => h.textContent)) ?? '';
};

/** With --details: what the run's LCP was, what moved, and the requests with their times (ms from the start), to see where the time went. */
const details = (lhr: Result): string => {
  const table = (audit: string) => (lhr.audits[audit]?.details as { items?: Record<string, unknown>[] } | undefined)?.items ?? [];
  const lcp = table('largest-contentful-paint-element').flatMap((t) => (t.items as Record<string, unknown>[] | undefined) ?? []);
  const lines = [
    ...lcp.map((i) => (i.node ? `  LCP element: ${JSON.stringify((i.node as { selector?: string }).selector)}` : `  LCP ${String(i.phase)}: ${Math.round(Number(i.timing))} ms`)),
    ...table('layout-shifts').map((i) => `  layout shift ${Number(i.score).toFixed(3)}: ${JSON.stringify((i.node as { selector?: string } | undefined)?.selector)}`),
    ...table('network-requests').map((r) => `  ${Math.round(Number(r.networkRequestTime))}-${Math.round(Number(r.networkEndTime))} ms ${String(r.resourceType)} ${String(r.url)}`),
  ];
  return `${lines.join('\n')}\n`;
};

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const runs = Number(args.runs ?? 3);
  if (!existsSync(join(WEB_DIST, 'index.html'))) fail('web/dist is not built: run npm run web:build first.');
  const demo = await startDemoPlatform();
  const served: Served = new Map();
  const proxy = gzipProxy(demo.port, served);
  const proxyPort = await freePort();
  await new Promise<void>((done) => proxy.listen(proxyPort, '127.0.0.1', done));
  // localhost, not 127.0.0.1: a secure context, so the service worker registers as it would on https.
  const base = `http://localhost:${proxyPort}`;

  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results: Run[] = [];
  let lighthouseVersion = '';
  const chromium = (await browser.version()).replace(/^(Headless)?Chrome\//, '');
  try {
    const page = await browser.newPage();
    await signInAsSally(page, base);
    const { default: lighthouse } = await import('lighthouse');
    // Lighthouse's defaults: a mobile phone, simulated throttling; a cold cache and no service worker each run.
    const flags: Flags = { logLevel: 'error', output: 'json', onlyCategories: ['performance', 'accessibility', 'best-practices'] };
    for (let i = 0; i < runs; i++) {
      served.clear();
      const result = required(await lighthouse(`${base}${PLAN}`, flags, undefined, page), 'a Lighthouse result');
      const lhr = result.lhr;
      lighthouseVersion = lhr.lighthouseVersion;
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
      const heading = await headingOf(page);
      if (heading !== 'My plan') throw new Error(`The plan page showed the heading "${heading}", not "My plan".`);
      const run: Run = {
        performance: score(lhr, 'performance'),
        accessibility: score(lhr, 'accessibility'),
        bestPractices: score(lhr, 'best-practices'),
        lcp: metric(lhr, 'largest-contentful-paint'),
        fcp: metric(lhr, 'first-contentful-paint'),
        tbt: metric(lhr, 'total-blocking-time'),
        cls: metric(lhr, 'cumulative-layout-shift'),
        ...firstLoad(lhr, served),
      };
      const failing = ['accessibility', 'best-practices'].flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? []).filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1).map((ref) => `${c}: ${ref.id}`),
      );
      process.stderr.write(
        `run ${i + 1}: performance ${run.performance}, LCP ${Math.round(run.lcp)} ms, CLS ${run.cls.toFixed(3)}, JS ${kb(run.js)} KB + CSS ${kb(run.css)} KB${failing.length ? `; failing ${failing.join(', ')}` : ''}\n`,
      );
      results.push(run);
      if (args.details === 'true') process.stderr.write(details(lhr));
    }
  } finally {
    await browser.close();
    proxy.closeAllConnections();
    proxy.close();
    await demo.stop();
  }

  // The median run by performance score (then by LCP), shown whole; every run in the table below it.
  const ordered = [...results].sort((a, b) => a.performance - b.performance || b.lcp - a.lcp);
  const mid = required(ordered[Math.floor(ordered.length / 2)], 'a run');
  const pass = (ok: boolean) => (ok ? 'yes' : 'no');
  const firstKb = (mid.js + mid.css) / 1024;
  const lines = [
    `## Lighthouse on the patient's plan page (\`npm run lighthouse\`, ${new Date().toISOString().slice(0, 10)})`,
    '',
    `Lighthouse ${lighthouseVersion} (mobile: its emulated phone, simulated slow 4G and a 4x slower CPU) in Debian's Chromium ${chromium}, ${runs} cold runs`,
    `(no HTTP cache, no service worker) of \`${PLAN}\` with Sally signed in, her heading "My plan" checked after each; the local`,
    `platform (DynamoDB Local in memory) behind a proxy that gzips as CloudFront does. Node ${process.version}, ${cpus().length} cores`,
    `(shared with other work), ${Math.round(totalmem() / 2 ** 30)} GiB: the timings are noisy, hence every run.`,
    '',
    '| measure | median run | target | met |',
    '| --- | ---: | ---: | :---: |',
    `| performance score | ${mid.performance} | at least 95 | ${pass(mid.performance >= 95)} |`,
    `| accessibility score | ${mid.accessibility} | 100 | ${pass(mid.accessibility === 100)} |`,
    `| best-practices score | ${mid.bestPractices} | — | — |`,
    `| largest contentful paint ms | ${Math.round(mid.lcp)} | under 2000 | ${pass(mid.lcp < 2000)} |`,
    `| first contentful paint ms | ${Math.round(mid.fcp)} | — | — |`,
    `| total blocking time ms | ${Math.round(mid.tbt)} | — | — |`,
    `| cumulative layout shift | ${mid.cls.toFixed(3)} | — | — |`,
    `| first load JavaScript KB (gzipped) | ${kb(mid.js)} | — | — |`,
    `| first load CSS KB (gzipped) | ${kb(mid.css)} | — | — |`,
    `| first load JavaScript and CSS KB (gzipped) | ${firstKb.toFixed(1)} | at most 50 | ${pass(firstKb <= 50)} |`,
    '',
    '| run | performance | accessibility | best practices | LCP ms | FCP ms | TBT ms | CLS | JS KB | CSS KB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r, i) =>
        `| ${i + 1} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${Math.round(r.lcp)} | ${Math.round(r.fcp)} | ${Math.round(r.tbt)} | ${r.cls.toFixed(3)} | ${kb(r.js)} | ${kb(r.css)} |`,
    ),
    '',
    `First load: ${mid.files.map((f) => `\`${f.replace(/-[\w-]{8}\./, '.')}\``).join(', ')}, as the page asked for them (the service worker's`,
    'precaching of the rest of the site, once the page has loaded, is not counted). Sizes are the gzipped bodies; CloudFront',
    'serves brotli to browsers that take it, a little smaller, so these are the larger case.',
    `Median of ${results.length} runs: performance ${median(results.map((r) => r.performance))}, LCP ${Math.round(median(results.map((r) => r.lcp)))} ms.`,
    'Reproduce: `npm run web:build && npm run lighthouse` (options: `-- --runs 3 --details`; `--write` records the run here).',
  ];
  reportResults('lighthouse', lines.join('\n'), args);
};

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
