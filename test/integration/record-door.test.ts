import { TEST_AUDIT_KEY } from '../support/audit-key';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SERVICES } from '../../functions/services';
import { loadBoroughs } from '../../infra/boroughs';
import { lambdaContext, toHttpEvent } from '../../infra/local/http-event';
import type { Actor } from '../../shared/domain/actor';
import { setRequestActor } from '../../shared/http/request-actor';
import { defineRoute, PATIENT_PARAM, pathParamNames, type Route } from '../../shared/http/route';
import { buildRouter } from '../../shared/http/router';
import { patientRecord } from '../../shared/record/patient-record';
import { makeDeps, type Deps } from '../../shared/runtime/deps';
import { planKey } from '../../shared/store/plan-repository';
import { makeTestTable, type TestTable } from '../support/dynamo';

/**
 * The patient record is the only door to a patient's data: a patient-data route that reads or writes
 * the table without it fails on its first request, whatever it does, and every route whose path names
 * a patient is a patient-data route.
 */
const borough = loadBoroughs()[0]!;
const sally: Actor = { id: 'sally', borough: borough.id, roles: ['patient'] };
const operator: Actor = { id: 'operator', borough: borough.id, roles: ['operator'], org: 'nel-ics' };

const PLAN_READ = { kind: 'patient-data', action: 'plan:read', roles: ['clinician'] } as const;
const common = { summary: 'test', tags: ['test'], response: { status: 200 as const } };

const readPlanDirectly = (deps: Deps, patientId: string) => deps.store.doc.send(new GetCommand({ TableName: deps.store.tableName, Key: planKey(borough.id, patientId) }));

const TEST_ROUTES: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, { patientId: string }>({
    ...common,
    method: 'GET',
    path: '/patients/{patientId}/around-the-door',
    access: PLAN_READ,
    handle: async (ctx) => (await readPlanDirectly(ctx.deps, ctx.params.patientId)).Item ?? {},
  }),
  defineRoute<undefined, Record<string, never>, { patientId: string }>({
    ...common,
    method: 'POST',
    path: '/patients/{patientId}/write-around-the-door',
    access: PLAN_READ,
    handle: async (ctx) => {
      await ctx.deps.store.doc.send(new PutCommand({ TableName: ctx.deps.store.tableName, Item: { ...planKey(borough.id, 'sally'), rogue: true } }));
      return {};
    },
  }),
  defineRoute<undefined, Record<string, never>, { patientId: string }>({
    ...common,
    method: 'GET',
    path: '/patients/{patientId}/through-the-door',
    access: PLAN_READ,
    handle: async (ctx) => {
      const read = await patientRecord(ctx).read((p) => [planKey(borough.id, p)]);
      return read.item(planKey(borough.id, read.patientId)) ?? {};
    },
  }),
  defineRoute<undefined, Record<string, never>, { patientId: string }>({
    ...common,
    method: 'GET',
    path: '/patients/{patientId}/after-the-door',
    access: PLAN_READ,
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      return (await readPlanDirectly(ctx.deps, patientId)).Item ?? {};
    },
  }),
  defineRoute({ ...common, method: 'GET', path: '/by-role', access: { kind: 'roles', roles: ['operator'] }, handle: async (ctx) => (await readPlanDirectly(ctx.deps, 'sally')).Item ?? {} }),
];

describe('the patient record is the only door to patient data', () => {
  let table: TestTable;
  let deps: Deps;
  let router: ReturnType<typeof buildRouter>;

  beforeAll(async () => {
    table = await makeTestTable('door');
    deps = makeDeps('plans', { borough, tableName: table.tableName, maxBodyBytes: 1024, version: 'test' }, table, { auditKey: TEST_AUDIT_KEY });
    router = buildRouter(TEST_ROUTES, deps);
    await table.doc.send(new PutCommand({ TableName: table.tableName, Item: { ...planKey(borough.id, 'sally'), entity: 'plan', patientId: 'sally', version: 1 } }));
  });
  afterAll(() => table.drop());

  const call = async (method: string, path: string, actor: Actor) => {
    const event = toHttpEvent({ method, path, headers: {} });
    setRequestActor(event, actor);
    const res = (await router.resolve(event as unknown as APIGatewayProxyEventV2, lambdaContext('plans'))) as { statusCode: number; body?: string };
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : undefined };
  };

  it("a route that reads a patient's data around the record fails (500), even for the patient themselves", async () => {
    const res = await call('GET', '/patients/sally/around-the-door', sally);
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('"version"');
  });

  it('a route that writes around the record fails and writes nothing', async () => {
    const res = await call('POST', '/patients/sally/write-around-the-door', sally);
    expect(res.status).toBe(500);
    expect((await readPlanDirectly(deps, 'sally')).Item).not.toHaveProperty('rogue');
  });

  it('the same read through the record answers; so does a read the route makes once the record has decided', async () => {
    const through = await call('GET', '/patients/sally/through-the-door', sally);
    const after = await call('GET', '/patients/me/after-the-door', sally);
    expect([through.status, through.body?.patientId, after.status, after.body?.patientId]).toEqual([200, 'sally', 200, 'sally']);
  });

  it('a refusal leaves the door shut: the route never reaches its own read', async () => {
    const res = await call('GET', '/patients/sally/after-the-door', { id: 'miriam', borough: borough.id, roles: ['clinician'], org: 'elft' });
    expect(res.status).toBe(404);
  });

  it('one request let in does not let in another running at the same time', async () => {
    const results = await Promise.all([
      call('GET', '/patients/sally/after-the-door', sally),
      call('GET', '/patients/sally/around-the-door', sally),
      call('GET', '/patients/sally/through-the-door', sally),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 500, 200]);
  });

  it('routes by role (no patient in the path) are not held by the door', async () => {
    expect((await call('GET', '/by-role', operator)).status).toBe(200);
  });

  it.each(SERVICES.flatMap((s) => s.routes).map((r) => [`${r.method} ${r.path}`, r] as const))('%s: names a patient in its path exactly when it is a patient-data route', (_name, route) => {
    expect(pathParamNames(route.path).includes(PATIENT_PARAM)).toBe(route.access.kind === 'patient-data');
  });
});
