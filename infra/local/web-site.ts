import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { ProblemError, ValidationProblemError } from '../../shared/http/problem';
import { bodyTooLarge, methodNotAllowed } from '../../shared/http/to-problem';
import { DEFAULT_MAX_BODY_BYTES } from '../../shared/runtime/deps';
import type { LocalIssuer } from './issuer';
import type { LocalPlatform } from './platform';
import { demoUsers } from './demo-users';
import { required } from '../required';
import { getPeople, listDirectory } from '../../shared/store/directory-repository';
import { displayName, isActive } from '../../shared/domain/people';
import type { Role } from '../../shared/domain/actor';
import { problemAnswer, readOnly, type LocalAnswer } from './local-answer';
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
  '.webmanifest': 'application/manifest+json',
};

/** The built site's files outside /assets/: the page by its name (the service worker keeps it so), the service worker and its Workbox runtime, the web app manifest, the icons. */
const SITE_FILE = /^\/(?:index\.html|favicon\.svg|sw\.js|workbox-[\w-]+\.js|manifest\.webmanifest|icons\/[\w-]+\.png)$/;

export interface WebRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body as text, or undefined when it is over `limit` bytes. */
  body(limit: number): Promise<string | undefined>;
}

const json = (status: number, value: unknown): LocalAnswer => ({ status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }, body: JSON.stringify(value) });

const notJson = (): LocalAnswer => problemAnswer(new ValidationProblemError(400, 'Send { borough, userId } as JSON.', [{ field: 'body', detail: 'must be a JSON object' }]));

/** A token for the seeded person asked for: the local stand-in for Cognito's hosted UI. */
/** Who may sign in locally: a seeded person, or one an operator invited, unless disabled (the directory says). */
const localPerson = async (platform: LocalPlatform, borough: string, userId: string): Promise<{ id: string; roles: Role[]; org?: string } | undefined> => {
  const runtime = platform.boroughs.get(borough);
  if (!runtime) return undefined;
  const person = (await getPeople(runtime.deps.store, borough, [userId])).get(userId);
  if (person && !isActive(person)) return undefined;
  const seeded = demoUsers(borough).find((u) => u.id === userId);
  if (seeded) return seeded;
  return person?.invitedAt ? { id: person.userId, roles: person.roles, ...(person.org ? { org: person.org } : {}) } : undefined;
};

/** The people the local sign-in page offers: the seeded ones, then those operators invited, by name; never a disabled one. */
const signInChoices = async (platform: LocalPlatform, borough: string): Promise<{ id: string; roles: Role[]; name: string; description: string }[]> => {
  const runtime = required(platform.boroughs.get(borough), `borough ${borough}`);
  const directory = await listDirectory(runtime.deps.store, borough);
  const disabled = new Set(directory.filter((p) => !isActive(p)).map((p) => p.userId));
  const seeded = demoUsers(borough)
    .filter((u) => !disabled.has(u.id))
    .map((u) => ({ id: u.id, roles: u.roles, name: `${u.name.given} ${u.name.family}`, description: u.description }));
  const invited = directory.filter((p) => p.invitedAt && isActive(p)).map((p) => ({ id: p.userId, roles: p.roles, name: displayName(p), description: `${p.roles.join(', ')}, invited` }));
  return [...seeded, ...invited];
};

const signIn = async (platform: LocalPlatform, issuer: LocalIssuer, request: WebRequest): Promise<LocalAnswer> => {
  const coding = request.headers['content-encoding'];
  if (coding !== undefined && !/^identity$/i.test(coding)) {
    return problemAnswer(
      new ValidationProblemError(415, 'Send { borough, userId } as uncompressed JSON.', [{ field: 'content-encoding', detail: 'must be absent: compressed bodies are not accepted' }]),
    );
  }
  const text = await request.body(DEFAULT_MAX_BODY_BYTES);
  if (text === undefined) return problemAnswer(bodyTooLarge(DEFAULT_MAX_BODY_BYTES));
  let asked: unknown;
  try {
    asked = JSON.parse(text);
  } catch {
    return notJson();
  }
  if (typeof asked !== 'object' || asked === null) return notJson();
  const { borough, userId } = asked as { borough?: unknown; userId?: unknown };
  const user = typeof borough === 'string' && typeof userId === 'string' ? await localPerson(platform, borough, userId) : undefined;
  if (!user) {
    const detail = 'No such person in that borough, or their account is disabled.';
    return problemAnswer(new ProblemError(404, 'not-found', 'Not Found', detail, { errors: [{ field: 'body.userId', detail }] }));
  }
  return json(200, { token: await issuer.sign({ ...user, borough: borough as string }) });
};

/**
 * The web front end on the local platform: the built page (web/dist), its `/config.json` (every borough,
 * signing in with dev tokens), and the local sign-in that stands in for Cognito's hosted UI: the seeded
 * people of each borough, and a token for the one chosen. None of it exists in AWS. Undefined: not a web path.
 */
export const answerWeb = async (platform: LocalPlatform, issuer: LocalIssuer, request: WebRequest): Promise<LocalAnswer | undefined> => {
  const { method, path } = request;
  if (path === '/config.json') {
    return readOnly(method, () =>
      json(200, { auth: 'local', boroughs: [...platform.boroughs.values()].map((b) => ({ id: b.deps.config.borough.id, name: b.deps.config.borough.name, api: `/${b.deps.config.borough.id}` })) }),
    );
  }
  if (path === '/_local/users') {
    return readOnly(method, async () => json(200, Object.fromEntries(await Promise.all([...platform.boroughs.keys()].map(async (id) => [id, await signInChoices(platform, id)] as const)))));
  }
  if (path === '/_local/sign-in') return method === 'POST' ? signIn(platform, issuer, request) : problemAnswer(methodNotAllowed());
  const file = path === '/' ? 'index.html' : path.slice(1);
  if (!(path === '/' || path.startsWith('/assets/') || SITE_FILE.test(path))) return undefined;
  const full = normalize(join(WEB_DIST, file));
  if (!full.startsWith(WEB_DIST + sep) || !existsSync(full)) {
    return path === '/' ? { status: 503, headers: { 'content-type': 'text/plain' }, body: 'The web front end is not built: run npm run web:build.' } : undefined;
  }
  return readOnly(method, async () => ({
    status: 200,
    headers: {
      'content-type': TYPES[extname(full)] ?? 'application/octet-stream',
      // Hashed asset names never change their content; the page itself is always fetched afresh.
      'cache-control': /^\/assets\/[\w-]+-[\w-]{8}\.(js|css)$/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      ...webSecurityHeaders(),
    },
    body: await readFile(full),
  }));
};
