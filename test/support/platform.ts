import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadBoroughs } from '../../infra/boroughs';
import { localIssuer, type LocalIssuer } from '../../infra/local/issuer';
import { createPlatform, type LocalPlatform } from '../../infra/local/platform';
import { demoUsers } from '../../infra/local/demo-users';
import type { HttpResult } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import { testEndpoint } from './dynamo';

export const BOROUGH = 'city-and-hackney';

export interface TestPlatform {
  platform: LocalPlatform;
  issuer: LocalIssuer;
  /** A token for a demo user of the borough (or any user you describe). */
  tokenFor(userId: string, borough?: string): Promise<string>;
  call(request: { method: string; path: string; token?: string; body?: unknown; headers?: Record<string, string>; query?: string; borough?: string }): Promise<TestResponse>;
  stop(): Promise<void>;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  raw: HttpResult;
}

/** The real local platform (real handlers, real DynamoDB Local), on tables of this test file only. */
export const startTestPlatform = async (options: { overrides?: Partial<Omit<Deps, 'config' | 'store'>> } = {}): Promise<TestPlatform> => {
  const issuer = await localIssuer(join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json'));
  const suffix = randomUUID().slice(0, 8);
  const tables: string[] = [];
  const platform = await createPlatform({
    endpoint: testEndpoint(),
    boroughs: loadBoroughs(),
    issuer,
    ...(options.overrides ? { overrides: options.overrides } : {}),
    tableName: (borough) => {
      const name = `t-${borough}-${suffix}`;
      tables.push(name);
      return name;
    },
  });
  const tokenFor = (userId: string, borough = BOROUGH) => {
    const user = demoUsers(BOROUGH).find((u) => u.id === userId) ?? { id: userId, roles: ['patient' as const] };
    return issuer.sign({ ...user, borough });
  };
  return {
    platform,
    issuer,
    tokenFor,
    call: async ({ method, path, token, body, headers = {}, query, borough = BOROUGH }) => {
      const raw = await platform.dispatch(borough, {
        method,
        path,
        ...(query ? { rawQueryString: query } : {}),
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = raw.body ?? '';
      const type = String(raw.headers?.['content-type'] ?? '');
      return {
        status: raw.statusCode ?? 200,
        headers: Object.fromEntries(Object.entries(raw.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
        body: type.includes('json') && text ? JSON.parse(text) : text,
        raw,
      };
    },
    stop: async () => {
      for (const TableName of tables) await platform.clients.client.send(new DeleteTableCommand({ TableName }));
      platform.close();
    },
  };
};
