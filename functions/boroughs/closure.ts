import { isLive, type Grant } from '../../shared/domain/grant';
import { retainUntil, type ClosureBody, type ClosureView, type Retention } from '../../shared/domain/retention';
import { ServiceUnavailableError, NotFoundError } from '../../shared/http/problem';
import type { Deps } from '../../shared/runtime/deps';
import { openAlertsOf, type DueAlert } from '../../shared/store/alert-repository';
import { getPeople, listStaff } from '../../shared/store/directory-repository';
import { listGrants } from '../../shared/store/grants-repository';
import { closeDirectoryEntryItem, putRetentionItem, readRetention } from '../../shared/store/retention-repository';
import { transactWrite, type TransactItem } from '../../shared/store/transact';
import { cancellationCodes } from '../../shared/store/transaction-errors';
import { revokeWrites } from '../consent/grants';
import { escalateAlert } from '../notifications/alert-sweep';

/** A transaction holds 100 items; a grant's revocation takes two (the grant, its event). */
const GRANTS_PER_TRANSACTION = 50;
/** The last transaction also holds the directory entry and the retention. */
const GRANTS_WITH_THE_CLOSURE = 49;
const ATTEMPTS = 5;

const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Open red alerts go to the duty teams at once, while the grants that say who the care team is still
 * stand: after the closure nobody in the care team can see the record to answer them.
 */
const handOverOpenAlerts = async (deps: Deps, open: readonly DueAlert[], now: Date): Promise<void> => {
  if (open.length === 0) return;
  const staff = await listStaff(deps.store, deps.config.borough.id);
  for (const alert of open) await escalateAlert(deps, alert, staff, now);
};

/**
 * One attempt at the closure's writes, on fresh reads. Grants beyond what the last transaction holds
 * are revoked first, in transactions of their own (each whole or not at all); the last transaction
 * ends the rest and marks the record closed, so that "closed" is only ever said once every grant has
 * ended. A failure part way leaves some grants ended and the account open: the patient, still able to
 * sign in, closes again and the repeat ends what is left.
 */
const attempt = async (deps: Deps, patientId: string, body: ClosureBody, now: Date): Promise<ClosureView | 'retry'> => {
  const borough = deps.config.borough.id;
  // One round trip of reads: what the closure changes, and the red alerts still open.
  const [grants, retention, entry, alerts] = await Promise.all([
    listGrants(deps.store, borough, patientId),
    readRetention(deps.store, borough, patientId),
    getPeople(deps.store, borough, [patientId]).then((people) => people.get(patientId)),
    openAlertsOf(deps.store, borough, patientId),
  ]);
  // A token of someone with no directory entry (never signed in through Cognito): no account here to close.
  if (!entry) throw new NotFoundError('There is no account of yours in this borough’s directory to close.');
  await handOverOpenAlerts(deps, alerts, now);
  const closedAt = entry.closedAt ?? retention?.closedAt ?? now.toISOString();
  const at = new Date(closedAt);
  const live = grants.filter((g) => isLive(g, now));
  const early = live.slice(0, Math.max(0, live.length - GRANTS_WITH_THE_CLOSURE));
  const rest = live.slice(early.length);
  const revoke = (gs: readonly Grant[]): TransactItem[] => gs.flatMap((g) => revokeWrites(deps, g, at, 'grant.ended-by-closure').items);
  const next: Retention = {
    ...retention,
    closedAt,
    retainUntil: retention?.retainUntil ?? retainUntil(closedAt, deps.config.borough.retention.years),
    ...(body.reason && !retention?.reason ? { reason: body.reason } : {}),
    version: (retention?.version ?? 0) + 1,
  };
  try {
    for (const chunk of chunks(early, GRANTS_PER_TRANSACTION)) await transactWrite(deps.store, revoke(chunk));
    await transactWrite(deps.store, [
      ...revoke(rest),
      closeDirectoryEntryItem(deps.store, borough, patientId, closedAt),
      putRetentionItem(deps.store, borough, patientId, next, retention?.version ?? 0),
    ]);
  } catch (error) {
    // A grant or the retention changed since it was read (a grant changed, a hold set): read again.
    if (cancellationCodes(error)?.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) return 'retry';
    throw error;
  }
  return { closedAt, retainUntil: next.retainUntil ?? closedAt, grantsEnded: live.length };
};

/**
 * The patient closes their account (docs/records.md): open red alerts go to the duty teams, every
 * grant ends at the closure's time (each grantee is told), the record is marked closed and kept until
 * its retention ends, and sign-in is disabled (Cognito: disabled and signed out everywhere). A repeat
 * keeps the first closure's time and finishes whatever a failed one left undone.
 */
export const closeAccount = async (deps: Deps, patientId: string, body: ClosureBody): Promise<ClosureView> => {
  if (!deps.accounts) throw new Error('the boroughs function has no accounts adapter');
  const now = deps.clock();
  for (let i = 0; i < ATTEMPTS; i++) {
    const closed = await attempt(deps, patientId, body, now);
    if (closed === 'retry') continue;
    await deps.accounts.disable(patientId);
    deps.observability.logger.info('account closed', { grantsEnded: closed.grantsEnded });
    return closed;
  }
  throw new ServiceUnavailableError('The account changed while it was being closed; please try again.');
};
