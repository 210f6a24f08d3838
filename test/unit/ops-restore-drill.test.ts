import { backupRestoreSource, latestTableRecoveryPoint, type BackupVaults, type RecoveryPoint, type RestoreJobState } from '../../infra/ops/backup-restore-source';
import { drillTableName, formatDrillReport, runRestoreDrill, type DrillTables } from '../../infra/ops/drill-flow';
import type { ChainReport } from '../../shared/store/audit-verify';

const TABLE = 'Recovery-newham-DataTable1A2B-XYZ';
const VAULT = 'DataVault9C8D';
const ARN = (id: string) => `arn:aws:backup:eu-west-2:111122223333:recovery-point:${id}`;
const point = (id: string, createdAt: string, over: Partial<RecoveryPoint> = {}): RecoveryPoint => ({
  arn: ARN(id),
  resourceArn: `arn:aws:dynamodb:eu-west-2:111122223333:table/${TABLE}`,
  resourceType: 'DynamoDB',
  status: 'COMPLETED',
  createdAt: new Date(createdAt),
  iamRoleArn: 'arn:aws:iam::111122223333:role/BackupSelectionRole',
  ...over,
});

/** A clock that moves only when the drill waits, so a restore's duration is exact. */
const fakeTime = (start: string) => {
  let now = new Date(start).getTime();
  return { clock: () => new Date(now), sleep: async (ms: number) => void (now += ms) };
};

/** Tables in memory: what a restore put there, and what verifying their audit chains finds. */
const inMemoryTables = (audit: ChainReport[], existing: string[] = []) => {
  const tables = new Map<string, number>(existing.map((t) => [t, 1]));
  const log: string[] = [];
  const fake: DrillTables & { tables: Map<string, number>; log: string[] } = {
    tables,
    log,
    exists: async (t) => tables.has(t),
    waitUntilActive: async (t) => {
      if (!tables.has(t)) throw new Error(`no table ${t}`);
      log.push(`active ${t}`);
    },
    countItems: async (t) => tables.get(t)!,
    verifyAudit: async (t, borough) => {
      log.push(`verify ${t} ${borough}`);
      return audit;
    },
    delete: async (t) => {
      log.push(`delete ${t}`);
      tables.delete(t);
    },
    where: (t) => `${t} (AWS, eu-west-2)`,
  };
  return fake;
};

/** AWS Backup in memory: its restore jobs run through `states`, and a completed one creates the table. */
const inMemoryBackup = (points: RecoveryPoint[], tables: Map<string, number>, states: RestoreJobState['status'][] = ['RUNNING', 'COMPLETED'], message?: string) => {
  const started: { recoveryPointArn: string; metadata: Record<string, string>; iamRoleArn: string }[] = [];
  let polls = 0;
  const backup: BackupVaults = {
    recoveryPoints: async (vault) => (vault === VAULT ? points : []),
    restoreMetadata: async () => ({ originalTableName: TABLE, encryptionType: 'KMS', kmsMasterKeyArn: 'arn:aws:kms:eu-west-2:111122223333:key/k', targetTableName: TABLE }),
    startRestore: async (input) => {
      started.push(input);
      return 'job-1';
    },
    restoreJob: async () => {
      const status = states[Math.min(polls++, states.length - 1)]!;
      if (status === 'COMPLETED') tables.set(started[0]!.metadata.targetTableName!, 1234);
      return { status, ...(message ? { message } : {}) };
    },
  };
  return { backup, started };
};

const SOUND: ChainReport[] = [
  { patientId: 'andre', entries: 3, problems: [] },
  { patientId: 'sally', entries: 14, problems: [] },
];

describe('the restore drill (AWS Backup and DynamoDB in memory)', () => {
  it('names the drill table after the borough and the minute it started (UTC)', () => {
    expect(drillTableName('newham', new Date('2026-11-23T03:05:59.999Z'))).toBe('recovery-newham-drill-202611230305');
  });

  it("picks the table's newest completed recovery point", () => {
    const points = [
      point('old', '2026-11-21T03:00:00Z'),
      point('newest', '2026-11-22T03:00:00Z'),
      point('running', '2026-11-23T03:00:00Z', { status: 'CREATING' }),
      point('partial', '2026-11-23T02:00:00Z', { status: 'PARTIAL' }),
      point('other-table', '2026-11-23T01:00:00Z', { resourceArn: `arn:aws:dynamodb:eu-west-2:111122223333:table/${TABLE}-old` }),
    ];
    expect(latestTableRecoveryPoint(points, TABLE)?.arn).toBe(ARN('newest'));
    expect(latestTableRecoveryPoint([points[2]!], TABLE)).toBeUndefined();
  });

  it('restores the latest backup into a new table, verifies it, reports and deletes it', async () => {
    const time = fakeTime('2026-11-23T10:30:00Z');
    const tables = inMemoryTables(SOUND);
    const { backup, started } = inMemoryBackup([point('old', '2026-11-21T03:00:00Z'), point('newest', '2026-11-22T03:00:00Z')], tables.tables, ['PENDING', 'RUNNING', 'RUNNING', 'COMPLETED']);
    const source = backupRestoreSource({ backup, vaultName: VAULT, tableName: TABLE, pollMs: 30_000, ...time });

    const report = await runRestoreDrill({ boroughId: 'newham', source, tables, clock: time.clock });

    const drillTable = 'recovery-newham-drill-202611231030';
    expect(started).toEqual([
      {
        recoveryPointArn: ARN('newest'),
        // The settings it was backed up with (its key), into the drill table, never the live one.
        metadata: { originalTableName: TABLE, encryptionType: 'KMS', kmsMasterKeyArn: 'arn:aws:kms:eu-west-2:111122223333:key/k', targetTableName: drillTable },
        iamRoleArn: 'arn:aws:iam::111122223333:role/BackupSelectionRole',
      },
    ]);
    expect(tables.log).toEqual([`active ${drillTable}`, `verify ${drillTable} newham`, `delete ${drillTable}`]);
    expect(tables.tables.has(drillTable)).toBe(false);
    expect(report).toMatchObject({ tableName: drillTable, items: 1234, restoreMs: 90_000, kept: false, audit: { ok: true, chains: 2, entries: 17, broken: 0 } });
    expect(report.copy.takenAt).toEqual(new Date('2026-11-22T03:00:00Z'));
    expect(formatDrillReport(report).split('\n')).toEqual([
      'Restore drill of newham',
      `  restored: recovery point ${ARN('newest')} of vault ${VAULT}, taken 2026-11-22T03:00:00.000Z`,
      `  into:     ${drillTable} (AWS, eu-west-2) in 1 min 30 s`,
      '  items:    1234',
      `OK: 2 audit chains, 17 entries checked in ${drillTable}; 0 broken`,
      `The drill table ${drillTable} was deleted.`,
    ]);
  });

  it('restores with the role it is given, and keeps the table when asked', async () => {
    const time = fakeTime('2026-11-23T10:30:00Z');
    const tables = inMemoryTables(SOUND);
    const { backup, started } = inMemoryBackup([point('p', '2026-11-22T03:00:00Z')], tables.tables);
    const source = backupRestoreSource({ backup, vaultName: VAULT, tableName: TABLE, iamRoleArn: 'arn:aws:iam::111122223333:role/Restorer', ...time });
    const report = await runRestoreDrill({ boroughId: 'newham', source, tables, keep: true, clock: time.clock });
    expect(started[0]!.iamRoleArn).toBe('arn:aws:iam::111122223333:role/Restorer');
    expect(tables.log.some((l) => l.startsWith('delete'))).toBe(false);
    expect(tables.tables.has(report.tableName)).toBe(true);
    expect(formatDrillReport(report)).toMatch(/is kept: it holds a copy of patient data, delete it when done\.$/);
  });

  it('reports a tampered chain by patient and entry, and still deletes the table', async () => {
    const time = fakeTime('2026-11-23T10:30:00Z');
    const tables = inMemoryTables([SOUND[0]!, { patientId: 'sally', entries: 14, problems: [{ seq: 2, problem: 'edited' }] }]);
    const { backup } = inMemoryBackup([point('p', '2026-11-22T03:00:00Z')], tables.tables);
    const report = await runRestoreDrill({ boroughId: 'newham', source: backupRestoreSource({ backup, vaultName: VAULT, tableName: TABLE, ...time }), tables, clock: time.clock });
    expect(report.audit).toMatchObject({ ok: false, broken: 1 });
    const text = formatDrillReport(report);
    expect(text).toContain('BROKEN sally: entry 2 edited');
    expect(text).toContain('TAMPERED: 2 audit chains, 17 entries checked in recovery-newham-drill-202611231030; 1 broken');
    expect(tables.log.at(-1)).toBe('delete recovery-newham-drill-202611231030');
  });

  it('fails with the restore job’s reason, cleaning up', async () => {
    const time = fakeTime('2026-11-23T10:30:00Z');
    const tables = inMemoryTables(SOUND);
    const { backup } = inMemoryBackup([point('p', '2026-11-22T03:00:00Z')], tables.tables, ['RUNNING', 'FAILED'], 'Access denied to KMS key');
    const drill = runRestoreDrill({ boroughId: 'newham', source: backupRestoreSource({ backup, vaultName: VAULT, tableName: TABLE, ...time }), tables, clock: time.clock });
    await expect(drill).rejects.toThrow('The restore job job-1 failed: Access denied to KMS key.');
    expect(tables.log).toEqual(['delete recovery-newham-drill-202611231030']);
  });

  it('gives up on a restore that runs too long, naming the table to delete later', async () => {
    const time = fakeTime('2026-11-23T10:30:00Z');
    const tables = inMemoryTables(SOUND);
    const { backup } = inMemoryBackup([point('p', '2026-11-22T03:00:00Z')], tables.tables, ['RUNNING']);
    const source = backupRestoreSource({ backup, vaultName: VAULT, tableName: TABLE, pollMs: 60_000, timeoutMs: 10 * 60_000, ...time });
    await expect(runRestoreDrill({ boroughId: 'newham', source, tables, clock: time.clock })).rejects.toThrow(
      'The restore job job-1 is still running after 10 min: when it ends, delete the table recovery-newham-drill-202611231030.',
    );
  });

  it('says so when the vault has no completed backup of the table yet, starting no restore', async () => {
    const time = fakeTime('2026-11-23T10:30:00Z');
    const tables = inMemoryTables(SOUND);
    const { backup, started } = inMemoryBackup([point('p', '2026-11-22T03:00:00Z', { status: 'CREATING' })], tables.tables);
    await expect(runRestoreDrill({ boroughId: 'newham', source: backupRestoreSource({ backup, vaultName: VAULT, tableName: TABLE, ...time }), tables, clock: time.clock })).rejects.toThrow(
      `The vault ${VAULT} has no completed recovery point of the table ${TABLE} yet`,
    );
    expect(started).toEqual([]);
  });

  it('never restores into, nor deletes, a drill table that exists already', async () => {
    const time = fakeTime('2026-11-23T10:30:00Z');
    const tables = inMemoryTables(SOUND, ['recovery-newham-drill-202611231030']);
    const { backup, started } = inMemoryBackup([point('p', '2026-11-22T03:00:00Z')], tables.tables);
    await expect(runRestoreDrill({ boroughId: 'newham', source: backupRestoreSource({ backup, vaultName: VAULT, tableName: TABLE, ...time }), tables, clock: time.clock })).rejects.toThrow(
      /The drill table recovery-newham-drill-202611231030 exists already/,
    );
    expect(started).toEqual([]);
    expect(tables.log).toEqual([]);
    expect(tables.tables.has('recovery-newham-drill-202611231030')).toBe(true);
  });
});
