import { verifyChain, type ChainProblem } from '../domain/audit';
import type { Store } from '../runtime/deps';
import { readChain } from './audit-repository';
import { patientPartition, SK } from './keys';
import { scanAll } from './query-all';

export interface ChainReport {
  patientId: string;
  entries: number;
  problems: ChainProblem[];
}

/** The patients of a borough with an audit chain. A Scan: for this offline check only, never a request. */
const patientsWithChains = async (store: Store, borough: string): Promise<string[]> => {
  const prefix = patientPartition(borough, '');
  const heads = await scanAll(store, {
    FilterExpression: 'sk = :head AND begins_with(pk, :prefix)',
    ExpressionAttributeValues: { ':head': SK.auditHead, ':prefix': prefix },
    ProjectionExpression: 'pk',
  });
  return heads.map((i) => String(i.pk).slice(prefix.length)).sort();
};

/**
 * Re-computes every audit chain of a borough (or one patient's) and reports edited, missing or
 * re-ordered entries and heads that disagree with their chain.
 * @example const reports = await verifyBoroughAudit(store, 'city-and-hackney')
 */
export const verifyBoroughAudit = async (store: Store, borough: string, patientId?: string): Promise<ChainReport[]> => {
  const patients = patientId ? [patientId] : await patientsWithChains(store, borough);
  const reports: ChainReport[] = [];
  for (const id of patients) {
    const { entries, head } = await readChain(store, borough, id);
    reports.push({ patientId: id, entries: entries.length, problems: verifyChain(entries, head) });
  }
  return reports;
};
