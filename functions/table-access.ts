import type { TableAccess } from '../shared/store/table-access';

const READ = ['GetItem', 'BatchGetItem', 'Query'] as const;
const READ_WRITE = [...READ, 'PutItem', 'UpdateItem'] as const;

/**
 * What each function may do on its borough's table (least privilege): the CDK stack writes it into
 * the function's role, and the local platform holds every handler to it while it runs
 * (infra/local/table-access-guard.ts), so a function that needs more fails its tests, not a deploy.
 * No function may delete but where named: PHB's idempotency records (Powertools removes a record whose
 * request failed) and the notifications digest queue of a user. Audit entries are only ever added.
 */
export const TABLE_ACCESS: Readonly<Record<string, TableAccess>> = {
  boroughs: { actions: READ_WRITE },
  consent: { actions: READ_WRITE },
  plans: { actions: READ_WRITE },
  measures: { actions: READ_WRITE },
  phb: { actions: [...READ_WRITE, 'DeleteItem'], onlyIn: { DeleteItem: ['IDEMPOTENCY'] } },
  notifications: { actions: [...READ_WRITE, 'DeleteItem'], onlyIn: { DeleteItem: ['U#*'] } },
  // The outcome aggregates' transactions check that their generation is still live.
  outcomes: { actions: [...READ_WRITE, 'ConditionCheckItem'] },
};
