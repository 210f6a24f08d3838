import type { ChainReport } from '../../shared/store/audit-verify';

/** What a verification of audit chains found, in counts and one line per problem (ids only, never content). */
export interface AuditSummary {
  ok: boolean;
  chains: number;
  entries: number;
  broken: number;
  /** Chains the retention sweep removed, whose tombstone agrees with the anchor: not a problem. */
  removedByRetention: number;
  problems: string[];
  /** Lines that are no problem but explain a count (a chain removed by retention). */
  notes: string[];
}

/** The words of a chain problem in the report: what was done to the log. */
const PROBLEM_WORDS: Readonly<Record<string, string>> = {
  edited: 'edited entry (its MAC does not verify)',
  rebuilt: 'rebuilt chain from here (MACs do not verify with the key)',
  unkeyed: 'rebuilt chain from here (unkeyed sha256: no key)',
  'unknown-key': 'entry sealed with an unknown key',
  missing: 'removed entry',
  'out-of-order': 'entry out of order',
  'broken-link': 'broken link (entry does not follow the one before)',
  'head-mismatch': 'head disagrees with the last entry',
};

const ANCHOR_WORDS: Readonly<Record<string, string>> = {
  'chain-removed': 'removed chain (anchored, and no chain or tombstone now)',
  'rolled-back': 'rolled-back head (below the anchored seq)',
  rebuilt: 'rebuilt chain (the entry at the anchored seq has another hash)',
};

export const summariseAudit = (reports: readonly ChainReport[]): AuditSummary => {
  const isBroken = (r: ChainReport) => r.problems.length > 0 || (r.anchor !== undefined && r.anchor !== 'removed-by-retention');
  const broken = reports.filter(isBroken);
  const retained = reports.filter((r) => r.anchor === 'removed-by-retention');
  return {
    ok: broken.length === 0,
    chains: reports.length - retained.length,
    entries: reports.reduce((n, r) => n + r.entries, 0),
    broken: broken.length,
    removedByRetention: retained.length,
    problems: broken.flatMap((r) => [
      ...r.problems.map((p) => `BROKEN ${r.patientId}: entry ${p.seq} ${p.problem}: ${PROBLEM_WORDS[p.problem] ?? p.problem}`),
      ...(r.anchor && r.anchor !== 'removed-by-retention' ? [`BROKEN ${r.patientId}: anchor ${r.anchor}: ${ANCHOR_WORDS[r.anchor] ?? r.anchor}`] : []),
    ]),
    notes: retained.map((r) => `REMOVED BY RETENTION ${r.patientId}: the tombstone's head agrees with the anchor`),
  };
};

/** The verdict line `npm run audit:verify` and the restore drill both end with. */
export const auditVerdict = (summary: AuditSummary, where: string): string =>
  `${summary.ok ? 'OK' : 'TAMPERED'}: ${summary.chains} audit chains, ${summary.entries} entries checked in ${where}; ${summary.broken} broken${summary.removedByRetention > 0 ? `; ${summary.removedByRetention} removed by retention` : ''}`;
