import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProblemError, ValidationProblemError } from '../../shared/http/problem';
import { bodyTooLarge, methodNotAllowed } from '../../shared/http/to-problem';
import type { LocalIssuer } from './issuer';
import type { LocalPlatform } from './platform';
import { answerDocs } from './docs-page';
import { fromResult, problemAnswer, readOnly, send, sendOnSocket, type LocalAnswer } from './local-answer';
import { announcesMoreThan, MAX_READ_BYTES, readBody } from './request-body';
import { answerWeb } from './web-site';
import { answerLocalPush } from './local-push';
import { PUSH_FILE } from './platform-file';

/** What Node's HTTP parser refused (it would answer a bare 400 or 431, with no body), as a problem. */
const parserProblem = (error: NodeJS.ErrnoException): ProblemError => {
  if (error.code === 'HPE_HEADER_OVERFLOW') return new ProblemError(431, 'headers-too-large', 'Request Header Fields Too Large', 'The request line and headers are over 16 KB together.');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new ProblemError(408, 'request-timeout', 'Request Timeout', 'The request did not arrive in time.');
  return new ProblemError(400, 'invalid-request', 'Bad Request', 'This is not an HTTP/1.1 request this server can read.');
};

const refuseUnparsable = (error: NodeJS.ErrnoException, socket: Duplex): void => {
  if (error.code === 'ECONNRESET' || !socket.writable) socket.destroy();
  else sendOnSocket(socket, parserProblem(error));
};

const requestUrl = (target: string): URL | undefined => (URL.canParse(target, 'http://localhost') ? new URL(target, 'http://localhost') : undefined);

/** `/<borough>/...` as that borough's API Gateway and Lambda would answer it. */
const answerApi = async (platform: LocalPlatform, req: IncomingMessage, url: URL): Promise<LocalAnswer> => {
  const body = await readBody(req, MAX_READ_BYTES);
  if (body === undefined) return problemAnswer(bodyTooLarge(MAX_READ_BYTES));
  const [, borough = '', ...rest] = url.pathname.split('/');
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
  const result = await platform.dispatch(borough, {
    method: req.method ?? 'GET',
    path: `/${rest.join('/')}`,
    rawQueryString: url.search.slice(1),
    headers,
    body,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
  });
  return fromResult(result);
};

/**
 * The local HTTP front door: `/<borough>/...` goes to that borough's handlers as an HTTP API event;
 * `/.well-known/jwks.json` is the local issuer's keys; `/<borough>/docs` a readable API page; `/` and
 * its assets the web front end (web-site.ts); `/local-push/...` the stand-in push service (local-push.ts). Whatever a client sends, the answer is a page, a file,
 * or the API's own answer, else a 4xx problem+json: never a dropped connection, never a bare status.
 */
export const createLocalServer = (platform: LocalPlatform, issuer: LocalIssuer, options: { pushFile?: string } = {}): Server => {
  const answer = async (req: IncomingMessage): Promise<LocalAnswer> => {
    const method = req.method ?? 'GET';
    const url = requestUrl(req.url ?? '/');
    if (!url) return problemAnswer(new ValidationProblemError(400, 'The request target is not a path.', [{ field: 'path', detail: 'is not a valid request target' }]));
    const pushed = await answerLocalPush(req, url.pathname, options.pushFile ?? PUSH_FILE);
    if (pushed) return pushed;
    if (url.pathname === '/.well-known/jwks.json') {
      return readOnly(method, () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(issuer.jwks) }));
    }
    const local =
      answerDocs((id) => platform.boroughs.has(id), method, url.pathname) ??
      (await answerWeb(platform, issuer, { method, path: url.pathname, headers: req.headers, body: (limit) => readBody(req, limit) }));
    return local ?? answerApi(platform, req, url);
  };
  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      send(res, await answer(req));
    } catch (error) {
      // A problem raised on the way (a body that is not UTF-8) is the client's; anything else is ours.
      send(res, problemAnswer(error instanceof ProblemError ? error : new ProblemError(500, 'internal', 'Internal Server Error', (error as Error).name)));
    }
  };

  const server = createServer((req, res) => void respond(req, res));
  // A client that asks before sending (Expect: 100-continue) hears at once that the body is too large.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (!announcesMoreThan(req, MAX_READ_BYTES)) {
      res.writeContinue();
      return void respond(req, res);
    }
    const refusal = problemAnswer(bodyTooLarge(MAX_READ_BYTES));
    send(res, { ...refusal, headers: { ...refusal.headers, connection: 'close' } });
  });
  server.on('clientError', refuseUnparsable);
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => sendOnSocket(socket, methodNotAllowed()));
  return server;
};
