import { BoroughConfigError, type BoroughConfig } from '../shared/domain/borough-config';

/** What Lambda keeps unreserved in every account and region: reservations can never touch it. */
export const UNRESERVED_MINIMUM = 100;
/** The default concurrency quota of an account (a new account may start lower: set the context value). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 1000;
/** The cdk.json / `-c` context value naming the account's real quota. */
export const ACCOUNT_CONCURRENCY_CONTEXT = 'recovery:accountConcurrencyLimit';

/**
 * Refuses, before anything is deployed, boroughs whose reserved concurrency together would not fit the
 * account: every function of a borough reserves `api.reservedConcurrency`, and Lambda keeps 100 for the
 * rest. All the app's stacks deploy to one account, so the sum counts.
 * @example checkReservedConcurrency(boroughs, 7, 1000)
 */
export const checkReservedConcurrency = (boroughs: readonly BoroughConfig[], functionsPerBorough: number, accountLimit: number): void => {
  const reserving = boroughs.flatMap((b) => (b.api.reservedConcurrency === undefined ? [] : [{ id: b.id, reserved: b.api.reservedConcurrency }]));
  const total = reserving.reduce((sum, b) => sum + b.reserved * functionsPerBorough, 0);
  const room = accountLimit - UNRESERVED_MINIMUM;
  if (total <= room) return;
  const who = reserving.map((b) => `${b.id} ${b.reserved} x ${functionsPerBorough}`).join(', ');
  throw new BoroughConfigError(
    'infra/boroughs',
    'api.reservedConcurrency',
    `reserves ${total} concurrent executions in all (${who}), but an account whose limit is ${accountLimit} keeps ${UNRESERVED_MINIMUM} unreserved, so at most ${room} can be reserved: lower or remove api.reservedConcurrency, or give the account's real quota with -c ${ACCOUNT_CONCURRENCY_CONTEXT}=N`,
  );
};
