import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { isActive, type Person } from '../../shared/domain/people';
import type { Accounts } from '../../shared/runtime/accounts';
import type { Deps } from '../../shared/runtime/deps';
import { listDirectory } from '../../shared/store/directory-repository';
import { markLeft } from './people';

/** What the schedule and the Cognito rule send the boroughs function (infra/stacks/borough-stack.ts). */
export interface DirectorySweepRequest {
  directorySweep: true;
}

export const isDirectorySweepRequest = (event: unknown): event is DirectorySweepRequest =>
  typeof event === 'object' && event !== null && (event as { directorySweep?: unknown }).directorySweep === true;

export type SweepResult = { outcome: 'swept'; left: string[] } | { outcome: 'refused'; wouldLeave: number; accounts: number };

/**
 * More people leaving at once than this is not believed: a pool that answers empty or wrong (a
 * renamed pool, a permissions fault) must not disable a borough. An operator looks instead.
 */
export const mostToLeaveAtOnce = (accountBacked: number): number => Math.max(5, Math.floor(accountBacked / 5));

/** Entries an account made: invited through the platform, or signed in through Cognito. Seeded entries have none. */
const isAccountBacked = (p: Person): boolean => p.invitedAt !== undefined || p.signedInAt !== undefined;

/**
 * Keeps the directory true to the accounts: each active person whose account was disabled or
 * deleted outside the platform (Cognito's console, an account script) leaves the directory as a
 * leaver disabled by an operator does (their tokens stop working, their patients are told). Run
 * every hour and at once on Cognito's own disable and delete events; running it twice changes
 * nothing more. An account enabled again in Cognito stays disabled here until an operator decides.
 */
export const sweepDirectory = async (deps: Deps, accounts: Accounts): Promise<SweepResult> => {
  const { logger, metrics } = deps.observability;
  const states = await accounts.accountStates();
  const backed = (await listDirectory(deps.store, deps.config.borough.id)).filter((p) => isActive(p) && isAccountBacked(p));
  const leaving = backed.filter((p) => states.get(p.userId) !== 'enabled');
  if (leaving.length > mostToLeaveAtOnce(backed.length)) {
    logger.error('directory sweep refused: too many accounts gone at once; check the user pool', { wouldLeave: leaving.length, accountBacked: backed.length, accounts: states.size });
    metrics.addMetric('DirectorySweepRefused', MetricUnit.Count, 1);
    return { outcome: 'refused', wouldLeave: leaving.length, accounts: states.size };
  }
  for (const person of leaving) await markLeft(deps, person);
  // Ids only: who left and why is in the directory.
  logger.info('directory sweep', { accountBacked: backed.length, left: leaving.map((p) => p.userId) });
  metrics.addMetric('DirectorySweepLeavers', MetricUnit.Count, leaving.length);
  return { outcome: 'swept', left: leaving.map((p) => p.userId) };
};
