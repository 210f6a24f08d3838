import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LocalIssuer } from './issuer';
import type { LocalPlatform } from './platform';
import { docsPage } from './docs-page';
import { answerWeb } from './web-site';

const MAX_READ_BYTES = 1024 * 1024;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past this even the 413 answer is not worth buffering for; API Gateway caps bodies too.
      if (size > MAX_READ_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void => {
  res.writeHead(status, headers);
  res.end(body);
};

const swaggerDir = (): string => dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js']);

/**
 * The local HTTP front door: `/<borough>/...` goes to that borough's handlers as an HTTP API event;
 * `/.well-known/jwks.json` is the local issuer's keys; `/<borough>/docs` a readable API page; `/` and
 * its assets the web front end (web-site.ts).
 */
export const createLocalServer = (platform: LocalPlatform, issuer: LocalIssuer): Server =>
  createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const [, first = '', ...rest] = url.pathname.split('/');
      if (url.pathname === '/.well-known/jwks.json') return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(issuer.jwks));
      if (first === '_docs' && SWAGGER_ASSETS.has(rest[0] ?? '')) {
        const type = rest[0]!.endsWith('.css') ? 'text/css' : 'text/javascript';
        return send(res, 200, { 'content-type': type, 'cache-control': 'max-age=3600' }, await readFile(join(swaggerDir(), rest[0]!)));
      }
      const web = await answerWeb(platform, issuer, req.method ?? 'GET', url.pathname, () => readBody(req));
      if (web) return send(res, web.status, web.headers, web.body);
      if (platform.boroughs.has(first) && rest.join('/') === 'docs') {
        return send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, docsPage(first));
      }
      const body = await readBody(req);
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const result = await platform.dispatch(first, {
        method: req.method ?? 'GET',
        path: `/${rest.join('/')}`,
        rawQueryString: url.search.slice(1),
        headers,
        body,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      });
      const outHeaders = Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)]));
      const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
      send(res, result.statusCode ?? 200, outHeaders, payload);
    } catch (error) {
      send(res, 500, { 'content-type': 'application/problem+json' }, JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: (error as Error).name }));
    }
  });
