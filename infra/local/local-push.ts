import { appendFileSync, mkdirSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { dirname } from 'node:path';
import { decodeJwt } from 'jose';
import { LOCAL_PUSH_PATH } from '../../shared/domain/push';
import { ProblemError, titleFor } from '../../shared/http/problem';
import { methodNotAllowed } from '../../shared/http/to-problem';
import { problemAnswer, type LocalAnswer } from './local-answer';

/** A push message is at most 4 KB (RFC 8030); a little more is read, the rest refused. */
const MAX_PUSH_BYTES = 8 * 1024;

/** What the local push service got for one device: enough for a test to decrypt it and check the VAPID JWT. */
export interface RecordedPush {
  receivedAt: string;
  /** The `{id}` of `/local-push/{id}`: which stand-in device. */
  device: string;
  contentEncoding: string | undefined;
  ttl: string | undefined;
  urgency: string | undefined;
  /** The whole `Authorization: vapid t=<JWT>, k=<public key>` header, and the JWT's audience. */
  authorization: string | undefined;
  audience: string | undefined;
  /** The encrypted body (aes128gcm), base64. */
  body: string;
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

const audienceOf = (authorization: string | undefined): string | undefined => {
  const token = /\bt=([^,\s]+)/.exec(authorization ?? '')?.[1];
  if (!token) return undefined;
  try {
    const { aud } = decodeJwt(token);
    return typeof aud === 'string' ? aud : undefined;
  } catch {
    return undefined;
  }
};

const readBytes = (req: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PUSH_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_PUSH_BYTES ? Buffer.concat(chunks) : undefined));
    req.on('error', reject);
  });

/** Refusals as the rest of the local server answers them: problem+json. */
const refuse = (status: number, type: string, detail: string): LocalAnswer => problemAnswer(new ProblemError(status, type, titleFor(status), detail));

/**
 * The local platform's stand-in for a push service (docs/local-platform.md): `POST /local-push/{id}`
 * appends what it got to `file` (one JSON line) and answers 201, as a push service accepts a message;
 * `POST /local-push/gone/{id}` answers 410, as one does for a subscription that no longer exists.
 * Undefined for any other path.
 */
export const answerLocalPush = async (req: IncomingMessage, path: string, file: string): Promise<LocalAnswer | undefined> => {
  if (!path.startsWith(LOCAL_PUSH_PATH)) return undefined;
  const rest = path.slice(LOCAL_PUSH_PATH.length);
  const gone = rest.startsWith('gone/');
  const device = gone ? rest.slice('gone/'.length) : rest;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(device)) return refuse(404, 'not-found', 'No such push subscription.');
  if (req.method !== 'POST') return problemAnswer(methodNotAllowed());
  const body = await readBytes(req);
  if (body === undefined) return refuse(413, 'body-too-large', 'A push message is at most 4 KB.');
  if (gone) return problemAnswer(new ProblemError(410, 'gone', 'Gone', 'This push subscription has expired or been unsubscribed.'));
  const authorization = header(req.headers, 'authorization');
  const recorded: RecordedPush = {
    receivedAt: new Date().toISOString(),
    device,
    contentEncoding: header(req.headers, 'content-encoding'),
    ttl: header(req.headers, 'ttl'),
    urgency: header(req.headers, 'urgency'),
    authorization,
    audience: audienceOf(authorization),
    body: body.toString('base64'),
  };
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(recorded)}\n`);
  return { status: 201, headers: { location: `${LOCAL_PUSH_PATH}${device}` }, body: '' };
};
