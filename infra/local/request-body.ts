import type { IncomingMessage } from 'node:http';

/** The most the local server reads of a body for the API; each route's own limit is its handler's to check. */
export const MAX_READ_BYTES = 1024 * 1024;

/** How much of a refused body is still read, and dropped, so that its sender gets to read the 413. */
const DRAIN_BYTES = 64 * 1024 * 1024;

/** Whether a request announces (Content-Length) a body over `limit` bytes. */
export const announcesMoreThan = (req: IncomingMessage, limit: number): boolean => Number(req.headers['content-length'] ?? 0) > limit;

/**
 * A request's body as text, or undefined as soon as it is known to be over `limit` bytes (announced,
 * or counted as it arrives, chunked). The rest is read and dropped rather than the connection cut,
 * so that the client can finish sending and read its 413; past DRAIN_BYTES more it is cut.
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
    req.on('end', () => resolve(size <= limit ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
  });
