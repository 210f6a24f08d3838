import type { ChainReport } from '../../shared/store/audit-verify';
import { auditVerdict, summariseAudit, type AuditSummary } from './audit-report';

/** A copy of a borough's table, brought back into a new table. */
export interface RestoredCopy {
  /** When the copy was taken: the recovery point's creation, the export's time. */
  takenAt: Date;
  /** What was restored, in words: the recovery point and its vault, the export file. */
  source: string;
}

/** Where the copy comes from: AWS Backup's latest recovery point, or a DynamoDB export file. */
export interface RestoreSource {
  /** Restores into a new table `tableName`, which does not exist yet; resolves once it holds the copy. */
  restoreInto(tableName: string): Promise<RestoredCopy>;
}

/** What the drill does with tables: DynamoDB in AWS or DynamoDB Local (drill-tables.ts), in memory in unit tests. */
export interface DrillTables {
  exists(tableName: string): Promise<boolean>;
  waitUntilActive(tableName: string): Promise<void>;
  countItems(tableName: string): Promise<number>;
  /** The same check as `npm run audit:verify`, on that table. */
  verifyAudit(tableName: string, boroughId: string): Promise<ChainReport[]>;
  /** Deletes the table; one that was never created is no error. */
  delete(tableName: string): Promise<void>;
  /** Where a table is, in words for the report. */
  where(tableName: string): string;
}

export interface DrillOptions {
  boroughId: string;
  source: RestoreSource;
  tables: DrillTables;
  /** Leave the drill table for a look after (it holds a copy of patient data: delete it when done). */
  keep?: boolean;
  clock?: () => Date;
}

export interface DrillReport {
  boroughId: string;
  tableName: string;
  where: string;
  copy: RestoredCopy;
  /** From the start of the restore until the table was active with the copy in it. */
  restoreMs: number;
  items: number;
  audit: AuditSummary;
  kept: boolean;
}

/** Raised when the drill cannot run or the restore fails; the message says why, in words. */
export class DrillError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DrillError';
  }
}

/** `recovery-<borough>-drill-<yyyymmddhhmm>` (UTC): a name no deployed table has, that says when. */
export const drillTableName = (boroughId: string, now: Date): string => `recovery-${boroughId}-drill-${now.toISOString().slice(0, 16).replace(/[-T:]/g, '')}`;

/**
 * Restores a borough's backup into a new table, counts its items and verifies its audit chains as
 * `npm run audit:verify` does, then deletes the table (unless `keep`), whatever happened. A backup
 * that has never been restored is not known to be a backup.
 */
export const runRestoreDrill = async ({ boroughId, source, tables, keep = false, clock = () => new Date() }: DrillOptions): Promise<DrillReport> => {
  const tableName = drillTableName(boroughId, clock());
  // Never restore into, nor delete, a table this drill did not make (a kept drill, one running now).
  if (await tables.exists(tableName)) {
    throw new DrillError(`The drill table ${tableName} exists already (a drill kept with --keep, or one running now): delete it, or run the drill again in a minute.`);
  }
  const started = clock().getTime();
  let report: DrillReport;
  try {
    const copy = await source.restoreInto(tableName);
    await tables.waitUntilActive(tableName);
    const restoreMs = clock().getTime() - started;
    const items = await tables.countItems(tableName);
    const audit = summariseAudit(await tables.verifyAudit(tableName, boroughId));
    report = { boroughId, tableName, where: tables.where(tableName), copy, restoreMs, items, audit, kept: keep };
  } catch (error) {
    // Clean up what there is, but the reason the drill failed is what the operator must read.
    if (!keep) await tables.delete(tableName).catch(() => undefined);
    throw error;
  }
  // A copy of patient data left behind by mistake must not go unnoticed: this one may fail loudly.
  if (!keep) await tables.delete(tableName);
  return report;
};

const duration = (ms: number): string => {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
};

/** The drill's report: counts and ids only, never anything a patient wrote. */
export const formatDrillReport = (report: DrillReport): string =>
  [
    `Restore drill of ${report.boroughId}`,
    `  restored: ${report.copy.source}, taken ${report.copy.takenAt.toISOString()}`,
    `  into:     ${report.where} in ${duration(report.restoreMs)}`,
    `  items:    ${report.items}`,
    ...report.audit.problems,
    auditVerdict(report.audit, report.tableName),
    report.kept ? `The drill table ${report.tableName} is kept: it holds a copy of patient data, delete it when done.` : `The drill table ${report.tableName} was deleted.`,
  ].join('\n');
