import fc from 'fast-check';
import * as z from 'zod/mini';
import { SERVICES } from '../../functions/services';
import type { Route } from '../../shared/http/route';
import { putExamplePhbRequest, putExamplePlan, reopenAccount } from '../support/fixtures';
import { CALLER_OF_ROLE, callerFor } from '../support/callers';
import { BOROUGH, startTestPlatform, type TestPlatform, type TestResponse } from '../support/platform';
import { scanAll } from '../../shared/store/query-all';

/**
 * Hostile input, generated: malformed and oversized bodies, queries and path parameters on every
 * route, sent by a caller the route lets in (so validation, not access, is what answers), and
 * mass-assignment of fields nobody may set. Never a 5xx; every error is problem+json, and input
 * errors name the field.
 */
const ALL_ROUTES = SERVICES.flatMap(({ routes }) => routes);
const RUNS_PER_ROUTE = 240;

/** The top-level fields a body schema accepts (across the options of a union). */
const bodyFields = (route: Route): Set<string> => {
  if (!route.body) return new Set();
  const schema = z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) as { properties?: object; anyOf?: { properties?: object }[]; oneOf?: { properties?: object }[] };
  const parts = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  return new Set(parts.flatMap((p) => Object.keys(p.properties ?? {})));
};

type Mutation = { body?: unknown; rawBody?: string; query?: string; params?: Record<string, string>; headers?: Record<string, string> };

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '../../etc/passwd', '%00', '<script>alert(1)</script>', "' OR 1=1 --", '\u0000', 'B#other#P#sally', '💥'.repeat(50), 'a'.repeat(300), 'NaN', '-1', '1e309'),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, [], {}, 0, -1, Infinity, 'x'.repeat(2000), true));

/** Malformed variants of a route's example request. */
const mutationOf = (route: Route): fc.Arbitrary<Mutation> => {
  const example = (route.example?.body ?? {}) as Record<string, unknown>;
  const keys = Object.keys(example);
  const options: fc.Arbitrary<Mutation>[] = [
    fc.record({ query: fc.tuple(oddText, oddText).map(([k, v]) => `${encodeURIComponent(k || 'x')}=${encodeURIComponent(v)}`) }),
    fc.record({
      params: fc.dictionary(
        fc.constantFrom(...(route.path.match(/\{(\w+)\}/g) ?? ['{none}']).map((p) => p.slice(1, -1))),
        oddText.filter((s) => s.length > 0),
        { minKeys: 1 },
      ),
    }),
  ];
  if (route.body) {
    options.push(
      fc.record({ body: anyJson }),
      fc.record({ rawBody: fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('{', '{"a":', '[1,2', 'null null', '\u0000', '{"__proto__":{"admin":true}}')) }),
      fc.record({ body: fc.constant(example), headers: fc.constantFrom({ 'content-type': 'text/plain' }, { 'content-type': 'application/xml' }) }),
      // Oversized: a body over the limit is 413 before it is parsed.
      fc.record({ body: fc.integer({ min: 70_000, max: 300_000 }).map((n) => ({ ...example, padding: 'x'.repeat(n) })) }),
    );
    if (keys.length > 0) {
      options.push(
        // One field dropped, or given a value of another type, or an unknown field added.
        fc.record({ body: fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(example).filter(([key]) => key !== k))) }),
        fc.record({ body: fc.tuple(fc.constantFrom(...keys), anyJson).map(([k, v]) => ({ ...example, [k]: v })) }),
        fc.record({
          body: fc
            .tuple(
              oddText.filter((k) => k.length > 0 && !keys.includes(k)),
              anyJson,
            )
            .map(([k, v]) => ({ ...example, [k]: v })),
        }),
      );
    }
  }
  return fc.oneof(...options);
};

const pathOf = (route: Route, params: Record<string, string> = {}): string => {
  const values: Record<string, string> = { ...route.example?.params, patientId: 'sally', ...params };
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'unknown'));
};

/** Fields of another's making: who owns it, which borough, its state, who decided, what it costs, when. */
const PROTECTED = [
  'patientId',
  'owner',
  'ownerId',
  'borough',
  'status',
  'state',
  'approver',
  'approvedBy',
  'decidedBy',
  'firstApproval',
  'amountPence',
  'remainingPence',
  'committedPence',
  'spentPence',
  'allocatedPence',
  'version',
  'createdAt',
  'updatedAt',
  'submittedBy',
  'addedBy',
  'author',
  'by',
  'asPatient',
  'roles',
  'grantId',
  'revokedAt',
  'pk',
  'sk',
  'entity',
  'financialYear',
  'source',
  'flags',
];

describe('hostile input on every route', () => {
  let t: TestPlatform;
  const tokens = new Map<string, string>();
  let sent = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    t = await startTestPlatform();
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    await putExamplePlan(store, BOROUGH, 'sally');
    await putExamplePhbRequest(store, BOROUGH, 'sally');
    for (const user of Object.values(CALLER_OF_ROLE)) tokens.set(user, await t.tokenFor(user));
  });
  afterAll(() => t.stop());

  const send = async (route: Route, m: Mutation): Promise<TestResponse> => {
    const caller = callerFor(route);
    const body = m.rawBody ?? (m.body !== undefined ? JSON.stringify(m.body) : route.example?.body !== undefined ? JSON.stringify(route.example.body) : undefined);
    const res = await t.call({
      method: route.method,
      path: pathOf(route, m.params),
      ...(caller ? { token: tokens.get(caller)! } : {}),
      ...(body !== undefined ? { body } : {}),
      headers: { ...route.example?.headers, ...m.headers },
      query: m.query ?? new URLSearchParams(route.example?.query ?? {}).toString(),
    });
    // Sally closed her account (the closure's example): open it again, the other routes go on with her.
    if (route.path === '/patients/{patientId}/closure' && res.status === 200) await reopenAccount(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, 'sally');
    sent += 1;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    return res;
  };

  const problemOk = (res: TestResponse): boolean => {
    if (res.status < 400) return true;
    const p = res.body as { status?: number; title?: string; errors?: { field?: string }[] };
    if (res.headers['content-type'] !== 'application/problem+json' || p.status !== res.status || !p.title) return false;
    // Input errors name each field they are about.
    if (res.status === 422 || res.status === 400)
      return res.status === 400 || (Array.isArray(p.errors) && p.errors.length > 0 && p.errors.every((e) => typeof e.field === 'string' && e.field.length > 0));
    return true;
  };

  it.each(ALL_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: malformed and oversized input never gives a 5xx, and every error is a problem naming the field',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(mutationOf(route), async (m) => {
          const res = await send(route, m);
          return res.status < 500 && problemOk(res);
        }),
        { numRuns: RUNS_PER_ROUTE, seed: 20261123 },
      );
      // 240 requests in a row: on DynamoDB Local late in the suite, the advisor queue's can take over 30 s.
    },
    120_000,
  );

  const writeRoutes = ALL_ROUTES.filter((r) => r.body && r.example?.body && typeof r.example.body === 'object' && !Array.isArray(r.example.body));

  it.each(writeRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: fields the caller may not set are refused, never taken', async (_name, route) => {
    const allowed = bodyFields(route);
    const attempts = PROTECTED.filter((f) => !allowed.has(f));
    for (const field of attempts) {
      const res = await send(route, { body: { ...(route.example!.body as object), [field]: field === 'amountPence' ? 1 : field === 'roles' ? ['operator'] : 'attacker' } });
      expect({ field, status: res.status }).toEqual({ field, status: 422 });
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(`body.${field}`);
    }
  });

  it('sent at least 10,000 hostile requests, and wrote nothing that does not belong', async () => {
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    const items = await scanAll(t.platform.boroughs.get(BOROUGH)!.deps.store, {});
    // Every item still begins with this borough: no key was steered elsewhere.
    expect(items.filter((i) => !String(i.pk).startsWith(`B#${BOROUGH}#`))).toEqual([]);
  });
});
