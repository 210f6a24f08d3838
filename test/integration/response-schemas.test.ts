import * as z from 'zod/mini';
import { DEMO_NHS_NUMBERS, seedBorough } from '../../infra/local/seed';
import { SERVICES } from '../../functions/services';
import type { Route } from '../../shared/http/route';
import { deliverToInbox } from '../../shared/store/inbox-repository';
import { BOROUGH, startTestPlatform, type TestPlatform, type TestResponse } from '../support/platform';
import type { Json } from '../support/json';
import { gpBundle, gpObservation } from '../support/gp-observations';
import { ONE_OF_EACH_MEASUREMENT } from '../support/measurement-bodies';

/**
 * Every route answers what its declared response schema says, exactly (strict objects: no field
 * more), so that the API document, and the web's types generated from it, are the truth. The seeded
 * demo borough and a day of use (each route at least once, with the data that makes optional parts
 * appear) are checked against the schemas of the route tables.
 */
const ROUTES = new Map<string, Route>(SERVICES.flatMap(({ routes }) => routes.map((r) => [`${r.method} ${r.path}`, r] as const)));

describe('responses match the route tables’ schemas', () => {
  let t: TestPlatform;
  const tokens: Record<string, string> = {};
  const answered = new Set<string>();

  beforeAll(async () => {
    t = await startTestPlatform();
    await seedBorough(t.platform.boroughs.get(BOROUGH)!);
    for (const u of ['sally', 'miriam', 'gp-beechwood', 'advisor', 'operator', 'paramedic', 'gp-system']) tokens[u] = await t.tokenFor(u);
  });
  afterAll(() => t.stop());

  /** A file that is neither text nor JSON (a PDF) is checked as the bytes it is; anything else as it reads. */
  const answerOf = (res: TestResponse): unknown =>
    /^(text\/|application\/([\w.-]+\+)?json)/.test(res.headers['content-type'] ?? '') ? res.body : new File([Buffer.from(res.raw.body ?? '', res.raw.isBase64Encoded ? 'base64' : 'utf8')], 'download');

  /** Calls `METHOD /template` as a user, and checks a JSON answer against the route's response schema. */
  const call = async (
    as: string | undefined,
    operation: string,
    options: { params?: Record<string, string>; body?: unknown; query?: string; headers?: Record<string, string> } = {},
  ): Promise<Json> => {
    const route: Route | undefined = ROUTES.get(operation);
    if (!route) throw new Error(`no route ${operation}`);
    const params: Record<string, string> = { patientId: 'me', ...options.params };
    const res: TestResponse = await t.call({
      method: route.method,
      path: route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`)),
      ...(as ? { token: tokens[as]! } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.query ? { query: options.query } : {}),
      headers: options.headers ?? {},
    });
    expect({ operation, status: res.status, body: res.status < 300 ? undefined : res.body }).toEqual({ operation, status: route.response.status, body: undefined });
    answered.add(operation);
    if (route.response.status === 204) return {};
    expect({ operation, contentType: res.headers['content-type'] }).toEqual({ operation, contentType: route.response.contentType ?? 'application/json' });
    expect({ operation, declared: route.response.schema !== undefined }).toEqual({ operation, declared: true });
    const parsed = z.safeParse(route.response.schema!, answerOf(res));
    expect({ operation, issues: parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }).toEqual({ operation, issues: [] });
    return res.body as Json;
  };

  it('platform and directory', async () => {
    await call(undefined, 'GET /health');
    await call(undefined, 'GET /openapi.json');
    await call('sally', 'GET /me');
    await call('miriam', 'GET /me');
    await call('operator', 'PUT /borough/users/{userId}', {
      params: { userId: 'new-nurse' },
      body: { roles: ['clinician'], name: { given: 'Nat', family: 'Example' }, org: 'elft', roleTitle: 'Nurse', email: 'nurse@example.org', phone: '+447700900123' },
    });
    await call('operator', 'PUT /borough/users/{userId}', {
      params: { userId: 'new-patient' },
      body: { roles: ['patient'], name: { given: 'Pip', family: 'Example', preferred: 'Pip' }, nhsNumber: '9990000050', birthDate: '2001-02-03' },
    });
    await call('operator', 'GET /borough/users', { query: 'q=example' });
    await call('sally', 'GET /borough/organisations');
    await call('operator', 'POST /borough/invitations', { body: { roles: ['clinician'], name: { given: 'Ivo', family: 'Example' }, org: 'elft', roleTitle: 'Nurse', email: 'ivo@example.org' } });
    await call('operator', 'POST /borough/users/{userId}/disable', { params: { userId: 'new-nurse' } });
  });

  it('the plan: sections, goals, steps, RAG updates, comments, the log and the crisis plan', async () => {
    let plan = await call('sally', 'GET /patients/{patientId}/plan');
    await call('miriam', 'GET /patients/{patientId}/plan', { params: { patientId: 'sally' } });
    plan = await call('sally', 'PUT /patients/{patientId}/plan', {
      body: { whatMattersToMe: 'My dog', whatHelpsMeStayWell: 'Walks', mySupportNetwork: 'My sister' },
      headers: { 'if-match': `"${plan.version}"` },
    });
    const goal = await call('sally', 'POST /patients/{patientId}/goals', { body: { category: 'social', description: 'See my sister every week', targetDate: '2027-01-31' } });
    const params = { goalId: goal.goalId as string };
    const step = await call('miriam', 'POST /patients/{patientId}/goals/{goalId}/steps', { params: { ...params, patientId: 'sally' }, body: { text: 'Plan the first visit' } });
    await call('sally', 'POST /patients/{patientId}/goals/{goalId}/steps', { params, body: { text: 'Call her on Sunday' } });
    plan = await call('sally', 'GET /patients/{patientId}/plan');
    await call('sally', 'PATCH /patients/{patientId}/goals/{goalId}/steps/{stepId}', {
      params: { ...params, stepId: step.stepId },
      body: { done: true },
      headers: { 'if-match': `"${plan.version}"` },
    });
    await call('sally', 'POST /patients/{patientId}/goals/{goalId}/updates', { params, body: { status: 'red', note: 'A hard week' } });
    const alerts = await call('miriam', 'GET /patients/{patientId}/alerts', { params: { patientId: 'sally' } });
    const alertId = String((alerts.items as { alertId: string }[])[0]?.alertId);
    await call('miriam', 'POST /patients/{patientId}/alerts/{alertId}/acknowledgement', { params: { patientId: 'sally', alertId } });
    await call('sally', 'GET /patients/{patientId}/alerts');
    await call('sally', 'POST /patients/{patientId}/goals/{goalId}/updates', { params, body: { status: 'green' } });
    await call('sally', 'GET /patients/{patientId}/goals/{goalId}/updates', { params, query: 'limit=1' });
    await call('miriam', 'POST /patients/{patientId}/goals/{goalId}/comments', { params: { ...params, patientId: 'sally' }, body: { text: 'Well done' } });
    await call('sally', 'GET /patients/{patientId}/goals/{goalId}/comments', { params });
    const other = await call('sally', 'POST /patients/{patientId}/goals/{goalId}/steps', { params, body: { text: 'Not needed' } });
    plan = await call('sally', 'GET /patients/{patientId}/plan');
    await call('sally', 'DELETE /patients/{patientId}/goals/{goalId}/steps/{stepId}', { params: { ...params, stepId: other.stepId }, headers: { 'if-match': `"${plan.version}"` } });
    plan = await call('sally', 'GET /patients/{patientId}/plan');
    await call('sally', 'PATCH /patients/{patientId}/goals/{goalId}', { params, body: { achievement: 'partly-achieved' }, headers: { 'if-match': `"${plan.version}"` } });
    await call('sally', 'GET /patients/{patientId}/plan');
    await call('sally', 'POST /patients/{patientId}/log', { body: { text: 'A walk in the park', mood: 4 } });
    await call('sally', 'POST /patients/{patientId}/log', { body: { date: '2026-11-01', text: 'Tired', mood: 2 } });
    await call('sally', 'GET /patients/{patientId}/log', { query: 'limit=1' });
    const crisis = await call('sally', 'GET /patients/{patientId}/crisis-plan');
    await call('sally', 'PUT /patients/{patientId}/crisis-plan', {
      body: {
        warningSigns: ['Sleeping less'],
        whatHelps: ['A walk'],
        whatToAvoid: ['Crowds'],
        contacts: [{ name: 'My sister', relationship: 'sister', phone: '+447700900123' }, { name: 'Crisis line' }],
        medicationNotes: 'None',
      },
      headers: { 'if-match': `"${crisis.version}"` },
    });
    await call('sally', 'GET /patients/{patientId}/crisis-plan/card.pdf');
    await call('miriam', 'GET /patients/{patientId}/crisis-plan/card.pdf', { params: { patientId: 'sally' } });
    await call('sally', 'GET /patients/{patientId}/plan.pdf');
    await call('miriam', 'GET /patients/{patientId}/plan.pdf', { params: { patientId: 'sally' } });
  });

  it('proposals: made, listed, accepted (word for word and edited) and declined', async () => {
    const propose = (body: unknown) => call('miriam', 'POST /patients/{patientId}/proposals', { params: { patientId: 'sally' }, body });
    const goal = await propose({ kind: 'goal', category: 'physical', description: 'Swim on Fridays', targetDate: '2027-02-01', steps: ['Find the pool times'] });
    const section = await propose({ kind: 'section', section: 'mySupportNetwork', text: 'My sister and the Friday group' });
    const other = await propose({ kind: 'goal', category: 'social', description: 'Join a choir' });
    await call('miriam', 'GET /patients/{patientId}/proposals', { params: { patientId: 'sally' } });
    let plan = await call('sally', 'GET /patients/{patientId}/plan');
    await call('sally', 'POST /patients/{patientId}/proposals/{proposalId}/acceptance', { params: { proposalId: goal.proposalId as string }, body: {}, headers: { 'if-match': `"${plan.version}"` } });
    plan = await call('sally', 'GET /patients/{patientId}/plan');
    await call('sally', 'POST /patients/{patientId}/proposals/{proposalId}/acceptance', {
      params: { proposalId: section.proposalId as string },
      body: { section: { text: 'My sister' } },
      headers: { 'if-match': `"${plan.version}"` },
    });
    await call('sally', 'POST /patients/{patientId}/proposals/{proposalId}/decline', { params: { proposalId: other.proposalId as string }, body: { reason: 'Not now' } });
    const taken = await propose({ kind: 'section', section: 'whatMattersToMe', text: 'Painting' });
    await call('miriam', 'POST /patients/{patientId}/proposals/{proposalId}/withdrawal', { params: { patientId: 'sally', proposalId: taken.proposalId as string } });
    await call('sally', 'GET /patients/{patientId}/proposals');
    plan = await call('sally', 'GET /patients/{patientId}/plan');
    await call('miriam', 'PUT /patients/{patientId}/plan/review', { params: { patientId: 'sally' }, body: { on: '2099-01-15' }, headers: { 'if-match': `"${plan.version}"` } });
    await call('sally', 'GET /patients/{patientId}/plan');
  });

  it('consent: grants, emergency access, the access log and shared patients', async () => {
    await call('sally', 'GET /patients/{patientId}/grants', { query: 'limit=2' });
    const made = await call('sally', 'POST /patients/{patientId}/grants', {
      body: { grantee: { type: 'organisation', org: 'elft' }, scopes: ['plan:read'], endsAt: '2099-01-01T00:00:00Z', note: 'my trust' },
    });
    await call('sally', 'PATCH /patients/{patientId}/grants/{grantId}', {
      params: { grantId: made.grantId },
      body: { scopes: ['plan:read', 'log:read'] },
      headers: { 'if-match': `"${made.version}"` },
    });
    // Miriam works at ELFT, which Sally now shares with: what she may open.
    expect((await call('miriam', 'GET /patients/{patientId}/shared-with-me', { params: { patientId: 'sally' } })).readable).toEqual(expect.arrayContaining(['plan', 'log']));
    await call('sally', 'DELETE /patients/{patientId}/grants/{grantId}', { params: { grantId: made.grantId } });
    await call('sally', 'GET /patients/{patientId}/grants');
    await call('paramedic', 'POST /patients/{patientId}/emergency-access', { params: { patientId: 'sally' }, body: { reason: 'Called to the home: acute distress' } });
    await call('paramedic', 'POST /emergency-access', { body: { nhsNumber: '9990000018', birthDate: '1984-03-14', reason: 'Called to the home: acute distress' } });
    await call('paramedic', 'GET /patients/{patientId}/crisis-plan', { params: { patientId: 'sally' } });
    await call('sally', 'GET /patients/{patientId}/access-log');
    await call('miriam', 'GET /me/patients');
    await call('miriam', 'GET /me/caseload', { query: 'q=brown' });
    expect((await call('sally', 'GET /directory', { query: 'q=el' })).items).not.toEqual([]);
  });

  it('health: measurements of each kind, the summary, ReQoL-10 and the GP import', async () => {
    await call('sally', 'GET /questionnaires/reqol-10');
    await call('sally', 'GET /patients/{patientId}/health-summary');
    for (const body of [...ONE_OF_EACH_MEASUREMENT, { type: 'bmi', value: 22.5, at: '2026-10-01T09:00:00Z' }]) {
      await call('sally', 'POST /patients/{patientId}/measurements', { body });
    }
    await call('gp-beechwood', 'POST /patients/{patientId}/measurements', { params: { patientId: 'sally' }, body: { type: 'weight', value: 81 } });
    await call('sally', 'GET /patients/{patientId}/measurements', { query: 'type=bmi&limit=1' });
    await call('sally', 'GET /patients/{patientId}/measurements', { query: 'type=blood-pressure' });
    await call('sally', 'POST /patients/{patientId}/questionnaires', { body: { scores: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3] } });
    await call('sally', 'POST /patients/{patientId}/questionnaires', { body: { answers: [0, 1, 2, 3, 4, 0, 1, 2, 3, 4], at: '2026-01-01T00:00:00Z' } });
    await call('sally', 'GET /patients/{patientId}/questionnaires');
    const summary = await call('miriam', 'GET /patients/{patientId}/health-summary', { params: { patientId: 'sally' } });
    expect(Object.keys(summary.latest).sort()).toEqual(['blood-pressure', 'bmi', 'exercise', 'fruit-veg', 'height', 'smoking', 'weight', 'wellbeing']);
    expect(summary.reqol).toBeDefined();
    const obs = (id: string, code: string, value: number) => gpObservation(id, code, DEMO_NHS_NUMBERS.sally, { valueQuantity: { value, code: 'kg/m2' } });
    await call('gp-system', 'POST /imports/gp', { body: gpBundle([obs('gp-1', '39156-5', 27), obs('gp-1', '39156-5', 27), obs('gp-2', '39156-5', 300)]) });
    await call('gp-system', 'POST /imports/appointments', { body: ROUTES.get('POST /imports/appointments')?.example?.body });
    await call('miriam', 'GET /patients/{patientId}/appointments', { params: { patientId: 'sally' } });
    const { upcoming } = (await call('sally', 'GET /patients/{patientId}/appointments')) as { upcoming: { appointmentId: string }[] };
    await call('sally', 'GET /patients/{patientId}/appointments/{appointmentId}/calendar.ics', { params: { appointmentId: upcoming[0]!.appointmentId } });
    await call('sally', 'GET /patients/{patientId}/measurements', { query: 'type=bmi' });
  });

  it('personal health budgets: budget, requests and every decision', async () => {
    await call('sally', 'GET /patients/{patientId}/budget');
    await call('sally', 'GET /patients/{patientId}/budget', { query: 'financialYear=2001' });
    await call('advisor', 'PUT /patients/{patientId}/budget', { params: { patientId: 'sally' }, body: { allocatedPence: 200_000, reason: 'Annual review' } });
    const goalId = ((await call('sally', 'GET /patients/{patientId}/plan')).goals as Json[])[0]!.goalId as string;
    const ask = (amountPence: number, headers: Record<string, string> = {}) =>
      call('sally', 'POST /patients/{patientId}/phb-requests', {
        body: { category: 'phone', item: 'Basic smartphone', amountPence, goalId, whyItHelps: 'To join video sessions', alternativesConsidered: 'Library computers' },
        headers,
      });
    const small = await ask(9_900, { 'idempotency-key': 'response-schemas-1' });
    await ask(9_900, { 'idempotency-key': 'response-schemas-1' });
    const large = await ask(60_000);
    const declined = await ask(5_000);
    const questioned = await ask(4_000);
    await call('advisor', 'GET /phb-requests', { query: 'limit=2' });
    const decide = (requestId: string, body: Json) => call('advisor', 'POST /phb-requests/{requestId}/decision', { params: { requestId }, body });
    await decide(small.requestId, { decision: 'approve' });
    await decide(small.requestId, { decision: 'order', supplier: 'Argos', orderReference: 'AB-1', actualCostPence: 1_000 });
    await decide(small.requestId, { decision: 'deliver', deliveredOn: new Date().toISOString().slice(0, 10) });
    await decide(small.requestId, { decision: 'close' });
    await decide(large.requestId, { decision: 'approve' });
    const repriceable = await ask(3_000);
    await decide(repriceable.requestId, { decision: 'approve' });
    await decide(repriceable.requestId, { decision: 'reprice', amountPence: 3_500, reason: 'The price went up' });
    await call('sally', 'GET /patients/{patientId}/budget/movements');
    await call('advisor', 'GET /phb-requests/{requestId}', { params: { requestId: repriceable.requestId } });
    await call('advisor', 'GET /patients/{patientId}/budget/movements', { params: { patientId: 'sally' }, query: 'limit=2' });
    await decide(declined.requestId, { decision: 'decline', reason: 'Try the library scheme first' });
    await decide(questioned.requestId, { decision: 'request-info', question: 'Which model?' });
    await call('sally', 'PATCH /patients/{patientId}/phb-requests/{requestId}', { params: { requestId: questioned.requestId }, body: { action: 'answer', answer: 'The cheapest' } });
    await call('sally', 'PATCH /patients/{patientId}/phb-requests/{requestId}', { params: { requestId: questioned.requestId }, body: { action: 'withdraw' } });
    await call('sally', 'GET /patients/{patientId}/phb-requests');
    await call('advisor', 'GET /patients/{patientId}/phb-requests', { params: { patientId: 'sally' }, query: 'limit=2' });
    await call('advisor', 'GET /phb-requests', { query: 'status=approved' });
    await call('advisor', 'GET /phb-requests/stats');
    await call('operator', 'GET /phb-requests/stats', { query: 'financialYear=2026' });
    // Sally's phone was bought this financial year: a row of the finance file.
    expect(String(await call('operator', 'GET /borough/phb-purchases.csv'))).toContain('Argos,AB-1');
  });

  it('messages: conversations, a message with a video link, reading, flagging and the FHIR view', async () => {
    const conversation = { patientId: 'sally', conversation: 'person:miriam' };
    await call('sally', 'GET /patients/{patientId}/conversations');
    await call('sally', 'POST /patients/{patientId}/conversations/{conversation}/messages', { params: conversation, body: { text: 'Are we still on for Thursday?' } });
    await call('miriam', 'GET /patients/{patientId}/conversations', { params: { patientId: 'sally' } });
    await call('miriam', 'POST /patients/{patientId}/conversations/{conversation}/read', { params: conversation, body: { upTo: 1 } });
    await call('miriam', 'POST /patients/{patientId}/conversations/{conversation}/messages', {
      params: conversation,
      body: { text: 'Yes: here is the link.', videoLink: 'https://video.recovery.example.nhs.uk/room/1' },
    });
    await call('miriam', 'PUT /patients/{patientId}/conversations/{conversation}/messages/{seq}/flag', { params: { ...conversation, seq: '1' }, body: { flagged: true } });
    const page = await call('sally', 'GET /patients/{patientId}/conversations/{conversation}/messages', { params: conversation });
    expect(page.safety).toBeDefined();
    await call('miriam', 'GET /patients/{patientId}/conversations/{conversation}/messages', { params: conversation });
  });

  it('notifications and the outcome report', async () => {
    const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    for (const [i, urgent] of [false, true, false].entries()) {
      await deliverToInbox(store, BOROUGH, 'sally', {
        notificationId: `000000000000${i}-schemas`,
        type: 'plan.contributed',
        title: 'Miriam added a step',
        link: '/patients/sally/plan',
        urgent,
        at: new Date(i).toISOString(),
      });
    }
    await call('sally', 'GET /me/notification-preferences');
    await call('sally', 'PUT /me/notification-preferences', { body: { email: 'immediate', sms: 'off' } });
    // Her phone subscribed to push (with a label), listed and removed.
    await call('sally', 'GET /push/vapid-public-key');
    const device = await call('sally', 'POST /me/push-subscriptions', { body: ROUTES.get('POST /me/push-subscriptions')!.example!.body });
    await call('sally', 'GET /me/push-subscriptions');
    await call('sally', 'DELETE /me/push-subscriptions/{subscriptionId}', { params: { subscriptionId: device.subscriptionId } });
    const inbox = await call('sally', 'GET /me/notifications', { query: 'limit=2' });
    await call('sally', 'POST /me/notifications/{notificationId}/read', { params: { notificationId: inbox.items[0].notificationId } });
    await call('sally', 'GET /me/notifications', { query: `cursor=${encodeURIComponent(inbox.nextCursor)}` });
    await call('operator', 'GET /borough/outcomes');
    // Last, with something of everything above in her record: her copy, and an operator's.
    await call('sally', 'GET /patients/{patientId}/export');
    await call('operator', 'GET /patients/{patientId}/export', { params: { patientId: 'sally' } });
  });

  it('the library: searched, a programme added, changed, retired, its history, and a step about one on the plan', async () => {
    await call('sally', 'GET /library', { query: 'q=walking' });
    await call('sally', 'GET /library/programmes/{programmeId}', { params: { programmeId: 'core-sport-walking' } });
    await call('sally', 'POST /patients/{patientId}/goals/{goalId}/steps', { params: { goalId: 'seed-goal-walk' }, body: { text: 'Try the walking group', programmeId: 'core-sport-walking' } });
    await call('sally', 'GET /patients/{patientId}/plan');
    const added = await call('operator', 'POST /library/programmes', {
      body: { name: 'Chess club', provider: 'advocacy-project', category: 'peer-support', offers: 'Chess', forWhom: 'Anyone', howToJoin: 'Drop in', link: 'https://advocacy-project.example/chess' },
    });
    const params = { programmeId: String(added.programmeId) };
    await call('operator', 'PATCH /library/programmes/{programmeId}', { params, body: { status: 'retired' }, headers: { 'if-match': '"1"' } });
    await call('operator', 'GET /library', { query: 'include=retired' });
    await call('operator', 'GET /library/programmes/{programmeId}/history', { params });
  });

  it('records: a legal hold set, read and cleared, and an account closed (Andre: the other parts use Sally)', async () => {
    tokens.andre = await t.tokenFor('andre');
    const andre = { params: { patientId: 'andre' } };
    await call('operator', 'PUT /patients/{patientId}/legal-hold', { ...andre, body: { reason: 'Complaint under investigation' } });
    expect((await call('operator', 'GET /patients/{patientId}/legal-hold', andre)).legalHold).toBeDefined();
    await call('operator', 'DELETE /patients/{patientId}/legal-hold', andre);
    await call('andre', 'POST /patients/{patientId}/closure', { body: { confirm: 'close my account' } });
    expect((await call('operator', 'GET /patients/{patientId}/legal-hold', andre)).closedAt).toBeDefined();
  });

  it('covered every route of the route tables', () => {
    expect([...ROUTES.keys()].filter((r) => !answered.has(r))).toEqual([]);
  });
});
