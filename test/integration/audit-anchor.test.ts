import { runOpsCommand } from '../support/ops-command';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditMacOf, canonicalJson, GENESIS_HASH, unkeyedHash, type AuditEntry, type AuditFacts, type AuditMac } from '../../shared/domain/audit';
import { folderAnchorStore } from '../../shared/runtime/anchor-store';
import { localAnchorSigner } from '../../shared/runtime/audit-key';
import type { Store } from '../../shared/runtime/deps';
import { anchorBoroughAudit, AnchorSignatureError, latestAnchor } from '../../shared/store/audit-anchoring';
import { appendAuditEntries, auditHeadKey, readChain } from '../../shared/store/audit-repository';
import { verifyBoroughAudit, type ChainReport } from '../../shared/store/audit-verify';
import { auditSk, patientPartition, SK } from '../../shared/store/keys';
import { TEST_AUDIT_MAC, TEST_AUDIT_SECRET, TEST_KEYRING } from '../support/audit-key';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

const CRISIS = { warningSigns: ['not sleeping'], whatHelps: ['a walk'], whatToAvoid: ['crowds'], contacts: [{ name: 'Mum', phone: '07700 900123' }] };

/** Patients whose chains are written through the repository (as any audited read writes them), one per kind of tampering. */
const VICTIMS = ['edited', 'removed-entry', 'removed-chain', 'rebuilt-unkeyed', 'rebuilt-wrong-key', 'rebuilt-with-key', 'rolled-back', 'retained', 'retained-rolled-back'] as const;
type Victim = (typeof VICTIMS)[number];

const facts = (patientId: string, i: number): AuditFacts => ({
  at: new Date(Date.UTC(2026, 10, 23, 12, i)).toISOString(),
  patientId,
  actorId: 'miriam',
  actorOrg: 'elft',
  actorRoles: ['clinician'],
  action: 'crisis-plan:read',
  operation: 'GET /patients/{patientId}/crisis-plan',
  decision: 'allow',
  reason: 'grant',
  grantId: 'g1',
});

describe('the anchored, keyed audit on DynamoDB Local', () => {
  let t: TestPlatform;
  let store: Store;
  let anchorsDir: string;
  const signer = localAnchorSigner(TEST_AUDIT_SECRET);
  const anchors = () => folderAnchorStore(anchorsDir);
  const verify = async (): Promise<Map<string, ChainReport>> => {
    const latest = await latestAnchor(anchors(), signer, BOROUGH);
    return new Map((await verifyBoroughAudit(store, BOROUGH, TEST_KEYRING, latest ? { anchor: latest.anchor } : {})).map((r) => [r.patientId, r]));
  };
  /** An ops command as an operator runs it, on this file's table, key and anchors. */
  const cli = (command: 'audit-verify' | 'audit-anchor', ...args: string[]) => runOpsCommand(command, { tableName: store.tableName, auditKeyFile: t.auditKeyFile }, ['--anchors', anchorsDir, ...args]);

  const entryKey = (patientId: string, seq: number) => ({ pk: patientPartition(BOROUGH, patientId), sk: auditSk(seq) });
  const setHead = (patientId: string, head: { seq: number; hash: string }) =>
    store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: auditHeadKey(BOROUGH, patientId),
        UpdateExpression: 'SET seq = :s, #h = :h',
        ExpressionAttributeNames: { '#h': 'hash' },
        ExpressionAttributeValues: { ':s': head.seq, ':h': head.hash },
      }),
    );
  const putEntries = (entries: readonly AuditEntry[]) =>
    Promise.all(entries.map((e) => store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...entryKey(e.patientId, e.seq), entity: 'audit', ...e } }))));
  const removeChain = async (patientId: string) => {
    const { entries } = await readChain(store, BOROUGH, patientId);
    await Promise.all([...entries.map((e) => entryKey(patientId, e.seq)), auditHeadKey(BOROUGH, patientId)].map((Key) => store.doc.send(new DeleteCommand({ TableName: store.tableName, Key }))));
    return entries;
  };
  /** Rewrites a chain from its first entry with `seal` (the head moved to match), as someone who can write the table would. */
  const rebuild = async (patientId: string, seal: (unsealed: Omit<AuditEntry, 'hash'>) => string, change: (e: AuditEntry) => AuditEntry = (e) => e) => {
    const { entries } = await readChain(store, BOROUGH, patientId);
    const rebuilt: AuditEntry[] = [];
    for (const e of entries) {
      const { hash: _old, ...rest } = change(e);
      const unsealed = { ...rest, prevHash: rebuilt.at(-1)?.hash ?? GENESIS_HASH };
      rebuilt.push({ ...unsealed, hash: seal(unsealed) });
    }
    await putEntries(rebuilt);
    await setHead(patientId, rebuilt.at(-1)!);
  };
  const tombstone = (patientId: string, head: { seq: number; hash: string }) =>
    store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { pk: patientPartition(BOROUGH, patientId), sk: SK.recordRemoved, entity: 'record-removed', removedAt: '2046-11-23T00:00:00.000Z', auditHead: head },
      }),
    );

  beforeAll(async () => {
    t = await startTestPlatform();
    store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    anchorsDir = mkdtempSync(join(tmpdir(), 'audit-anchors-'));
    // Real audited reads through the handlers: miriam reads sally's crisis plan under her grant, coach is refused andre's.
    const [sally, andre, miriam, coach] = await Promise.all(['sally', 'andre', 'miriam', 'coach'].map((u) => t.tokenFor(u)));
    for (const patient of [sally, andre]) expect((await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: patient, body: CRISIS, headers: { 'if-match': '"0"' } })).status).toBe(200);
    expect((await t.call({ method: 'POST', path: '/patients/sally/grants', token: sally, body: { grantee: { type: 'person', userId: 'miriam' }, scopes: ['crisis-plan:read'] } })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token: miriam })).status).toBe(200);
    expect((await t.call({ method: 'GET', path: '/patients/andre/crisis-plan', token: coach })).status).toBe(404);
    // Four entries in each victim's chain, appended as the record appends them (the key through the platform's deps).
    const key = await t.platform.boroughs.get(BOROUGH)!.deps.auditKey.current();
    for (let i = 0; i < 4; i++)
      await appendAuditEntries(
        store,
        BOROUGH,
        VICTIMS.map((v) => facts(v, i)),
        key,
      );
  }, 60_000);
  afterAll(() => t.stop());

  it('the handlers seal entries with the platform key: every chain verifies with it, and with no anchor yet', async () => {
    const { entries } = await readChain(store, BOROUGH, 'sally');
    expect(entries.map((e) => [e.seq, e.alg, e.kid])).toEqual([1, 2, 3].map((seq) => [seq, 'hmac-sha256', TEST_AUDIT_MAC.kid]));
    const reports = [...(await verify()).values()];
    expect(reports.map((r) => [r.patientId, r.entries, r.problems, r.anchor])).toEqual(['andre', ...VICTIMS, 'sally'].sort().map((p) => [p, p === 'andre' ? 1 : p === 'sally' ? 3 : 4, [], undefined]));
  });

  it('npm run audit:anchor writes a signed anchor of every head, and a clean borough verifies OK against it', async () => {
    const anchored = cli('audit-anchor');
    expect(anchored.stderr).toBe('');
    expect(anchored.stdout).toMatch(new RegExp(`^ANCHORED: ${VICTIMS.length + 2} chain heads of ${BOROUGH} to ${anchorsDir}/\\d{13}-.*\\.json$`, 'm'));
    expect(anchored.status).toBe(0);
    const latest = await latestAnchor(anchors(), signer, BOROUGH);
    const { head } = await readChain(store, BOROUGH, 'sally');
    expect(latest?.anchor.heads.find((h) => h.patientId === 'sally')).toEqual({ patientId: 'sally', ...head });

    const run = cli('audit-verify');
    expect(run.stdout).toMatch(/^Anchor: .* signature verified$/m);
    expect(run.stdout).toMatch(new RegExp(`^OK: ${VICTIMS.length + 2} audit chains, ${4 * VICTIMS.length + 4} entries checked in ${store.tableName} at .*; 0 broken$`, 'm'));
    expect(run.status).toBe(0);
  }, 60_000);

  describe('after tampering with the table directly', () => {
    let reports: Map<string, ChainReport>;
    const of = (v: Victim) => reports.get(v);
    beforeAll(async () => {
      // An edited entry: its content changed, its hash could not be recomputed without the key.
      await store.doc.send(new UpdateCommand({ TableName: store.tableName, Key: entryKey('edited', 2), UpdateExpression: 'SET actorId = :a', ExpressionAttributeValues: { ':a': 'nobody' } }));
      // A removed entry in the middle of its chain.
      await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: entryKey('removed-entry', 2) }));
      // A removed chain: every entry and the head.
      await removeChain('removed-chain');
      // Rebuilt chains, head moved to match: with the old unkeyed sha256; with a wrong key under the real key's id; and,
      // by someone holding the key, with an entry changed and every MAC after it recomputed (only the anchor sees that).
      await rebuild('rebuilt-unkeyed', unkeyedHash, (e) => {
        const { alg: _a, kid: _k, ...unkeyed } = e;
        return { ...unkeyed, actorId: 'nobody' } as AuditEntry;
      });
      const wrongKey: AuditMac = auditMacOf(Buffer.alloc(32, 7));
      await rebuild(
        'rebuilt-wrong-key',
        (u) => wrongKey.mac(canonicalJson(u)),
        (e) => ({ ...e, actorId: 'nobody' }),
      );
      await rebuild(
        'rebuilt-with-key',
        (u) => TEST_AUDIT_MAC.mac(canonicalJson(u)),
        (e) => (e.seq === 1 ? { ...e, actorId: 'nobody' } : e),
      );
      // A rolled-back head: the last two entries removed and the head moved back to the second.
      const { entries } = await readChain(store, BOROUGH, 'rolled-back');
      await Promise.all([3, 4].map((seq) => store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: entryKey('rolled-back', seq) }))));
      await setHead('rolled-back', entries[1]!);
      // Removed by the retention sweep: no chain, a tombstone that kept the final head; and one whose tombstone was moved back.
      const retained = await removeChain('retained');
      await tombstone('retained', retained.at(-1)!);
      const retainedBack = await removeChain('retained-rolled-back');
      await tombstone('retained-rolled-back', retainedBack[1]!);
      reports = await verify();
    }, 60_000);

    it('an edited entry', () => {
      expect(of('edited')).toEqual({ patientId: 'edited', entries: 4, problems: [{ seq: 2, problem: 'edited' }] });
    });

    it('a removed entry', () => {
      expect(of('removed-entry')?.problems).toEqual([{ seq: 2, problem: 'missing' }]);
      expect(of('removed-entry')?.anchor).toBeUndefined();
    });

    it('a removed chain: anchored, and neither a chain nor a tombstone now', () => {
      expect(of('removed-chain')).toEqual({ patientId: 'removed-chain', entries: 0, problems: [], anchor: 'chain-removed' });
    });

    it('a chain rebuilt with the old unkeyed sha256: no MAC, and the entry at the anchored seq changed', () => {
      expect(of('rebuilt-unkeyed')).toEqual({ patientId: 'rebuilt-unkeyed', entries: 4, problems: [{ seq: 1, problem: 'unkeyed' }], anchor: 'rebuilt' });
    });

    it('a chain rebuilt with a wrong key: no MAC verifies, and the entry at the anchored seq changed', () => {
      expect(of('rebuilt-wrong-key')).toEqual({ patientId: 'rebuilt-wrong-key', entries: 4, problems: [{ seq: 1, problem: 'rebuilt' }], anchor: 'rebuilt' });
    });

    it('a chain rebuilt by someone holding the key: every MAC verifies, the anchor does not', () => {
      expect(of('rebuilt-with-key')).toEqual({ patientId: 'rebuilt-with-key', entries: 4, problems: [], anchor: 'rebuilt' });
    });

    it('a rolled-back head: the chain is consistent, but below the anchored seq', () => {
      expect(of('rolled-back')).toEqual({ patientId: 'rolled-back', entries: 2, problems: [], anchor: 'rolled-back' });
    });

    it('a chain removed by retention, its tombstone keeping the anchored head, is reported as such, not as missing', () => {
      expect(of('retained')).toEqual({ patientId: 'retained', entries: 0, problems: [], anchor: 'removed-by-retention' });
      expect(of('retained-rolled-back')?.anchor).toBe('rolled-back');
    });

    it('the untouched chains still verify', () => {
      expect([reports.get('sally'), reports.get('andre')].map((r) => [r?.problems, r?.anchor])).toEqual([
        [[], undefined],
        [[], undefined],
      ]);
    });

    it('npm run audit:verify names each, distinctly, and exits 1', () => {
      const run = cli('audit-verify');
      const lines = run.stdout.split('\n');
      expect(lines.filter((l) => l.startsWith('BROKEN ')).map((l) => l.split(':').slice(0, 2).join(':'))).toEqual([
        'BROKEN edited: entry 2 edited',
        'BROKEN rebuilt-unkeyed: entry 1 unkeyed',
        'BROKEN rebuilt-unkeyed: anchor rebuilt',
        'BROKEN rebuilt-with-key: anchor rebuilt',
        'BROKEN rebuilt-wrong-key: entry 1 rebuilt',
        'BROKEN rebuilt-wrong-key: anchor rebuilt',
        'BROKEN removed-chain: anchor chain-removed',
        'BROKEN removed-entry: entry 2 missing',
        'BROKEN retained-rolled-back: anchor rolled-back',
        'BROKEN rolled-back: anchor rolled-back',
      ]);
      expect(run.stdout).toContain('REMOVED BY RETENTION retained: ');
      expect(run.stdout).toMatch(/^TAMPERED: \d+ audit chains, \d+ entries checked in .*; 8 broken; 1 removed by retention$/m);
      expect(run.status).toBe(1);
    }, 60_000);

    it('the next anchor keeps every earlier claim it cannot confirm, reports it, and the verifier still finds the tampering', async () => {
      const { anchor, problems } = await anchorBoroughAudit({ store, borough: BOROUGH, signer, anchors: anchors(), at: new Date() });
      expect(problems.map((p) => [p.patientId, p.problem]).sort()).toEqual([
        ['rebuilt-unkeyed', 'rebuilt'],
        ['rebuilt-with-key', 'rebuilt'],
        ['rebuilt-wrong-key', 'rebuilt'],
        ['removed-chain', 'chain-removed'],
        ['retained-rolled-back', 'rolled-back'],
        ['rolled-back', 'rolled-back'],
      ]);
      expect(anchor.heads.find((h) => h.patientId === 'removed-chain')).toEqual(expect.objectContaining({ seq: 4 }));
      expect(anchor.heads.find((h) => h.patientId === 'retained')).toEqual(expect.objectContaining({ seq: 4, removedAt: '2046-11-23T00:00:00.000Z' }));
      expect(anchor.previous?.name).toMatch(/\.json$/);
      const again = await verify();
      expect(['removed-chain', 'rolled-back', 'rebuilt-with-key', 'retained'].map((p) => again.get(p)?.anchor)).toEqual(['chain-removed', 'rolled-back', 'rebuilt', 'removed-by-retention']);
    });

    it('an anchor edited in its folder is refused before anything relies on it', async () => {
      const latest = readdirSync(anchorsDir).sort()[0]!;
      const file = join(anchorsDir, latest);
      chmodSync(file, 0o644);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/"seq": 4/g, '"seq": 1'));
      await expect(latestAnchor(anchors(), signer, BOROUGH)).rejects.toThrow(AnchorSignatureError);
      const run = cli('audit-verify');
      expect(run.stderr).toContain('its signature does not verify');
      expect(run.status).toBe(1);
    }, 60_000);
  });
});
