import type { DirectoryUser } from '../domain/notifications';
import type { Store } from '../runtime/deps';
import { boroughPartition } from './keys';
import { queryAll } from './query-all';
import { PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * The borough's users: who is an advisor, who works where. Seeded locally; in AWS it is to be kept
 * from Cognito (post-confirmation and group changes), which is not built yet.
 */
export const listDirectory = async (store: Store, borough: string): Promise<DirectoryUser[]> =>
  (await queryAll(store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': boroughPartition(borough, 'USERS') } })).map((i) => ({
    userId: String(i.userId),
    roles: i.roles as DirectoryUser['roles'],
    ...(i.org ? { org: String(i.org) } : {}),
    ...(i.email ? { email: String(i.email) } : {}),
    ...(i.phone ? { phone: String(i.phone) } : {}),
  }));

/** Adds or replaces one person of the borough's directory (the operator's part of creating a user). */
export const putDirectoryUser = async (store: Store, borough: string, user: DirectoryUser): Promise<void> => {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { pk: boroughPartition(borough, 'USERS'), sk: `USER#${user.userId}`, entity: 'user', ...user } }));
};
