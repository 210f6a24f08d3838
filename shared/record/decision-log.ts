import type { Actor } from '../domain/actor';
import type { AuditFacts, AuditMac } from '../domain/audit';
import { logDecision } from '../domain/refusal-log';
import type { Deps } from '../runtime/deps';
import { appendAuditItems, AuditContentionError, auditHeadKey, headFromItem } from '../store/audit-repository';
import { batchGet, keyId } from '../store/batch-get';
import type { ItemKey } from '../store/keys';
import { inNoPatientLog, noPatientKey, putTallyItem, refusalTallyKey, tallyFromItem } from '../store/refusal-repository';
import { cancelledBy } from '../store/transaction-errors';
import { transactWrite, type TransactItem } from '../store/transact';

type Item = Record<string, unknown>;

const MAX_ATTEMPTS = 30;

/** Many writers on one patient at once (their audit chain, their budget): back off with jitter. */
export const backOff = (attempt: number): Promise<void> => new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/**
 * Where a decision is logged: in the patient's access log, or, for an id that is no patient, in the
 * no-patient log of that id (shared/store/refusal-repository.ts), with the same reads and writes.
 */
export type LogPlace = 'patient' | 'no-patient';

/** What logging a decision reads: the audit head and the caller's refusal tally of the place. */
export const logKeys = (borough: string, patientId: string, actor: Actor, place: LogPlace = 'patient'): [ItemKey, ItemKey] => {
  const head = auditHeadKey(borough, patientId);
  const tally = refusalTallyKey(borough, patientId, actor.id);
  return place === 'patient' ? [head, tally] : [noPatientKey(borough, patientId, head), noPatientKey(borough, patientId, tally)];
};

/**
 * The writes that log a decision on someone else's record (or of staff on their own), on what was
 * read: its entries, after the summary of any refusals of this caller held back (shared/domain/
 * refusal-log.ts), linked to the head; and the caller's refusal tally when it changed. A refusal of
 * a flood writes only the tally. For the caller's own transaction; `key` seals the entries (deps.auditKey).
 */
export const logWrites = (deps: Deps, key: AuditMac, actor: Actor, facts: AuditFacts, found: Map<string, Item>, place: LogPlace = 'patient'): TransactItem[] => {
  const borough = deps.config.borough.id;
  const [headKey, tallyKey] = logKeys(borough, facts.patientId, actor, place);
  const { entries, next } = logDecision(tallyFromItem(found.get(keyId(tallyKey))), facts);
  const head = headFromItem(found.get(keyId(headKey)));
  const items = [...appendAuditItems(deps.store, borough, head, entries, key).items, ...(next ? [putTallyItem(deps.store, borough, facts.patientId, actor.id, next)] : [])];
  return place === 'patient' ? items : inNoPatientLog(items, borough, facts.patientId, facts.at);
};

/**
 * Logs a decision at once (after a read, or a refusal) in one transaction; when another request moved
 * the chain or the tally first, reads both again and re-links. Throws AuditContentionError (503) if
 * they stay contended.
 */
export const logNow = async (deps: Deps, actor: Actor, facts: AuditFacts, found: Map<string, Item>, place: LogPlace = 'patient'): Promise<void> => {
  let current = found;
  const key = await deps.auditKey.current();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      await backOff(attempt);
      current = await batchGet(deps.store, logKeys(deps.config.borough.id, facts.patientId, actor, place));
    }
    try {
      await transactWrite(deps.store, logWrites(deps, key, actor, facts, current, place));
      return;
    } catch (error) {
      if (!cancelledBy(error, ['ConditionalCheckFailed', 'TransactionConflict'])) throw error;
    }
  }
  throw new AuditContentionError();
};
