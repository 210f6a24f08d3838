import { SERVICES } from '../../functions/services';
import type { Role } from '../../shared/domain/actor';
import type { Route } from '../../shared/http/route';
import { startTestPlatform, type TestPlatform } from '../support/platform';

/** Every kind of caller the matrix tries on every route. */
const CALLERS = ['no token', 'expired token', 'wrong borough', 'patient self', 'other patient', 'clinician', 'advisor', 'operator', 'paramedic', 'integration'] as const;
type Caller = (typeof CALLERS)[number];

const USER_OF: Record<Exclude<Caller, 'no token' | 'expired token' | 'wrong borough'>, { id: string; role: Role }> = {
  'patient self': { id: 'sally', role: 'patient' },
  'other patient': { id: 'andre', role: 'patient' },
  clinician: { id: 'miriam', role: 'clinician' },
  advisor: { id: 'advisor', role: 'phb-advisor' },
  operator: { id: 'operator', role: 'operator' },
  paramedic: { id: 'paramedic', role: 'paramedic' },
  integration: { id: 'gp-system', role: 'integration' },
};

type Outcome = 'allow' | 401 | 403 | 404;

/** What a route's declared rule says a caller gets. Patient data is always Sally's. */
const expectedOutcome = (route: Route, caller: Caller): Outcome => {
  const access = route.access;
  if (access.kind === 'public') return 'allow';
  if (caller === 'no token' || caller === 'expired token') return 401;
  if (caller === 'wrong borough') return 403;
  const { role } = USER_OF[caller];
  switch (access.kind) {
    case 'signed-in':
      return 'allow';
    case 'roles':
      return access.roles.includes(role) ? 'allow' : 403;
    case 'patient-data':
      if (caller === 'patient self') return 'allow';
      if (!access.roles.includes(role)) return 403;
      // Without a grant from Sally (none in this matrix) her data does not exist for them.
      return 404;
  }
};

const ALL_ROUTES = SERVICES.flatMap(({ service, routes }) => routes.map((route) => ({ service, route })));

describe('access matrix: every route, every caller', () => {
  let t: TestPlatform;
  const tokens = new Map<Caller, string | undefined>();
  beforeAll(async () => {
    t = await startTestPlatform();
    tokens.set('no token', undefined);
    tokens.set('expired token', await t.issuer.sign({ id: 'sally', borough: 'city-and-hackney', roles: ['patient'] }, { expiresIn: Math.floor(Date.now() / 1000) - 5 }));
    tokens.set('wrong borough', await t.tokenFor('sally', 'newham'));
    for (const [caller, user] of Object.entries(USER_OF)) tokens.set(caller as Caller, await t.tokenFor(user.id));
  });
  afterAll(() => t.stop());

  it('every route declares an access rule', () => {
    for (const { service, route } of ALL_ROUTES) {
      expect({ route: `${service} ${route.method} ${route.path}`, kind: ['public', 'signed-in', 'roles', 'patient-data'].includes(route.access?.kind) }).toEqual({
        route: `${service} ${route.method} ${route.path}`,
        kind: true,
      });
    }
  });

  const cases = ALL_ROUTES.flatMap(({ route }) => CALLERS.map((caller) => [`${route.method} ${route.path}`, caller, route] as const));

  it.each(cases)('%s as %s follows its declared rule', async (_name, caller, route) => {
    const params: Record<string, string> = { ...route.example?.params, patientId: 'sally' };
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'unknown');
    const token = tokens.get(caller);
    const res = await t.call({
      method: route.method,
      path,
      ...(token ? { token } : {}),
      ...(route.example?.body !== undefined ? { body: route.example.body } : {}),
      ...(route.example?.query ? { query: new URLSearchParams(route.example.query).toString() } : {}),
    });
    const expected = expectedOutcome(route, caller);
    if (expected === 'allow') {
      expect({ caller, status: res.status, ok: res.status < 400 }).toEqual({ caller, status: res.status, ok: true });
    } else {
      expect({ caller, status: res.status }).toEqual({ caller, status: expected });
      expect(res.headers['content-type']).toBe('application/problem+json');
    }
  });
});
