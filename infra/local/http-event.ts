import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { Claims } from '../../shared/http/claims';
import type { HttpEvent } from '../../shared/http/middleware';

export interface LocalRequest {
  method: string;
  /** The path inside the borough's API, e.g. `/me` (no `/<borough>` prefix, as in AWS). */
  path: string;
  rawQueryString?: string;
  headers?: Record<string, string>;
  body?: string;
  claims?: Claims;
  sourceIp?: string;
}

/**
 * The API Gateway HTTP API (payload 2.0) event for a request, as AWS would hand it to the function.
 * @example toHttpEvent({ method: 'GET', path: '/me', claims })
 */
export const toHttpEvent = (request: LocalRequest): HttpEvent => {
  const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const rawQueryString = request.rawQueryString ?? '';
  const joined = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(rawQueryString)) {
    // HTTP APIs join repeated parameters with commas.
    joined.set(key, joined.has(key) ? `${joined.get(key)},${value}` : value);
  }
  const queryStringParameters = Object.fromEntries(joined);
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString,
    headers,
    ...(rawQueryString ? { queryStringParameters } : {}),
    ...(request.body !== undefined && request.body !== '' ? { body: request.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method: request.method.toUpperCase(), path: request.path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      ...(request.claims ? { authorizer: { jwt: { claims: request.claims, scopes: null } } } : {}),
    },
  };
};

/** A Lambda context good enough for Powertools (it reads the function name and request id). */
export const lambdaContext = (functionName: string): Context => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 30_000,
  /* eslint-disable @typescript-eslint/no-deprecated -- Context still requires the legacy callbacks: defined here, never called */
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
  /* eslint-enable @typescript-eslint/no-deprecated */
});
