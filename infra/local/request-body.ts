import type { IncomingMessage } from 'node:http';
import { bodyNotUtf8, utf8Text } from '../../shared/http/body-text';

/** The most the local server reads of a body for the API; each route's own limit is its handler's to check. */
export const MAX_READ_BYTES = 1024 * 1024;

/** How much of a refused body is still read, and dropped, so that its sender gets to read the 413. */
const DRAIN_BYTES = 64 * 1024 * 1024;

/** Whether a request announces (Content-Length) a body over `limit` bytes. */
export const announcesMoreThan = (req: IncomingMessage, limit: number): boolean => Number(req.headers['content-length'] ?? 0) > limit;

const compressed = (req: IncomingMessage): boolean => {
  const coding = req.headers['content-encoding'];
  return coding !== undefined && !/^identity$/i.test(coding);
};

/**
 * A request's body as text, or undefined as soon as it is known to be over `limit` bytes (announced,
 * or counted as it arrives, chunked). The rest is read and dropped rather than the connection cut,
 * so that the client can finish sending and read its 413; past DRAIN_BYTES more it is cut. A body
 * that is not valid UTF-8 is refused (rejects with the 400 problem), never read lossily; a compressed
 * one is left to the handler's 415.
 * @example const body = await readBody(req, MAX_READ_BYTES); if (body === undefined) ... 413
 */
export const readBody = (req: IncomingMessage, limit: number): Promise<string | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    if (announcesMoreThan(req, limit)) resolve(undefined);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else resolve(undefined);
      if (size > limit + DRAIN_BYTES) req.destroy();
    });
    req.on('end', () => {
      if (size > limit) {
        resolve(undefined);
        return;
      }
      const read = Buffer.concat(chunks);
      // A compressed body is no text at all: passed on, so that the handler refuses it for what it is
      // (415, as in AWS); it is never read as JSON, so nothing of its lossy reading is ever stored.
      if (compressed(req)) {
        resolve(read.toString('utf8'));
        return;
      }
      const text = utf8Text(read);
      if (text === undefined) reject(bodyNotUtf8());
      else resolve(text);
    });
    req.on('error', reject);
  });
