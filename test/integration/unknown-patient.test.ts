import { SERVICES } from '../../functions/services';
import type { Route } from '../../shared/http/route';
import { patientPartition } from '../../shared/store/keys';
import { scanAll } from '../../shared/store/query-all';
import { noPatientPartition } from '../../shared/store/refusal-repository';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/** People other than the patient: staff of every role (allowed or not), and another patient. */
const CALLERS = ['miriam', 'advisor', 'paramedic', 'operator', 'andre'];
const NOBODY = 'nobody-by-this-id';

const PATIENT_ROUTES = SERVICES.flatMap(({ routes }) => routes).filter((r) => r.access.kind === 'patient-data');

/**
 * Attempts on a patient id nobody holds create nothing under that id: no audit chain, no budget, no
 * item at all. Each is answered like any refusal (404) and logged like one, in the no-patient log of
 * the id (which expires), so that neither the answer nor its time tells whether the id exists.
 */
describe('a patient who does not exist', () => {
  let t: TestPlatform;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestPlatform();
    for (const user of CALLERS) tokens.set(user, await t.tokenFor(user));
  });
  afterAll(() => t.stop());

  const call = (route: Route, caller: string) => {
    const params: Record<string, string> = { ...route.example?.params, patientId: NOBODY };
    return t.call({
      method: route.method,
      path: route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'unknown'),
      token: tokens.get(caller)!,
      ...(route.example?.body !== undefined ? { body: route.example.body } : {}),
      ...(route.example?.query ? { query: new URLSearchParams(route.example.query).toString() } : {}),
      headers: route.example?.headers ?? {},
    });
  };

  it.each(PATIENT_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: 404 problem+json for every caller, and nothing written', async (_name, route) => {
    // Prepare
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    const inNoPatientLog = (item: Record<string, unknown>) => item.pk === noPatientPartition(BOROUGH, NOBODY);
    const before = (await scanAll(store, { ConsistentRead: true })).filter((i) => !inNoPatientLog(i));
    // Act
    const answers = [];
    for (const caller of CALLERS) {
      const res = await call(route, caller);
      answers.push({ caller, status: res.status, type: res.headers['content-type'] });
    }
    // Assess
    expect(answers).toEqual(CALLERS.map((caller) => ({ caller, status: 404, type: 'application/problem+json' })));
    const after = await scanAll(store, { ConsistentRead: true });
    expect(after.filter((i) => !inNoPatientLog(i))).toEqual(before);
    expect(after.filter((i) => String(i.pk).startsWith(patientPartition(BOROUGH, NOBODY)))).toEqual([]);
    expect(after.filter(inNoPatientLog).every((i) => typeof i.expiresAt === 'number')).toBe(true);
  });
});
