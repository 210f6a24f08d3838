import type { DirectoryUser } from '../domain/notifications';
import type { Store } from '../runtime/deps';
import { boroughPartition, nhsNumberKey, type ItemKey } from './keys';
import { queryAll } from './query-all';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { conditionFailed } from './transaction-errors';

type Item = Record<string, unknown>;

/** Where one person's directory entry lives. */
export const directoryUserKey = (borough: string, userId: string): ItemKey => ({ pk: boroughPartition(borough, 'USERS'), sk: `USER#${userId}` });

/** One person's directory entry, as stored. */
export const directoryUserItem = (borough: string, user: DirectoryUser): Item => ({ ...directoryUserKey(borough, user.userId), entity: 'user', ...user });

/**
 * Whether a directory entry is a patient's: a patient exists when the borough's directory holds them
 * (put at their sign-in, or by an operator). Their record holds nothing before that.
 */
export const isPatientEntry = (item: Item | undefined): boolean => Array.isArray(item?.roles) && item.roles.includes('patient');

/**
 * The borough's users: who is an advisor, who works where. Seeded locally; in AWS put at each sign-in
 * from Cognito (functions/boroughs/directory-sync.ts) and by operators (PUT /borough/users/{userId}).
 */
export const listDirectory = async (store: Store, borough: string): Promise<DirectoryUser[]> =>
  (await queryAll(store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': boroughPartition(borough, 'USERS') } })).map((i) => ({
    userId: String(i.userId),
    roles: i.roles as DirectoryUser['roles'],
    ...(typeof i.org === 'string' ? { org: i.org } : {}),
    ...(typeof i.email === 'string' ? { email: i.email } : {}),
    ...(typeof i.phone === 'string' ? { phone: i.phone } : {}),
  }));

/** Adds or replaces one person of the borough's directory (the operator's part of creating a user). */
export const putDirectoryUser = async (store: Store, borough: string, user: DirectoryUser): Promise<void> => {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: directoryUserItem(borough, user) }));
};

/**
 * Links an NHS number to a patient, unless it is already linked to someone else ('taken'): a clash is
 * an operator's error to resolve, never something to overwrite.
 */
export const linkNhsNumber = async (store: Store, borough: string, nhsNumber: string, patientId: string): Promise<'linked' | 'taken'> => {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...nhsNumberKey(borough, nhsNumber), entity: 'nhs-number', patientId },
        ConditionExpression: 'attribute_not_exists(pk) OR patientId = :me',
        ExpressionAttributeValues: { ':me': patientId },
      }),
    );
    return 'linked';
  } catch (error) {
    if (conditionFailed(error)) return 'taken';
    throw error;
  }
};
