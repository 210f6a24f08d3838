import { gunzipSync } from 'node:zlib';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadBoroughs } from '../../infra/boroughs';
import { localIssuer, type LocalIssuer } from '../../infra/local/issuer';
import { createPlatform, type LocalPlatform } from '../../infra/local/platform';
import { demoPerson, demoUsers } from '../../infra/local/demo-users';
import { devToken } from '../../infra/local/dev-tokens';
import type { HttpResult } from '../../shared/http/middleware';
import type { Deps } from '../../shared/runtime/deps';
import type { MessageSender } from '../../shared/events/messages';
import { batchWriteAll } from '../../shared/store/batch-write';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { nhsNumberKey } from '../../shared/store/keys';
import { testEndpoint, type StreamChoice } from './dynamo';
import { TEST_AUDIT_KEY, writeTestAuditKeyFile } from './audit-key';
import { testPushSender } from './push';

export const BOROUGH = 'city-and-hackney';

export interface TestPlatform {
  platform: LocalPlatform;
  issuer: LocalIssuer;
  /** The issuer's key file, for a test that must sign what the issuer never would. */
  issuerKeyFile: string;
  /** The audit key the handlers seal with (the fixed test key), as a file for the ops commands' `--audit-key`. */
  auditKeyFile: string;
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
export const startTestPlatform = async (
  options: { overrides?: Partial<Omit<Deps, 'config' | 'store'>>; messages?: MessageSender; webOrigin?: string; localPushOrigin?: string } & StreamChoice = {},
): Promise<TestPlatform> => {
  const issuerKeyFile = join(mkdtempSync(join(tmpdir(), 'issuer-')), 'key.json');
  const issuer = await localIssuer(issuerKeyFile);
  const suffix = randomUUID().slice(0, 8);
  const tables: string[] = [];
  const platform = await createPlatform({
    endpoint: testEndpoint(),
    boroughs: loadBoroughs(),
    issuer,
    streams: options.streams ?? false,
    overrides: { auditKey: TEST_AUDIT_KEY, push: testPushSender(), ...options.overrides },
    ...(options.messages ? { messages: options.messages } : {}),
    ...(options.localPushOrigin ? { localPushOrigin: options.localPushOrigin } : {}),
    ...(options.webOrigin ? { webOrigin: options.webOrigin } : {}),
    tableName: (borough) => {
      const name = `t-${borough}-${suffix}`;
      tables.push(name);
      return name;
    },
  });
  // Each borough's demo people are in its directory, as they would be after signing in (a patient's
  // NHS number linked to them): a patient exists for staff only when the directory holds them.
  for (const [borough, runtime] of platform.boroughs) {
    await batchWriteAll(
      runtime.deps.store,
      demoUsers(borough).flatMap((u, i) => [
        { PutRequest: { Item: directoryUserItem(borough, demoPerson(u, i, false)) } },
        ...(u.nhsNumber ? [{ PutRequest: { Item: { ...nhsNumberKey(borough, u.nhsNumber), entity: 'nhs-number', patientId: u.id } } }] : []),
      ]),
    );
  }
  const tokenFor = async (userId: string, borough = BOROUGH): Promise<string> => {
    // A system client of the borough gets its client-credentials token; anyone else a person's.
    const client = platform.boroughs.get(borough)?.config.integrations.find((i) => i.id === userId);
    if (client) return (await devToken(issuer, platform.boroughs.get(borough)!.config, userId))!;
    const user = demoUsers(BOROUGH).find((u) => u.id === userId) ?? { id: userId, roles: ['patient' as const] };
    return issuer.sign({ ...user, borough });
  };
  return {
    platform,
    issuer,
    issuerKeyFile,
    auditKeyFile: writeTestAuditKeyFile(mkdtempSync(join(tmpdir(), 'audit-key-'))),
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
      // A file (the finance CSV) comes as base64, as API Gateway takes bytes.
      // As a browser reads it: bytes in base64, gunzipped when the answer says it is gzip.
      const bytes = raw.isBase64Encoded ? Buffer.from(raw.body ?? '', 'base64') : Buffer.from(raw.body ?? '', 'utf8');
      const text = (/gzip/i.test(String(raw.headers?.['content-encoding'] ?? '')) ? gunzipSync(bytes) : bytes).toString('utf8');
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
