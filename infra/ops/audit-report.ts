import type { ChainReport } from '../../shared/store/audit-verify';

/** What a verification of audit chains found, in counts and one `BROKEN` line per problem (ids only, never content). */
export interface AuditSummary {
  ok: boolean;
  chains: number;
  entries: number;
  broken: number;
  problems: string[];
}

export const summariseAudit = (reports: readonly ChainReport[]): AuditSummary => {
  const broken = reports.filter((r) => r.problems.length > 0);
  return {
    ok: broken.length === 0,
    chains: reports.length,
    entries: reports.reduce((n, r) => n + r.entries, 0),
    broken: broken.length,
    problems: broken.flatMap((r) => r.problems.map((p) => `BROKEN ${r.patientId}: entry ${p.seq} ${p.problem}`)),
  };
};

/** The verdict line `npm run audit:verify` and the restore drill both end with. */
export const auditVerdict = (summary: AuditSummary, where: string): string =>
  `${summary.ok ? 'OK' : 'TAMPERED'}: ${summary.chains} audit chains, ${summary.entries} entries checked in ${where}; ${summary.broken} broken`;
