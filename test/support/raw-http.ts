import { connect } from 'node:net';
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const decodeChunked = (body: string): string => {
  let out = '';
  let rest = body;
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!(size > 0)) return out;
    out += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
};

const parseResponse = (text: string): RawResponse => {
  const headEnd = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, headEnd < 0 ? text.length : headEnd).split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const body = headEnd < 0 ? '' : text.slice(headEnd + 4);
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: headers['transfer-encoding'] === 'chunked' ? decodeChunked(body) : body };
};

/**
 * Writes bytes as they are (one per character; a malformed request no HTTP client would send; end it with
 * `Connection: close`) and reads the answer until the server closes the connection; rejects if it
 * does not answer within `timeoutMs`.
 */
export const rawRequest = (port: number, text: string, timeoutMs = 5000): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(text.slice(0, 80))}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
    });
    socket.write(text, 'latin1');
  });

/**
 * Sends a body with Content-Length, chunked, or announced with `Expect: 100-continue` (then sent only
 * if the server asks for it); resolves with the answer, rejects if the connection drops instead.
 */
export const sendBody = (
  base: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body: Buffer; framing: 'content-length' | 'chunked' | 'expect-continue' },
): Promise<RawResponse> =>
  new Promise((resolve, reject) => {
    const { method = 'POST', headers = {}, body, framing } = options;
    const framingHeaders: Record<string, string> =
      framing === 'chunked' ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length), ...(framing === 'expect-continue' ? { expect: '100-continue' } : {}) };
    const req = request(`${base}${path}`, { method, headers: { ...headers, ...framingHeaders } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    const write = () => {
      for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024));
      req.end();
    };
    if (framing === 'expect-continue') req.on('continue', write);
    else write();
  });
