import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { problemResult, type HttpResult } from '../../shared/http/middleware';
import type { ProblemError } from '../../shared/http/problem';
import { methodNotAllowed } from '../../shared/http/to-problem';

/** What the local server sends back: a status, headers, a body. */
export interface LocalAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** A handler's HTTP API result, as API Gateway would send it. */
export const fromResult = (result: HttpResult): LocalAnswer => ({
  status: result.statusCode ?? 200,
  headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])),
  body: result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''),
});

/** A problem+json answer, the same as the API's. */
export const problemAnswer = (problem: ProblemError): LocalAnswer => fromResult(problemResult(problem));

/** Pages and files are read with GET (or HEAD); anything else is a 405 problem. */
export const readOnly = async (method: string, answer: () => LocalAnswer | Promise<LocalAnswer>): Promise<LocalAnswer> =>
  method === 'GET' || method === 'HEAD' ? answer() : problemAnswer(methodNotAllowed());

export const send = (res: ServerResponse, answer: LocalAnswer): void => {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
};

/**
 * A problem written straight to the socket and the connection closed, for what never became a
 * request (a malformed one, CONNECT): Node gives no response object then.
 */
export const sendOnSocket = (socket: Duplex, problem: ProblemError): void => {
  const { status, headers, body } = problemAnswer(problem);
  const head = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' }).map(([k, v]) => `${k}: ${v}`);
  socket.end([`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`, ...head, '', ''].join('\r\n') + body.toString());
};
