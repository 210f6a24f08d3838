import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { BoroughRuntime } from './platform';
import { demoUsers } from './demo-users';
import { boroughPartition } from '../../shared/store/keys';

/**
 * Seeds a borough's directory of users (who is an advisor, who works where) with fixed ids.
 * Idempotent: seeding twice leaves the same items. Later issues add plans, grants and budgets.
 */
export const seedBorough = async ({ config, deps }: BoroughRuntime): Promise<void> => {
  const users = demoUsers(config.id);
  await deps.store.doc.send(
    new BatchWriteCommand({
      RequestItems: {
        [deps.store.tableName]: users.map((u) => ({
          PutRequest: {
            Item: { pk: boroughPartition(config.id, 'USERS'), sk: `USER#${u.id}`, entity: 'user', userId: u.id, roles: u.roles, ...(u.org ? { org: u.org } : {}) },
          },
        })),
      },
    }),
  );
};
