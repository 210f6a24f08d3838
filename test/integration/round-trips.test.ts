import { SCOPE_OF_ACTION } from '../../shared/domain/consent';
import { SERVICES } from '../../functions/services';
import { SCOPES, type Scope } from '../../shared/domain/grant';
import type { Route } from '../../shared/http/route';
import { deliverToInbox } from '../../shared/store/inbox-repository';
import { countCalls, roundTrips } from '../support/call-counter';
import { grantFixture, putExamplePhbRequest, putExamplePlan, putExampleProposal, putGrant, reopenAccount, resetPatient } from '../support/fixtures';
import { CALLER_OF_ROLE, callerFor } from '../support/callers';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * The performance rule of the design, checked on every route with its example request: a read is one
 * DynamoDB round trip (calls in flight together count once), plus one audit transaction when the
 * reader is not the patient; a write is at most one round trip of reads and then one write. Outside
 * the patient record, a person's request first reads their account status (is it disabled?): one
 * GetItem before the route's own trips (the record reads it with the data instead).
 */
const ALL_ROUTES = SERVICES.flatMap(({ routes }) => routes);
const READ_OPS = new Set(['GetItem', 'BatchGetItem', 'Query']);
const WRITE_OPS = new Set(['TransactWriteItems', 'PutItem', 'UpdateItem', 'DeleteItem']);

/** The routes that need more, and why. */
const EXCEPTIONS: Record<string, { reads: number; writes: number; why: string }> = {
  'PATCH /patients/{patientId}/phb-requests/{requestId}': { reads: 2, writes: 1, why: "a request named by its id: the id's lookup item first, then the request with the grants" },
  'POST /phb-requests/{requestId}/decision': { reads: 2, writes: 1, why: "a request named by its id: the id's lookup item first, then the request with the grants" },
  'GET /phb-requests/{requestId}': {
    reads: 2,
    writes: 1,
    why: "a request named by its id: the id's lookup item first, then the patient's requests, the request, the budget and the grants together; then the audit entry",
  },
  'GET /phb-requests': {
    reads: 2,
    writes: 1,
    why: 'a page across patients: the page, then the audit heads of the patients on it (one BatchGetItem, beside the directory entries naming them), then one audit transaction',
  },
  'GET /borough/phb-purchases.csv': {
    reads: 2,
    writes: 1,
    why: "the year's purchases (the work-queue index's bought states, queried together), then the audit heads and directory entries of their patients (BatchGetItem, together), then their audit entries: one transaction per 50 patients",
  },
  'GET /me/caseload': {
    reads: 2,
    writes: 1,
    why: "the grantee index's queries, then by key the directory entries of everyone on the list and, for readers of the plan, their glances and audit heads (all in flight together); then the audit of the plans the page shows",
  },
  'GET /patients/{patientId}/conversations': {
    reads: 2,
    writes: 1,
    why: "the patient's conversations, grants and read marks (her own reads: no consent read), then the directory entries of the people among them, for their names; staff read only their own",
  },
  'GET /patients/{patientId}/export': {
    reads: 2,
    writes: 1,
    why: "the whole partition of the record (one Query a megabyte: one for Sally's) with the grants and her directory entry, then the directory entries of everyone the record names; an operator's export is audited",
  },
  'GET /me/patients': { reads: 2, writes: 0, why: "the grantee index's queries, then the directory entries of the page's patients by key, for their banners" },
  'POST /borough/invitations': {
    reads: 2,
    writes: 2,
    why: 'is the NHS number free, is the email (the local accounts read the directory; Cognito in AWS); then the number linked (conditional put) and the entry',
  },
  'POST /borough/users/{userId}/disable': { reads: 2, writes: 1, why: 'the entry, then the grants to the person (an index query) after it is written disabled; then one event per patient who shared' },
  'POST /emergency-access': {
    reads: 4,
    writes: 2,
    why: "the paramedic's attempt counted (a conditional update), the NHS number's link, then the entry it names (the same two reads for a number nobody holds), then the record's read and its write, then the paramedic's name for the answer",
  },
  // The patient's own consent routes decide first (their account status: is it disabled?), then read
  // what they show or change; names of people are read by key only once the record has allowed the
  // read (shared/record/door-gate.ts), and after what names them.
  'GET /patients/{patientId}/grants': { reads: 3, writes: 0, why: "the account status, the page of grants, then its grantees' names by key (one BatchGetItem)" },
  'POST /patients/{patientId}/grants': { reads: 2, writes: 1, why: 'the account status, then the grantee and the patient’s petals' },
  'PATCH /patients/{patientId}/grants/{grantId}': { reads: 3, writes: 1, why: "the account status, the grants, the change, then the grantee's name for the answer" },
  'DELETE /patients/{patientId}/grants/{grantId}': { reads: 2, writes: 1, why: 'the account status, then the grant' },
  'POST /patients/{patientId}/emergency-access': { reads: 2, writes: 1, why: "the record's decision and the access, then the paramedic's name for the answer" },
  'GET /patients/{patientId}/access-log': { reads: 3, writes: 0, why: 'the account status, the page of the log, then the names of who acted on it by key (one BatchGetItem)' },
  'POST /patients/{patientId}/closure': {
    reads: 4,
    writes: 2,
    why: "the account status, then the grants, the retention, the directory entry and the open red alerts together; the example's open alert goes to the duty teams first (the staff index and the grants, then its escalation); then one transaction (up to 49 live grants)",
  },
  'GET /directory': { reads: 1, writes: 1, why: "the caller's lookups counted (the rate limit's one UpdateItem), then the staff index read" },
  'POST /imports/gp': {
    reads: 3,
    writes: 3,
    why: "the NHS numbers' links to patients, then those patients' directory entries (the dates of birth must match), then each patient's consent read with the import markers; up to 100 entries: one transaction per patient and per 40 entries (DynamoDB holds 100 items in a transaction)",
  },
  'POST /imports/appointments': {
    reads: 3,
    writes: 3,
    why: "as the GP import: the NHS numbers' links, the patients' directory entries, then each patient's consent read with the appointments by key; one transaction per patient and per 40 entries",
  },
};

/** The message routes' example is the conversation with coach (the example grant shares messages with him): he is its care team side. */
const COACHS_CONVERSATION = new Set(['GET /patients/{patientId}/conversations/{conversation}/messages']);
/** The care team's side of a conversation's route: coach's, as the example names his conversation. */
const staffReaderOf = (name: string): string => (COACHS_CONVERSATION.has(name) ? 'coach' : 'miriam');

/** Patient-data routes for the care team only (never the patient on her own record): miriam, with this scope. */
const CARE_TEAM_ONLY: Record<string, Scope> = { 'POST /patients/{patientId}/proposals': 'plan:contribute', 'POST /patients/{patientId}/proposals/{proposalId}/withdrawal': 'plan:contribute' };

/** A clinician with a grant of the route's scope, for reads of patient data by someone else. */
const granteeRead = (route: Route): Scope | undefined =>
  route.method === 'GET' && route.access.kind === 'patient-data' && route.access.roles.includes('clinician') && (SCOPES as readonly string[]).includes(route.access.action)
    ? (route.access.action as Scope)
    : undefined;

describe('DynamoDB round trips of every route', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform();
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    for (const user of Object.values(CALLER_OF_ROLE)) {
      await deliverToInbox(store, BOROUGH, user, { notificationId: '0000000000001-example', type: 'plan.contributed', title: 'x', link: '/', urgent: false, at: new Date(1).toISOString() });
    }
  });
  afterAll(() => t.stop());

  const run = async (route: Route, caller: string | undefined, scope?: Scope) => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    await resetPatient(store, BOROUGH, 'sally');
    await reopenAccount(store, BOROUGH, 'sally');
    await putGrant(store, BOROUGH, grantFixture('sally', { type: 'person', userId: 'coach' }, ['plan:read', 'messages'], 'active', 'g-example'));
    await putExamplePlan(store, BOROUGH, 'sally');
    await putExamplePhbRequest(store, BOROUGH, 'sally');
    await putExampleProposal(store, BOROUGH, 'sally');
    if (caller === 'paramedic') await putGrant(store, BOROUGH, grantFixture('sally', { type: 'emergency' }, ['crisis-plan:read'], 'active'));
    if (scope) await putGrant(store, BOROUGH, grantFixture('sally', { type: 'person', userId: caller! }, [scope], 'active'));
    const token = caller ? await t.tokenFor(caller) : undefined;
    const params: Record<string, string> = { ...route.example?.params, patientId: 'sally' };
    let status = 0;
    const calls = await countCalls(t.platform.clients.client).timedDuring(async () => {
      const res = await t.call({
        method: route.method,
        path: route.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name] ?? 'unknown'),
        ...(token ? { token } : {}),
        ...(route.example?.body !== undefined ? { body: route.example.body } : {}),
        ...(route.example?.query ? { query: new URLSearchParams(route.example.query).toString() } : {}),
        headers: route.example?.headers ?? {},
      });
      status = res.status;
    });
    return { status, trips: roundTrips(calls) };
  };

  const reads = (trips: string[][]) => trips.filter((t) => t.every((op) => READ_OPS.has(op)));
  const writes = (trips: string[][]) => trips.filter((t) => t.some((op) => WRITE_OPS.has(op)));

  it.each(ALL_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (name, route) => {
    const careTeam = CARE_TEAM_ONLY[name];
    // Flagging is the care team's: coach flags in his conversation.
    const caller = name.endsWith('/flag') ? 'coach' : careTeam ? 'miriam' : callerFor(route);
    const { status, trips: all } = await run(route, caller, careTeam ?? (route.access.kind === 'patient-data' ? SCOPE_OF_ACTION[route.access.action] : undefined));
    expect({ status, ok: status < 300 }).toEqual({ status, ok: true });
    const checksAccount = route.access.kind === 'roles' || route.access.kind === 'signed-in';
    if (checksAccount) expect(all[0]).toEqual(['GetItem']);
    const trips = checksAccount ? all.slice(1) : all;
    const allowed = EXCEPTIONS[name];
    // At most one round trip of reads; each write round trip is one operation.
    expect(reads(trips).length).toBeLessThanOrEqual(allowed?.reads ?? 1);
    expect(writes(trips).flat()).toHaveLength(writes(trips).length);
    expect(trips.length).toBe(reads(trips).length + writes(trips).length);
    if (allowed) expect(writes(trips).length).toBeLessThanOrEqual(allowed.writes);
    else if (route.method === 'GET') {
      // A read writes only the audit entry, and only when the reader is not the patient.
      expect(writes(trips).flat()).toEqual(caller !== 'sally' && route.access.kind === 'patient-data' ? ['TransactWriteItems'] : []);
    } else expect(writes(trips)).toHaveLength(1);
    const scope = granteeRead(route);
    if (scope) {
      const reader = staffReaderOf(name);
      const other = await run(route, reader, reader === 'coach' ? undefined : scope);
      expect(other.status).toBe(200);
      expect(reads(other.trips)).toHaveLength(1);
      expect(writes(other.trips)).toEqual([['TransactWriteItems']]);
    }
  });
});
