import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { SERVICES } from '../../functions/services';
import type { Role } from '../../shared/domain/actor';
import { SCOPES, type Grantee, type Scope } from '../../shared/domain/grant';
import type { Route } from '../../shared/http/route';
import { forgetInvitation, grantFixture, reopenAccount, putExamplePhbRequest, putExamplePlan, putExampleProposal, putGrant, resetPatient, type GrantFixtureState } from '../support/fixtures';
import { ADVISOR_ONLY_ACTIONS, EXPORT_ACTION, PHB_PROCESS_ACTIONS, RECORDS_ACTIONS, SCOPE_OF_ACTION, STAFF_ACTIONS } from '../../shared/domain/consent';
import { grantKey } from '../../shared/store/grants-repository';
import { deliverToInbox } from '../../shared/store/inbox-repository';
import { DUAL_ROLES } from '../support/callers';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type User = { id: string; roles: Role[]; org?: string };

const SINGLE_ROLE: Record<string, User> = {
  'patient self': { id: 'sally', roles: ['patient'] },
  'other patient': { id: 'andre', roles: ['patient'] },
  clinician: { id: 'miriam', roles: ['clinician'] },
  advisor: { id: 'advisor', roles: ['phb-advisor'] },
  operator: { id: 'operator', roles: ['operator'] },
  paramedic: { id: 'paramedic', roles: ['paramedic'] },
  // The GP system: a client-credentials token of the borough's system client, not a user's.
  integration: { id: 'gp-system', roles: ['integration'] },
};
// Each person of two roles on their own record (Sally) and on another's (Andre on Sally's).
const DUAL_ROLE: Record<string, User> = Object.fromEntries(
  Object.entries(DUAL_ROLES).flatMap(([name, { roles, org }]) => [
    [`${name} on own record`, { id: 'sally', roles, org }],
    [`${name} on another's`, { id: 'andre', roles, org }],
  ]),
);
const USER_OF: Record<string, User> = { ...SINGLE_ROLE, ...DUAL_ROLE };

/** Every kind of caller the matrix tries on every route. */
const CALLERS = ['no token', 'expired token', 'wrong borough', ...Object.keys(USER_OF)];
type Caller = string;
const STATES: GrantFixtureState[] = ['none', 'active', 'expired', 'revoked'];

/** Routes by role whose example acts on Sally's record (her request `req-example`). */
const ON_SALLYS_RECORD = new Set(['POST /phb-requests/{requestId}/decision', 'GET /phb-requests/{requestId}']);
/** Routes whose example changes miriam's step: a contributor changes only their own (403 otherwise). */
const AUTHOR_ONLY = new Set([
  'PATCH /patients/{patientId}/goals/{goalId}/steps/{stepId}',
  'DELETE /patients/{patientId}/goals/{goalId}/steps/{stepId}',
  // miriam's proposal: only she withdraws it.
  'POST /patients/{patientId}/proposals/{proposalId}/withdrawal',
]);

/** Patient-data routes for the care team only: the patient on their own record is refused and told why (a proposal to herself, flagging her own message). */
const STAFF_ONLY_ON_OWN = new Set([
  'POST /patients/{patientId}/proposals',
  'POST /patients/{patientId}/proposals/{proposalId}/withdrawal',
  'PUT /patients/{patientId}/conversations/{conversation}/messages/{seq}/flag',
]);
/**
 * Routes whose example is Sally's conversation with coach (the example grant shares messages with
 * him): anyone else's grant of `messages`, in any state, opens their own conversation, never his.
 */
const COACHS_CONVERSATION = new Set([
  'GET /patients/{patientId}/conversations/{conversation}/messages',
  'POST /patients/{patientId}/conversations/{conversation}/messages',
  'POST /patients/{patientId}/conversations/{conversation}/read',
  'PUT /patients/{patientId}/conversations/{conversation}/messages/{seq}/flag',
]);

type Outcome = 'allow' | 401 | 403 | 404;

/**
 * Routes by role that find Sally's record from what their example gives (her NHS number and date of
 * birth) rather than from the path: past the role, they follow the rule of the record they open.
 */
const FINDS_SALLYS_RECORD: ReadonlyMap<string, Route['access']> = new Map([['POST /emergency-access', { kind: 'patient-data', action: 'emergency-access', roles: ['paramedic'] } as const]]);

/** The rule a route is held to: its declared one, or the record's for a route that finds Sally's record. */
const ruleOf = (route: Route): Route['access'] => {
  const finds = FINDS_SALLYS_RECORD.get(`${route.method} ${route.path}`);
  return finds && route.access.kind === 'roles' ? finds : route.access;
};

/** What a route's declared rule says a caller gets, given the state of the grant meant for them. */
const expectedOutcome = (route: Route, caller: Caller, state: GrantFixtureState): Outcome => {
  if (route.access.kind === 'roles' && FINDS_SALLYS_RECORD.has(`${route.method} ${route.path}`)) {
    // Its role first (403 to anyone else, as for any route by role), then the record's rule.
    if (!['no token', 'expired token', 'wrong borough', 'integration'].includes(caller) && !route.access.roles.some((r) => USER_OF[caller]!.roles.includes(r))) return 403;
  }
  const access = ruleOf(route);
  if (access.kind === 'public') return 'allow';
  if (caller === 'no token' || caller === 'expired token') return 401;
  if (caller === 'wrong borough') return 403;
  const { id, roles } = USER_OF[caller]!;
  const has = (role: Role) => roles.includes(role);
  // A system client (client credentials) works on the routes for systems only; only it works there.
  const system = caller === 'integration';
  if (access.kind === 'client') return system ? 'allow' : 403;
  if (system) return 403;
  // The matrix acts on Sally's record: for her, it is her own.
  const own = id === 'sally';
  switch (access.kind) {
    case 'signed-in':
      return 'allow';
    case 'roles':
      if (!access.roles.some(has)) return 403;
      // Nobody acts as staff on their own record: refused, and told why (it is theirs, nothing leaks).
      return own && ON_SALLYS_RECORD.has(`${route.method} ${route.path}`) ? 403 : 'allow';
    case 'patient-data':
      // Budgets and decisions are the PHB advisors' alone; PHB data is theirs to see by the PHB process.
      if (ADVISOR_ONLY_ACTIONS.has(access.action) && !has('phb-advisor')) return 404;
      // On their own record a patient is the patient, never staff, whatever other roles they hold.
      if (own) return STAFF_ACTIONS.has(access.action) || STAFF_ONLY_ON_OWN.has(`${route.method} ${route.path}`) ? 403 : 'allow';
      if (PHB_PROCESS_ACTIONS.has(access.action) && has('phb-advisor')) return 'allow';
      // A copy of the whole record: an operator answers a subject access request; no grant reaches it.
      if (access.action === EXPORT_ACTION) return has('operator') ? 'allow' : 404;
      // Records management (a legal hold) is the operators', without a grant; refused like any other patient data.
      if (RECORDS_ACTIONS.has(access.action)) return has('operator') ? 'allow' : 404;
      if (COACHS_CONVERSATION.has(`${route.method} ${route.path}`)) return 404;
      // Refused on patient data: 404 whatever the reason (no grant, wrong role), so nothing leaks.
      if (!access.roles.some(has)) return 404;
      // `sharing:read` (what a patient shares with me) is answered by a grant in force of any scope; a
      // grant gives its scopes, and what a scope allows besides (acknowledging a red alert: plan:read).
      if (state !== 'active' || !(SCOPES as readonly string[]).concat('emergency-access', 'sharing:read', Object.keys(SCOPE_OF_ACTION)).includes(access.action)) return 404;
      return AUTHOR_ONLY.has(`${route.method} ${route.path}`) && id !== 'miriam' ? 403 : 'allow';
  }
};

/** The grant of Sally's that would let this caller do what the route does, in the given state. */
const grantFor = (route: Route, caller: Caller, state: GrantFixtureState) => {
  const user = USER_OF[caller];
  // Sally's own grant to herself: one she could never make.
  const rule = ruleOf(route);
  if (state === 'none' || rule.kind !== 'patient-data' || !user || user.id === 'sally') return undefined;
  const action = rule.action;
  if (action === 'emergency-access') return grantFixture('sally', { type: 'emergency' }, ['crisis-plan:read'], state);
  // For patient-only actions: a grant of every scope, to show that none of them reaches these.
  const scopes: Scope[] = (SCOPES as readonly string[]).includes(action) ? [action as Scope] : [...SCOPES];
  return grantFixture('sally', { type: 'person', userId: user.id } satisfies Grantee, scopes, state);
};

const ALL_ROUTES = SERVICES.flatMap(({ service, routes }) => routes.map((route) => ({ service, route })));

describe('access matrix: every route, every caller, every grant state', () => {
  let t: TestPlatform;
  const tokens = new Map<Caller, string | undefined>();
  beforeAll(async () => {
    t = await startTestPlatform();
    tokens.set('no token', undefined);
    tokens.set('expired token', await t.issuer.sign({ id: 'sally', borough: BOROUGH, roles: ['patient'] }, { expiresIn: Math.floor(Date.now() / 1000) - 5 }));
    tokens.set('wrong borough', await t.tokenFor('sally', 'newham'));
    for (const [caller, user] of Object.entries(SINGLE_ROLE)) tokens.set(caller, await t.tokenFor(user.id));
    for (const [caller, user] of Object.entries(DUAL_ROLE)) tokens.set(caller, await t.issuer.sign({ ...user, borough: BOROUGH }));
    // The notification the inbox routes' example names, in every caller's own inbox.
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    for (const user of Object.values(SINGLE_ROLE)) {
      await deliverToInbox(store, BOROUGH, user.id, { notificationId: '0000000000001-example', type: 'plan.contributed', title: 'x', link: '/', urgent: false, at: new Date(1).toISOString() });
    }
  });
  afterAll(() => t.stop());

  it('every route declares an access rule', () => {
    for (const { service, route } of ALL_ROUTES) {
      const name = `${service} ${route.method} ${route.path}`;
      expect({ name, kind: ['public', 'signed-in', 'roles', 'client', 'patient-data'].includes(route.access?.kind) }).toEqual({ name, kind: true });
    }
  });

  // Every grant state for single-role callers; a dual-role caller is tried with none and an active
  // grant, where its two roles could differ (expired and revoked grants refuse like none, as the
  // single roles show), which keeps the matrix within the suite's time.
  const statesFor = (route: Route, caller: Caller): GrantFixtureState[] => (route.access.kind !== 'patient-data' ? ['none'] : caller in DUAL_ROLE ? ['none', 'active'] : STATES);
  const cases = ALL_ROUTES.flatMap(({ route }) => CALLERS.flatMap((caller) => statesFor(route, caller).map((state) => [`${route.method} ${route.path}`, caller, state, route] as const)));

  // Sally's record is set up again after anything but a GET: a GET changes nothing but the audit log
  // (which stays, as in life) and refusal tallies, so after one only the caller's grant is taken away.
  let changed = true;
  it.each(cases)('%s as %s with grant %s follows its declared rule', async (_name, caller, state, route) => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    if (changed) {
      await resetPatient(store, BOROUGH, 'sally');
      // The grant the routes' examples name (PATCH and DELETE of a grant), and the caller's own.
      await putGrant(store, BOROUGH, grantFixture('sally', { type: 'person', userId: 'coach' }, ['plan:read', 'messages'], 'active', 'g-example'));
      await putExamplePlan(store, BOROUGH, 'sally');
      await putExamplePhbRequest(store, BOROUGH, 'sally');
      await putExampleProposal(store, BOROUGH, 'sally');
    }
    const grant = grantFor(route, caller, state);
    if (grant) await putGrant(store, BOROUGH, grant);
    changed = route.method !== 'GET';

    const params: Record<string, string> = { ...route.example?.params, patientId: 'sally' };
    const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'unknown');
    const token = tokens.get(caller);
    const res = await t.call({
      method: route.method,
      path,
      ...(token ? { token } : {}),
      ...(route.example?.body !== undefined ? { body: route.example.body } : {}),
      ...(route.example?.query ? { query: new URLSearchParams(route.example.query).toString() } : {}),
      headers: route.example?.headers ?? {},
    });
    if (grant && !changed) await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: grantKey(BOROUGH, 'sally', grant.grantee) }));
    // Sally closed her account (the closure's example): open it again for the next caller.
    if (route.path === '/patients/{patientId}/closure' && res.status === 200) await reopenAccount(store, BOROUGH, 'sally');
    // The example invitation is sent again by the next caller: forget the person it made.
    if (route.path === '/borough/invitations' && res.status === 201) {
      const body = route.example?.body as { email: string; nhsNumber?: string };
      await forgetInvitation(store, BOROUGH, body.email, body.nhsNumber?.replace(/\s/g, ''));
    }
    const expected = expectedOutcome(route, caller, state);
    if (expected === 'allow') {
      expect({ caller, state, status: res.status, ok: res.status < 400 }).toEqual({ caller, state, status: res.status, ok: true });
    } else {
      expect({ caller, state, status: res.status }).toEqual({ caller, state, status: expected });
      expect(res.headers['content-type']).toBe('application/problem+json');
    }
  });
});
