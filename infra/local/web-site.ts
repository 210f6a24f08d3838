import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { LocalIssuer } from './issuer';
import type { LocalPlatform } from './platform';
import { demoUsers } from './demo-users';
import { webSecurityHeaders } from '../web/security-headers';

export const WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
  '.json': 'application/json',
};

export interface WebAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

const json = (status: number, value: unknown): WebAnswer => ({ status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(value) });
const problem = (status: number, title: string, detail: string, field: string): WebAnswer => ({
  ...json(status, { type: 'about:blank', title, status, detail, errors: [{ field, detail }] }),
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
});

/**
 * The web front end on the local platform: the built page (web/dist), its `/config.json` (every borough,
 * signing in with dev tokens), and the local sign-in that stands in for Cognito's hosted UI: the seeded
 * people of each borough, and a token for the one chosen. Undefined: not a web path.
 */
export const answerWeb = async (platform: LocalPlatform, issuer: LocalIssuer, method: string, path: string, body: () => Promise<string>): Promise<WebAnswer | undefined> => {
  if (path === '/config.json') {
    return json(200, { auth: 'local', boroughs: [...platform.boroughs.values()].map((b) => ({ id: b.deps.config.borough.id, name: b.deps.config.borough.name, api: `/${b.deps.config.borough.id}` })) });
  }
  if (path === '/_local/users' && method === 'GET') {
    return json(200, Object.fromEntries([...platform.boroughs.keys()].map((id) => [id, demoUsers(id).map(({ id: userId, roles, description }) => ({ id: userId, roles, description }))])));
  }
  if (path === '/_local/sign-in' && method === 'POST') {
    let asked: { borough?: unknown; userId?: unknown };
    try {
      asked = JSON.parse(await body()) as typeof asked;
    } catch {
      return problem(400, 'Bad Request', 'Send { borough, userId } as JSON.', 'body');
    }
    const user = typeof asked.borough === 'string' && platform.boroughs.has(asked.borough) ? demoUsers(asked.borough).find((u) => u.id === asked.userId) : undefined;
    if (!user) return problem(404, 'Not Found', 'No such seeded person in that borough.', 'body.userId');
    return json(200, { token: await issuer.sign({ ...user, borough: asked.borough as string }) });
  }
  const file = path === '/' ? 'index.html' : path.slice(1);
  if (!(path === '/' || path.startsWith('/assets/') || path === '/favicon.svg')) return undefined;
  const full = normalize(join(WEB_DIST, file));
  if (!full.startsWith(WEB_DIST + sep) || !existsSync(full)) {
    return path === '/' ? { status: 503, headers: { 'content-type': 'text/plain' }, body: 'The web front end is not built: run npm run web:build.' } : undefined;
  }
  return {
    status: 200,
    headers: {
      'content-type': TYPES[extname(full)] ?? 'application/octet-stream',
      // Hashed asset names never change their content; the page itself is always fetched afresh.
      'cache-control': /^\/assets\/[\w-]+-[\w-]{8}\.(js|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...webSecurityHeaders(),
    },
    body: await readFile(full),
  };
};
