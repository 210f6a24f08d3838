import { runOpsCommand } from '../support/ops-command';
import { DeleteTableCommand, GetItemCommand, ListTablesCommand, paginateScan, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summariseAudit } from '../../infra/ops/audit-report';
import { drillTableName, runRestoreDrill } from '../../infra/ops/drill-flow';
import { createDrillTable, dynamoDrillTables } from '../../infra/ops/drill-tables';
import { exportFileSource } from '../../infra/ops/export-restore-source';
import { exportLine, importTable } from '../../infra/ops/table-export';
import { verifyBoroughAudit } from '../../shared/store/audit-verify';
import { TEST_KEYRING } from '../support/audit-key';
import { auditSk, patientPartition } from '../../shared/store/keys';
import type { Store } from '../../shared/runtime/deps';
import { testEndpoint } from '../support/dynamo';
import { BOROUGH, startTestPlatform, type TestPlatform } from '../support/platform';

const CRISIS = { warningSigns: ['not sleeping'], whatHelps: ['a walk'], whatToAvoid: ['crowds'], contacts: [{ name: 'Mum', phone: '07700 900123' }] };

type Item = Record<string, AttributeValue>;
const allItems = async (store: Pick<Store, 'client'>, TableName: string): Promise<Item[]> => {
  const items: Item[] = [];
  for await (const page of paginateScan({ client: store.client }, { TableName })) items.push(...(page.Items ?? []));
  return items.sort((a, b) => `${a.pk?.S}|${a.sk?.S}`.localeCompare(`${b.pk?.S}|${b.sk?.S}`));
};

describe('npm run backup:restore-drill on DynamoDB Local', () => {
  let t: TestPlatform;
  let store: Store;
  let dir: string;
  const drillTables = async () => ((await store.client.send(new ListTablesCommand({}))).TableNames ?? []).filter((n) => n.startsWith(`recovery-${BOROUGH}-drill-`));
  /** The drill as an operator runs it (`npx tsx infra/ops/restore-drill.ts ...`), on this file's table. */
  const drill = (...args: string[]) => runOpsCommand('restore-drill', { tableName: store.tableName, auditKeyFile: t.auditKeyFile }, args, 90_000);

  beforeAll(async () => {
    t = await startTestPlatform();
    store = t.platform.boroughs.get(BOROUGH)!.deps.store;
    dir = mkdtempSync(join(tmpdir(), 'restore-drill-'));
    // Audit entries in two patients' chains: a grantee's reads of sally's crisis plan, and a refused read of andre's.
    const [sally, andre, miriam, coach] = await Promise.all(['sally', 'andre', 'miriam', 'coach'].map((u) => t.tokenFor(u)));
    for (const patient of [sally, andre]) {
      expect((await t.call({ method: 'PUT', path: '/patients/me/crisis-plan', token: patient, body: CRISIS, headers: { 'if-match': '"0"' } })).status).toBe(200);
    }
    expect((await t.call({ method: 'POST', path: '/patients/sally/grants', token: sally, body: { grantee: { type: 'person', userId: 'miriam' }, scopes: ['crisis-plan:read'] } })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await t.call({ method: 'GET', path: '/patients/sally/crisis-plan', token: miriam })).status).toBe(200);
    expect((await t.call({ method: 'GET', path: '/patients/andre/crisis-plan', token: coach })).status).toBe(404);
  }, 60_000);
  afterAll(() => t.stop());

  it('exports the table, restores it into a new table, finds every chain sound with the same counts, and deletes the copy', async () => {
    const reports = await verifyBoroughAudit(store, BOROUGH, TEST_KEYRING);
    expect(reports.map((r) => [r.patientId, r.entries])).toEqual([
      ['andre', 1],
      ['sally', 3],
    ]);
    const live = summariseAudit(reports);
    const items = (await allItems(store, store.tableName)).length;

    const run = drill('--out', join(dir, 'export.jsonl'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Exported ${items} items of ${store.tableName} at ${testEndpoint()} to ${join(dir, 'export.jsonl')}`);
    expect(run.stdout).toMatch(new RegExp(`^  items:    ${items}$`, 'm'));
    expect(run.stdout).toMatch(new RegExp(`^OK: ${live.chains} audit chains, ${live.entries} entries checked in recovery-${BOROUGH}-drill-\\d{12}; 0 broken$`, 'm'));
    expect(run.stdout).toMatch(/was deleted\.$/m);
    expect(run.status).toBe(0);
    expect(await drillTables()).toEqual([]);

    // DynamoDB's export format: one {"Item":{...}} a line, in DynamoDB JSON.
    const lines = readFileSync(join(dir, 'export.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(items);
    expect(JSON.parse(lines[0]!)).toEqual({ Item: expect.objectContaining({ pk: { S: expect.any(String) }, sk: { S: expect.any(String) } }) });
  }, 120_000);

  it('from an export with one audit entry edited: TAMPERED, naming the patient chain, exit 1', async () => {
    const pk = patientPartition(BOROUGH, 'sally');
    const sk = auditSk(2);
    let edited = 0;
    const tampered = readFileSync(join(dir, 'export.jsonl'), 'utf8')
      .split('\n')
      .map((line) => {
        if (!line) return line;
        const { Item } = JSON.parse(line) as { Item: Item };
        if (Item.pk?.S !== pk || Item.sk?.S !== sk) return line;
        edited++;
        return exportLine({ ...Item, actorId: { S: 'nobody' } });
      })
      .join('\n');
    expect(edited).toBe(1);
    writeFileSync(join(dir, 'tampered.jsonl'), tampered);

    const run = drill('--from', join(dir, 'tampered.jsonl'));
    expect(run.stdout).toContain(`restored: export ${join(dir, 'tampered.jsonl')}`);
    expect(run.stdout).toContain('BROKEN sally: entry 2 edited');
    expect(run.stdout).toMatch(/^TAMPERED: \d+ audit chains, \d+ entries checked in .*; 1 broken$/m);
    expect(run.status).toBe(1);
    expect(await drillTables()).toEqual([]);
  }, 120_000);

  it('--keep leaves a copy identical to the live table, item for item', async () => {
    const run = drill('--from', join(dir, 'export.jsonl'), '--keep');
    expect(run.status).toBe(0);
    const [kept] = await drillTables();
    expect(run.stdout).toContain(`The drill table ${kept} is kept`);
    try {
      expect(await allItems(store, kept!)).toEqual(await allItems(store, store.tableName));
    } finally {
      await store.client.send(new DeleteTableCommand({ TableName: kept! }));
    }
  }, 120_000);

  it('refuses a drill table that exists already, and leaves it alone', async () => {
    const clock = () => new Date('2026-11-23T10:30:00Z');
    const existing = drillTableName(BOROUGH, clock());
    await createDrillTable(store, existing);
    try {
      const drillRun = runRestoreDrill({ boroughId: BOROUGH, source: exportFileSource(store, join(dir, 'export.jsonl'), clock()), tables: dynamoDrillTables(store, 'here', TEST_KEYRING), clock });
      await expect(drillRun).rejects.toThrow(`The drill table ${existing} exists already`);
      expect(await drillTables()).toEqual([existing]);
      expect(await allItems(store, existing)).toEqual([]);
    } finally {
      await store.client.send(new DeleteTableCommand({ TableName: existing }));
    }
  });

  it('keeps numbers exactly and binary values through an export line', async () => {
    const item: Item = {
      pk: { S: 'B#x#P#p' },
      sk: { S: 'EXACT' },
      big: { N: '12345678901234567890.5' },
      scores: { NS: ['1.50', '2'] },
      blob: { B: Uint8Array.from([0, 1, 254, 255]) },
      nested: { M: { list: { L: [{ B: Uint8Array.from([7]) }, { N: '0.1' }] } } },
    };
    const file = join(dir, 'exact.jsonl');
    writeFileSync(file, `${exportLine(item)}\n`);
    expect(JSON.parse(readFileSync(file, 'utf8')).Item.blob).toEqual({ B: 'AAH+/w==' });
    const tableName = `recovery-${BOROUGH}-exact-${Date.now()}`;
    await createDrillTable(store, tableName);
    try {
      expect(await importTable({ ...store, tableName }, file)).toBe(1);
      const { Item } = await store.client.send(new GetItemCommand({ TableName: tableName, Key: { pk: item.pk!, sk: item.sk! } }));
      expect(Item?.big).toEqual({ N: '12345678901234567890.5' });
      expect(Item?.scores?.NS?.sort()).toEqual(['1.5', '2']);
      expect(Item?.blob?.B).toEqual(Uint8Array.from([0, 1, 254, 255]));
      expect(Item?.nested).toEqual({ M: { list: { L: [{ B: Uint8Array.from([7]) }, { N: '0.1' }] } } });
    } finally {
      await store.client.send(new DeleteTableCommand({ TableName: tableName }));
    }
  });
});
