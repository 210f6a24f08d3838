import { runOpsCommand } from '../support/ops-command';
import { DeleteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readChain } from '../../shared/store/audit-repository';
import { verifyChain } from '../../shared/domain/audit';
import { TEST_KEYRING } from '../support/audit-key';
import { auditSk, patientPartition } from '../../shared/store/keys';
import { countCalls } from '../support/call-counter';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

type Json = Record<string, unknown>;
const CRISIS = { warningSigns: ['not sleeping'], whatHelps: ['a walk with my dog'], whatToAvoid: ['crowds'], contacts: [{ name: 'Mum', phone: '07700 900123' }] };

describe('consent and sharing on DynamoDB Local', () => {
  let t: TestPlatform;
  let now = new Date('2026-11-23T12:00:00.000Z');
  const tokens: Record<string, string> = {};
  const as = (user: string) => tokens[user]!;
  beforeAll(async () => {
    t = await startTestPlatform({ overrides: { clock: () => now } });
    for (const user of ['sally', 'andre', 'miriam', 'adam', 'coach', 'paramedic', 'advisor']) tokens[user] = await t.tokenFor(user);
    const put = await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: as('sally'), body: CRISIS, headers: { 'if-match': '"0"' } });
    expect(put.status).toBe(200);
  });
  afterAll(() => t.stop());

  const grant = async (patient: string, body: Json) => {
    const res = await t.call({ method: 'POST', path: `/patients/${patient}/grants`, token: as(patient), body });
    expect(res.status).toBe(201);
    return res.body as { grantId: string; version: number };
  };
  const readCrisis = (user: string, patient = 'sally') => t.call({ method: 'GET', path: `/patients/${patient}/crisis-plan`, token: as(user) });
  const accessLog = async (patient = 'sally') => ((await t.call({ method: 'GET', path: '/patients/me/access-log', token: as(patient), query: 'limit=100' })).body as { items: Json[] }).items;

  it('a grant lets its grantee read, and revoking it denies the very next request', async () => {
    expect((await readCrisis('miriam')).status).toBe(404);
    const g = await grant('sally', { grantee: { type: 'person', userId: 'miriam' }, scopes: ['crisis-plan:read', 'plan:contribute'], note: 'my psychotherapist' });
    const allowed = await readCrisis('miriam');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ warningSigns: ['not sleeping'] });

    const revoke = await t.call({ method: 'DELETE', path: `/patients/sally/grants/${g.grantId}`, token: as('sally') });
    expect(revoke.status).toBe(204);
    const denied = await readCrisis('miriam');
    expect(denied.status).toBe(404);
    expect(denied.body).toMatchObject({ detail: 'No such patient record, or it was not shared with you.' });
  });

  it('answers a denial exactly like a patient that does not exist', async () => {
    const missing = await readCrisis('adam', 'nobody-by-this-id');
    const denied = await readCrisis('adam');
    expect([missing.status, missing.body]).toEqual([denied.status, denied.body]);
  });

  it('the access log shows each access by others, with its decision and grant, newest first', async () => {
    const log = await accessLog();
    const miriams = log.filter((e) => e.actorId === 'miriam');
    expect(miriams.map((e) => [e.decision, e.reason, e.action])).toEqual([
      ['deny', 'revoked', 'crisis-plan:read'],
      ['allow', 'grant', 'crisis-plan:read'],
      ['deny', 'no-grant', 'crisis-plan:read'],
    ]);
    expect(miriams[1]).toMatchObject({ actorOrg: 'elft', operation: 'GET /patients/{patientId}/crisis-plan', grantId: expect.any(String) });
    expect(miriams[0]!.grantId).toBe(miriams[1]!.grantId);
    // Sally's own reads are hers: not in her access log.
    expect(log.some((e) => e.actorId === 'sally')).toBe(false);
  });

  it('an organisation grant reaches the whole team', async () => {
    await grant('sally', { grantee: { type: 'organisation', org: 'core-sport' }, scopes: ['crisis-plan:read'] });
    expect((await readCrisis('coach')).status).toBe(200);
    expect((await readCrisis('adam')).status).toBe(404);
  });

  it('an expired grant denies, at its end exactly', async () => {
    const endsAt = new Date(now.getTime() + 60_000).toISOString();
    await grant('sally', { grantee: { type: 'person', userId: 'adam' }, scopes: ['crisis-plan:read'], endsAt });
    expect((await readCrisis('adam')).status).toBe(200);
    const saved = now;
    now = new Date(endsAt);
    try {
      expect((await readCrisis('adam')).status).toBe(404);
    } finally {
      now = saved;
    }
  });

  it('one petal per person: a second grant to the same person is 409, change it instead', async () => {
    const res = await t.call({ method: 'POST', path: '/patients/sally/grants', token: as('sally'), body: { grantee: { type: 'person', userId: 'adam' }, scopes: ['plan:read'] } });
    expect(res.status).toBe(409);
  });

  it('changes a grant at its version; a stale version is 412 with the current one', async () => {
    const g = await grant('andre', { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read'] });
    const ok = await t.call({ method: 'PATCH', path: `/patients/andre/grants/${g.grantId}`, token: as('andre'), body: { scopes: ['plan:read', 'crisis-plan:read'] }, headers: { 'if-match': '"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, scopes: ['plan:read', 'crisis-plan:read'] });
    const stale = await t.call({ method: 'PATCH', path: `/patients/andre/grants/${g.grantId}`, token: as('andre'), body: { note: 'x' }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ currentVersion: 2 });
    const missing = await t.call({ method: 'PATCH', path: `/patients/andre/grants/${g.grantId}`, token: as('andre'), body: { note: 'x' } });
    expect(missing.status).toBe(428);
  });

  it('a grantee can never create or widen a grant', async () => {
    const g = await grant('andre', { grantee: { type: 'person', userId: 'adam' }, scopes: ['plan:read'] });
    const widen = await t.call({ method: 'PATCH', path: `/patients/andre/grants/${g.grantId}`, token: as('adam'), body: { scopes: ['plan:read', 'log:read'] }, headers: { 'if-match': '"1"' } });
    expect(widen.status).toBe(404);
    const create = await t.call({ method: 'POST', path: '/patients/andre/grants', token: as('adam'), body: { grantee: { type: 'person', userId: 'adam' }, scopes: ['log:read'] } });
    expect(create.status).toBe(404);
    const otherPatient = await t.call({ method: 'POST', path: '/patients/andre/grants', token: as('sally'), body: { grantee: { type: 'person', userId: 'sally' }, scopes: ['log:read'] } });
    expect(otherPatient.status).toBe(404);
    // Each attempt is in Andre's access log, refused.
    const attempts = (await accessLog('andre')).filter((e) => e.action === 'consent:manage');
    expect(attempts.map((e) => [e.actorId, e.decision, e.operation])).toEqual([
      ['sally', 'deny', 'POST /patients/{patientId}/grants'],
      ['adam', 'deny', 'POST /patients/{patientId}/grants'],
      ['adam', 'deny', 'PATCH /patients/{patientId}/grants/{grantId}'],
    ]);
  });

  it('rejects grants that make no sense, naming the field', async () => {
    const cases: [Json, string][] = [
      [{ grantee: { type: 'person', userId: 'sally' }, scopes: ['plan:read'] }, 'body.grantee.userId'],
      [{ grantee: { type: 'organisation', org: 'acme-corp' }, scopes: ['plan:read'] }, 'body.grantee.org'],
      [{ grantee: { type: 'emergency' }, scopes: ['plan:read'] }, 'body.scopes'],
      [{ grantee: { type: 'person', userId: 'coach' }, scopes: ['plan:read'], endsAt: '2020-01-01T00:00:00Z' }, 'body.endsAt'],
      [{ grantee: { type: 'person', userId: 'coach' }, scopes: ['plan:admin'] }, 'body.scopes.0'],
      [{ grantee: { type: 'person', userId: 'coach' }, scopes: ['plan:read', 'plan:read'] }, 'body.scopes'],
      [{ grantee: { type: 'emergency-access', userId: 'paramedic' }, scopes: ['crisis-plan:read'] }, 'body.grantee.type'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call({ method: 'POST', path: '/patients/sally/grants', token: as('sally'), body });
      expect({ field, status: res.status }).toEqual({ field, status: 422 });
      expect((res.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
  });

  it('lists the grants as FHIR R4 Consents', async () => {
    const res = await t.call({ method: 'GET', path: '/patients/me/grants', token: as('sally'), query: 'format=fhir' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/fhir+json');
    const bundle = res.body as { resourceType: string; entry: { resource: Json & { provision: Json } }[] };
    expect(bundle.resourceType).toBe('Bundle');
    const toMiriam = bundle.entry.find((e) => JSON.stringify(e.resource.provision).includes('Practitioner/miriam'))!.resource;
    expect(toMiriam).toMatchObject({
      resourceType: 'Consent',
      status: 'inactive',
      patient: { reference: 'Patient/sally' },
      provision: {
        type: 'permit',
        period: { start: expect.any(String), end: expect.any(String) },
        actor: [{ reference: { reference: 'Practitioner/miriam' } }],
        action: expect.arrayContaining([{ coding: [expect.objectContaining({ code: 'access' })] }, { coding: [expect.objectContaining({ code: 'correct' })] }]),
        code: expect.arrayContaining([{ coding: [expect.objectContaining({ code: 'crisis-plan:read' })] }]),
      },
    });
  });

  describe('emergency access', () => {
    it('is refused (404, audited) when the patient did not allow emergency sharing', async () => {
      const res = await t.call({ method: 'POST', path: '/patients/andre/emergency-access', token: as('paramedic'), body: { reason: 'Collapsed in the street, no response' } });
      expect(res.status).toBe(404);
      const log = await accessLog('andre');
      expect(log[0]).toMatchObject({ actorId: 'paramedic', action: 'emergency-access', decision: 'deny' });
    });

    it('gives crisis-plan:read for 30 minutes only, audited, with an outbox event for the patient', async () => {
      const permission = await grant('sally', { grantee: { type: 'emergency' }, scopes: ['crisis-plan:read'] });
      expect((await readCrisis('paramedic')).status).toBe(404);
      const res = await t.call({ method: 'POST', path: '/patients/sally/emergency-access', token: as('paramedic'), body: { reason: 'Called to the home: acute distress' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ scopes: ['crisis-plan:read'], viaGrantId: permission.grantId, endsAt: new Date(now.getTime() + 30 * 60_000).toISOString() });
      expect((await readCrisis('paramedic')).status).toBe(200);
      const grants = await t.call({ method: 'GET', path: '/patients/sally/grants', token: as('paramedic') });
      expect(grants.status).toBe(404);

      const { Items = [] } = await t.platform.clients.doc.send(
        new QueryCommand({
          TableName: t.platform.boroughs.get(BOROUGH)!.deps.store.tableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :o)',
          ExpressionAttributeValues: { ':p': patientPartition(BOROUGH, 'sally'), ':o': 'OUTBOX#' },
        }),
      );
      expect(Items.filter((i) => i.type === 'emergency-access.granted')).toEqual([expect.objectContaining({ data: expect.objectContaining({ paramedicId: 'paramedic', patientId: 'sally' }) })]);
      expect(JSON.stringify(Items)).not.toContain('acute distress');

      const saved = now;
      now = new Date(now.getTime() + 30 * 60_000);
      try {
        expect((await readCrisis('paramedic')).status).toBe(404);
      } finally {
        now = saved;
      }
      const log = await accessLog();
      expect(log.find((e) => e.action === 'emergency-access')).toMatchObject({ actorId: 'paramedic', decision: 'allow', grantId: permission.grantId });
    });
  });

  describe('GET /me/patients', () => {
    it('lists exactly the patients who shared with me or my team, in force now, across pages', async () => {
      // Five more patients: direct, via elft, both, revoked, expired-soon; and one shared with someone else.
      const mk = async (patient: string, body: Json) => {
        tokens[patient] = await t.tokenFor(patient);
        return grant(patient, body);
      };
      await mk('p-direct', { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read'] });
      await mk('p-team', { grantee: { type: 'organisation', org: 'elft' }, scopes: ['health:read'] });
      await mk('p-both', { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read'] });
      await grant('p-both', { grantee: { type: 'organisation', org: 'elft' }, scopes: ['log:read'] });
      const revoked = await mk('p-revoked', { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read'] });
      await t.call({ method: 'DELETE', path: `/patients/p-revoked/grants/${revoked.grantId}`, token: as('p-revoked') });
      await mk('p-expired', { grantee: { type: 'person', userId: 'miriam' }, scopes: ['plan:read'], endsAt: new Date(now.getTime() + 1000).toISOString() });
      await mk('p-other', { grantee: { type: 'person', userId: 'coach' }, scopes: ['plan:read'] });

      const saved = now;
      now = new Date(now.getTime() + 2000);
      try {
        const seen: Json[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const res = await t.call({ method: 'GET', path: '/me/patients', token: as('miriam'), query: `limit=2${cursor ? `&cursor=${cursor}` : ''}` });
          expect(res.status).toBe(200);
          const page = res.body as { items: Json[]; nextCursor?: string };
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items);
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 20);
        // Andre shared plan:read with miriam earlier; Sally's grant to miriam was revoked.
        expect(seen.map((p) => p.patientId)).toEqual(['andre', 'p-both', 'p-direct', 'p-team']);
        expect(seen.find((p) => p.patientId === 'p-both')).toMatchObject({ scopes: ['log:read', 'plan:read'] });
        expect(seen.find((p) => p.patientId === 'p-team')).toMatchObject({ grants: [expect.objectContaining({ via: 'organisation' })] });
      } finally {
        now = saved;
      }
    });

    it('is served from the index: no Scan', async () => {
      const counter = countCalls(t.platform.clients.client);
      const calls = await counter.during(() => t.call({ method: 'GET', path: '/me/patients', token: as('miriam') }));
      // The caller's account status (is it disabled?), the index's Queries, then by key the page's
      // patients' names and, for readers of the plan, its review dates (GetItem or BatchGetItem each).
      expect(calls[0]).toBe('GetItem');
      const rest = calls.slice(1);
      const queries = rest.filter((c) => c === 'Query');
      expect(queries.length).toBeGreaterThan(0);
      expect(rest.slice(0, queries.length)).toEqual(queries);
      const byKey = rest.slice(queries.length);
      expect(byKey.length).toBeGreaterThan(0);
      expect(byKey.every((c) => c === 'GetItem' || c === 'BatchGetItem')).toBe(true);
    });

    it('rejects a cursor it did not give out', async () => {
      const res = await t.call({ method: 'GET', path: '/me/patients', token: as('miriam'), query: 'cursor=bm9wZQ' });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ errors: [{ field: 'query.cursor' }] });
    });
  });

  describe('round trips of a consent-checked read', () => {
    it('the patient: one request for the data and their directory status (nothing to audit)', async () => {
      const counter = countCalls(t.platform.clients.client);
      expect(await counter.during(() => readCrisis('sally'))).toEqual(['BatchGetItem']);
    });

    it('someone else: one request for grants and data, then the audit write', async () => {
      const counter = countCalls(t.platform.clients.client);
      expect(await counter.during(() => readCrisis('coach'))).toEqual(['BatchGetItem', 'TransactWriteItems']);
    });
  });

  describe('the audit chain', () => {
    it('holds under concurrent readers: no entry lost, no fork', async () => {
      await Promise.all(Array.from({ length: 12 }, () => readCrisis('coach')));
      const { entries, head } = await readChain(t.platform.boroughs.get(BOROUGH)!.deps.store, BOROUGH, 'sally');
      expect(verifyChain(entries, head, TEST_KEYRING)).toEqual([]);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    });

    const verifyCli = () =>
      runOpsCommand('audit-verify', { tableName: t.platform.boroughs.get(BOROUGH)!.deps.store.tableName, auditKeyFile: t.auditKeyFile }, ['--anchors', mkdtempSync(join(tmpdir(), 'anchors-'))]);

    it('npm run audit:verify finds every chain sound', () => {
      const run = verifyCli();
      expect(run.stdout).toMatch(/^OK: \d+ audit chains, \d+ entries checked/m);
      expect(run.status).toBe(0);
    });

    it('detects an edited stored entry', async () => {
      const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
      await store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: { pk: patientPartition(BOROUGH, 'sally'), sk: auditSk(2) },
          UpdateExpression: 'SET actorId = :a',
          ExpressionAttributeValues: { ':a': 'nobody' },
        }),
      );
      const { entries, head } = await readChain(store, BOROUGH, 'sally');
      expect(verifyChain(entries, head, TEST_KEYRING)).toEqual([{ seq: 2, problem: 'edited' }]);
      const run = verifyCli();
      expect(run.stdout).toContain('BROKEN sally: entry 2 edited');
      expect(run.status).toBe(1);
    });

    it('detects a deleted entry', async () => {
      const store = t.platform.boroughs.get(BOROUGH)!.deps.store;
      await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: { pk: patientPartition(BOROUGH, 'andre'), sk: auditSk(1) } }));
      const run = verifyCli();
      expect(run.stdout).toContain('BROKEN andre: entry 1 missing');
      expect(run.status).toBe(1);
    });
  });
});
