import { lambdaContext, toHttpEvent } from '../../infra/local/http-event';
import { serveOverHttp } from '../support/local-http';
import type { HttpResult } from '../../shared/http/middleware';
import { patientPartition, SK } from '../../shared/store/keys';
import { queryAll } from '../../shared/store/query-all';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * JSON is UTF-8 (RFC 8259 §8.1). A body that is not is refused with 400 naming the body, and nothing
 * is written: never read lossily, which would store U+FFFD where the patient wrote something else.
 * Over HTTP on the local server, and in the Lambda handler given API Gateway's base64 body.
 */
const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const entry = (inText: number[]): Buffer => bytes('{"text":"caf', inText, '","mood":3}');

/** Byte sequences no UTF-8 decoder may accept (each inside an otherwise valid JSON body). */
const NOT_UTF8: [string, Buffer][] = [
  ['a Latin-1 é', entry([0xe9])],
  ['a lone continuation byte', entry([0x80])],
  ['a sequence cut short', entry([0xe2, 0x82])],
  ['an overlong encoding of "/"', entry([0xc0, 0xaf])],
  ['an encoded UTF-16 surrogate', entry([0xed, 0xa0, 0x80])],
  ['a byte UTF-8 never uses', entry([0xff])],
];

/** Written in UTF-8, with characters of one to four bytes: read back exactly as sent. */
const WORDS = 'café, naïve, € and 🌱';

describe('a body that is not valid UTF-8', () => {
  let t: TestPlatform;
  let http: Awaited<ReturnType<typeof serveOverHttp>>;
  let base: string;
  let token: string;
  beforeAll(async () => {
    t = await startTestPlatform();
    http = await serveOverHttp(t);
    base = http.base;
    token = await t.tokenFor('sally');
  });
  afterAll(async () => {
    await http.close();
    await t.stop();
  });

  const logEntries = async () => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    return queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :log)',
      ExpressionAttributeValues: { ':pk': patientPartition(BOROUGH, 'sally'), ':log': SK.logPrefix },
      ConsistentRead: true,
    });
  };
  const problemOf = (text: string | undefined) => JSON.parse(text ?? '{}') as { status: number; type: string; errors?: { field: string; detail: string }[] };

  describe('over HTTP on the local server', () => {
    const post = async (path: string, body: Buffer, bearer?: string) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
        body: new Uint8Array(body),
      });
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    };

    it.each(NOT_UTF8)('refuses %s in the body with 400 naming the body, and writes nothing', async (_what, body) => {
      // Prepare
      const before = await logEntries();
      // Act
      const res = await post(`/${BOROUGH}/patients/me/log`, body, token);
      // Assess
      expect({ status: res.status, type: res.type }).toEqual({ status: 400, type: 'application/problem+json' });
      expect(problemOf(res.text)).toMatchObject({ status: 400, errors: [{ field: 'body', detail: 'must be valid UTF-8' }] });
      expect(await logEntries()).toEqual(before);
    });

    it('refuses it on the local sign-in too, with a problem rather than a 500', async () => {
      const res = await post('/_local/sign-in', bytes('{"borough":"', [0xe9], '","userId":"sally"}'));
      expect({ status: res.status, type: res.type }).toEqual({ status: 400, type: 'application/problem+json' });
      expect(problemOf(res.text).errors?.map((e) => e.field)).toEqual(['body']);
    });

    it('keeps what was written in UTF-8 exactly as sent', async () => {
      const res = await post(`/${BOROUGH}/patients/me/log`, Buffer.from(JSON.stringify({ text: WORDS, mood: 4 }), 'utf8'), token);
      expect(res.status).toBe(201);
      expect((await logEntries()).map((i) => i.text)).toContain(WORDS);
    });
  });

  describe("in the Lambda handler, given API Gateway's base64 body", () => {
    const invoke = async (body: Buffer, withToken = true): Promise<HttpResult> => {
      const claims = withToken ? await t.issuer.verify(token) : undefined;
      const event = {
        ...toHttpEvent({ method: 'POST', path: '/patients/me/log', headers: { 'content-type': 'application/json' }, ...(claims ? { claims } : {}) }),
        body: body.toString('base64'),
        isBase64Encoded: true,
      };
      return t.platform.boroughs.get(BOROUGH)!.handlers.get('plans')!(event, lambdaContext('recovery-city-and-hackney-plans'));
    };

    it.each(NOT_UTF8)('refuses %s in the body with 400 naming the body, and writes nothing', async (_what, body) => {
      // Prepare
      const before = await logEntries();
      // Act
      const res = await invoke(body);
      // Assess
      expect({ status: res.statusCode, type: res.headers?.['content-type'] }).toEqual({ status: 400, type: 'application/problem+json' });
      expect(problemOf(res.body)).toMatchObject({ status: 400, errors: [{ field: 'body', detail: 'must be valid UTF-8' }] });
      expect(await logEntries()).toEqual(before);
    });

    it('checks access first: without a token the answer is 401, whatever the body', async () => {
      expect((await invoke(NOT_UTF8[0]![1], false)).statusCode).toBe(401);
    });

    it('reads a base64 body in UTF-8 exactly as sent', async () => {
      const res = await invoke(Buffer.from(JSON.stringify({ text: `${WORDS} (base64)`, mood: 4 }), 'utf8'));
      expect(res.statusCode).toBe(201);
      expect((await logEntries()).map((i) => i.text)).toContain(`${WORDS} (base64)`);
    });
  });
});
