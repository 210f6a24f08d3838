import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { SERVICES } from '../../functions/services';
import { DEMO_NHS_NUMBERS } from '../../infra/local/seed';
import { pathParamNames, type Route } from '../../shared/http/route';
import { SK, type ItemKey } from '../../shared/store/keys';
import { planKey } from '../../shared/store/plan-repository';
import { noPatientPartition } from '../../shared/store/refusal-repository';
import { callerFor, CALLER_OF_ROLE } from '../support/callers';
import { grantFixture, putExamplePhbRequest, putExamplePlan, putGrant, resetPatient } from '../support/fixtures';
import { BOROUGH, startTestPlatform, type TestPlatform, type TestResponse } from '../support/platform';
import { recordWrites, type WriteRecorder } from '../support/write-recorder';
import { gpObservation } from '../support/gp-observations';

/**
 * Ids that are the names of properties every object inherits (`constructor`, `__proto__`,
 * `toString`, ...), sent wherever a route takes an id: in its path or its body, by a caller the
 * route lets in. Such an id names nothing of ours: never a 5xx, every error is problem+json, and
 * nothing is written (a plan never gains such a goal, no PHB request is made for one).
 */
type Json = Record<string, unknown>;

/** What every object inherits (`constructor`, `__proto__`, `toString`, ...), what functions have, and what JSON and promises look for. */
const PROTOTYPE_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), ...Object.getOwnPropertyNames(Function.prototype), 'prototype', 'toJSON', 'then'])];

/** Where a route takes an id: a path parameter, or a body field holding one (at a path in the example body). */
type Slot = { in: 'path'; name: string } | { in: 'body'; at: readonly (string | number)[] };
const slotName = (slot: Slot): string => (slot.in === 'path' ? `{${slot.name}}` : `body.${slot.at.join('.')}`);

const ID_FIELD = /^(id|org|.+Id)$/;

const bodyIdSlots = (value: unknown, at: readonly (string | number)[] = []): Slot[] => {
  if (Array.isArray(value)) return value.flatMap((v, i) => bodyIdSlots(v, [...at, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (typeof v === 'string' && ID_FIELD.test(key) ? [{ in: 'body' as const, at: [...at, key] }] : bodyIdSlots(v, [...at, key])));
};

const idSlots = (route: Route): Slot[] => [...pathParamNames(route.path).map((name) => ({ in: 'path' as const, name })), ...bodyIdSlots(route.example?.body)];

/**
 * Where an id is only the key of something put (a directory entry, a grant to a person, a budget an
 * advisor sets, a GP system's Observation id), so that a success is right: everywhere else it must name something that exists.
 */
const CREATES = new Set([
  'PUT /borough/users/{userId} {userId}',
  'POST /patients/{patientId}/grants body.grantee.userId',
  'PUT /patients/{patientId}/budget {patientId}',
  'POST /imports/gp body.entry.1.resource.id',
]);

const withValueAt = (value: unknown, at: readonly (string | number)[], replacement: string): unknown => {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? withValueAt(v, rest, replacement) : v));
  return { ...(value as Json), [head!]: withValueAt((value as Json)[head!], rest, replacement) };
};

const ROUTES = SERVICES.flatMap(({ routes }) => routes).filter((route) => idSlots(route).length > 0);

/**
 * What a request may write and still have written nothing: the audit log (a refusal on someone else's
 * record is rightly audited) and the no-patient log (where a refusal on an id that is no patient is
 * rightly logged). Everything else counts, a refusal's tally too.
 */
const isLog = (key: ItemKey): boolean => key.sk.startsWith(SK.auditPrefix) || key.sk === SK.auditHead || key.pk.startsWith(noPatientPartition(BOROUGH, ''));

const isProblem = (res: TestResponse): boolean => {
  const p = res.body as { status?: number; title?: string };
  return res.headers['content-type'] === 'application/problem+json' && p.status === res.status && typeof p.title === 'string';
};

describe('ids that are the names of inherited properties', () => {
  let t: TestPlatform;
  const tokens = new Map<string, string>();
  let writes: WriteRecorder;

  const resetSally = async () => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    await resetPatient(store, BOROUGH, 'sally');
    await putExamplePlan(store, BOROUGH, 'sally');
    await putExamplePhbRequest(store, BOROUGH, 'sally');
    // The clinician who answers Sally's red alerts (callerFor) reads her plan.
    await putGrant(store, BOROUGH, grantFixture('sally', { type: 'person', userId: CALLER_OF_ROLE.clinician }, ['plan:read'], 'active', 'g-clinician'));
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    writes = recordWrites(t.platform.boroughs.get(BOROUGH)!.deps.store, isLog);
    for (const user of Object.values(CALLER_OF_ROLE)) tokens.set(user, await t.tokenFor(user));
    await resetSally();
  });
  afterAll(async () => {
    writes.close();
    await t.stop();
  });

  const send = (route: Route, ids: ReadonlyMap<Slot, string>): Promise<TestResponse> => {
    const params: Record<string, string> = { ...route.example?.params, patientId: 'sally' };
    let body: unknown = route.example?.body;
    for (const [slot, id] of ids) {
      if (slot.in === 'path') params[slot.name] = id;
      else body = withValueAt(body, slot.at, id);
    }
    const caller = callerFor(route);
    return t.call({
      method: route.method,
      path: route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? 'unknown')),
      ...(caller ? { token: tokens.get(caller)! } : {}),
      ...(body !== undefined ? { body } : {}),
      headers: { ...route.example?.headers },
      ...(route.example?.query ? { query: new URLSearchParams(route.example.query).toString() } : {}),
    });
  };

  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: such an id is never a 5xx, errors are problem+json, and nothing is written',
    async (name, route) => {
      const slots = idSlots(route);
      const probe = fc.uniqueArray(fc.tuple(fc.constantFrom(...slots), fc.constantFrom(...PROTOTYPE_NAMES)), { minLength: 1, maxLength: slots.length, selector: ([slot]) => slot });
      // Every slot with every name once, then mixes of them in several slots at once.
      const everyOne = slots.flatMap((slot) => PROTOTYPE_NAMES.map((id) => [[[slot, id]]] as [[Slot, string][]]));
      await fc.assert(
        fc.asyncProperty(probe, async (pairs) => {
          // The items its writes named, read before and after (not the whole table: test/support/write-recorder.ts).
          const { result: res, changed } = await writes.changedDuring(() => send(route, new Map(pairs)));
          const wrote = changed.length > 0;
          if (wrote) await resetSally();
          const creates = pairs.length === 1 && CREATES.has(`${name} ${slotName(pairs[0]![0])}`);
          const sent = pairs.map(([s, id]) => `${slotName(s)}=${id}`);
          expect({ sent, status: res.status, serverError: res.status >= 500, problem: res.status < 400 || isProblem(res), wrote: wrote && !creates }).toEqual({
            sent,
            status: res.status,
            serverError: false,
            problem: true,
            wrote: false,
          });
        }),
        { seed: 20261124, numRuns: everyOne.length + 10, examples: everyOne },
      );
    },
    240_000,
  );

  it('the story of the issue: a PHB request, a RAG update, a change and a step on goal `constructor` are refused, and the FHIR view still answers', async () => {
    await resetSally();
    const token = tokens.get('sally')!;
    const goal = '/patients/sally/goals/constructor';
    const phb = await t.call({
      method: 'POST',
      path: '/patients/sally/phb-requests',
      token,
      body: { category: 'phone', item: 'Phone', amountPence: 9900, goalId: 'constructor', whyItHelps: 'x', alternativesConsidered: 'y' },
    });
    const rag = await t.call({ method: 'POST', path: `${goal}/updates`, token, body: { status: 'red' } });
    const patch = await t.call({ method: 'PATCH', path: goal, token, body: { description: 'x' }, headers: { 'if-match': '"1"' } });
    const step = await t.call({ method: 'POST', path: `${goal}/steps`, token, body: { text: 'x' } });
    const fhir = await t.call({ method: 'GET', path: '/patients/sally/plan', token, query: 'format=fhir' });
    expect([phb.status, rag.status, patch.status, step.status, fhir.status]).toEqual([422, 404, 404, 404, 200]);
    expect((phb.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['body.goalId']);
    expect([rag, patch, step].map((r) => r.headers['content-type'])).toEqual(Array(3).fill('application/problem+json'));
  });

  it('a GP system sending such a unit or smoking code has that entry rejected for what it is', async () => {
    const obs = (id: string, code: string, value: Json) => gpObservation(id, code, DEMO_NHS_NUMBERS.sally, value, '2026-11-01T09:00:00Z');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PROTOTYPE_NAMES), async (name) => {
        const res = await t.call({
          method: 'POST',
          path: '/imports/gp',
          token: tokens.get(CALLER_OF_ROLE.integration)!,
          body: {
            resourceType: 'Bundle',
            type: 'collection',
            entry: [obs('w', '29463-7', { valueQuantity: { value: 80, code: name } }), obs('s', '72166-2', { valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: name }] } })],
          },
        });
        expect(res.status).toBe(200);
        expect((res.body as { results: Json[] }).results).toEqual([
          { index: 0, observationId: 'w', result: 'rejected', reason: `Observation body weight has unit "${name}"; expected kg or g` },
          { index: 1, observationId: 's', result: 'rejected', reason: 'Observation has a smoking status that is not one of the SNOMED CT codes we read' },
        ]);
      }),
      { seed: 20261124, numRuns: PROTOTYPE_NAMES.length * 2, examples: PROTOTYPE_NAMES.map((n) => [n] as [string]) },
    );
  });

  it('afterwards the plan holds only its own goal, reads as JSON and as FHIR, and has only its own PHB request', async () => {
    const token = tokens.get('sally')!;
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const stored = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: planKey(BOROUGH, 'sally'), ConsistentRead: true }));
    expect(Object.getOwnPropertyNames(stored.Item?.goals)).toEqual(['goal-example']);
    const plan = await t.call({ method: 'GET', path: '/patients/sally/plan', token });
    expect(plan.status).toBe(200);
    expect((plan.body as { goals: { goalId: string }[] }).goals.map((g) => g.goalId)).toEqual(['goal-example']);
    const fhir = await t.call({ method: 'GET', path: '/patients/sally/plan', token, query: 'format=fhir' });
    expect(fhir.status).toBe(200);
    const requests = await t.call({ method: 'GET', path: '/patients/sally/phb-requests', token });
    expect((requests.body as { items: { goalId: string }[] }).items.map((r) => r.goalId)).toEqual(['goal-example']);
  });
});
