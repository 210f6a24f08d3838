import { isPatient, type Person } from '../domain/people';
import { searchText } from '../domain/directory-search';
import { batchGet, type ReadOptions } from './batch-get';
import type { Store } from '../runtime/deps';
import { boroughPartition, nhsNumberKey, staffIndexKey, type ItemKey } from './keys';
import { indexKeys, indexQuery, WORK_QUEUE_INDEX } from './table-definition';
import { queryAll } from './query-all';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionFailed } from './transaction-errors';

type Item = Record<string, unknown>;

/** Where one person's directory entry lives. */
export const directoryUserKey = (borough: string, userId: string): ItemKey => ({ pk: boroughPartition(borough, 'USERS'), sk: `USER#${userId}` });

/**
 * Staff entries are also in the staff partition of the work-queue index, sorted by family and given
 * name, so that the directory search and the notifications of an organisation's grant read the
 * borough's staff (hundreds at most) and never its patients (thousands). An index key on the entry
 * itself moves with every put and sign-in update of it; a separate item per name word would need its
 * stale words deleted on each rename, which an update without a read cannot know.
 */
const staffIndexKeys = (borough: string, user: Pick<Person, 'userId' | 'roles' | 'name'>): Record<string, string> =>
  isPatient(user) ? {} : indexKeys(WORK_QUEUE_INDEX, staffIndexKey(borough), `${searchText(`${user.name?.family ?? ''} ${user.name?.given ?? ''}`)}#${user.userId}`);

/** One person's directory entry, as stored. */
export const directoryUserItem = (borough: string, user: Person): Item => ({ ...directoryUserKey(borough, user.userId), entity: 'user', ...user, ...staffIndexKeys(borough, user) });

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A stored directory entry as a person (fields it does not hold stay absent). */
export const fromDirectoryItem = (i: Item): Person => {
  const name = i.name as Person['name'] | undefined;
  const fields = {
    org: str(i.org),
    roleTitle: str(i.roleTitle),
    nhsNumber: str(i.nhsNumber),
    birthDate: str(i.birthDate),
    email: str(i.email),
    phone: str(i.phone),
    disabledAt: str(i.disabledAt),
    closedAt: str(i.closedAt),
    invitedAt: str(i.invitedAt),
    signedInAt: str(i.signedInAt),
  };
  return {
    userId: String(i.userId),
    roles: i.roles as Person['roles'],
    ...(name && typeof name.given === 'string' && typeof name.family === 'string' ? { name } : {}),
    ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    ...(i.status === 'disabled' ? { status: 'disabled' as const } : {}),
  };
};

/**
 * Whether a directory entry is a patient's: a patient exists when the borough's directory holds them
 * (put at their sign-in, or by an operator). Their record holds nothing before that.
 */
export const isPatientEntry = (item: Item | undefined): boolean => Array.isArray(item?.roles) && item.roles.includes('patient');

/**
 * The borough's users: who is an advisor, who works where. Seeded locally; in AWS put at each sign-in
 * from Cognito (functions/boroughs/directory-sync.ts) and by operators (PUT /borough/users/{userId}).
 */
export const listDirectory = async (store: Store, borough: string): Promise<Person[]> =>
  (await queryAll(store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': boroughPartition(borough, 'USERS') } })).map(fromDirectoryItem);

/** The borough's staff, disabled ones included (see `isActive`), from the staff index: never a patient. */
export const listStaff = async (store: Store, borough: string): Promise<Person[]> =>
  (await queryAll(store, indexQuery(WORK_QUEUE_INDEX, staffIndexKey(borough)))).filter((i) => !isPatientEntry(i)).map(fromDirectoryItem);

/**
 * Puts every staff entry of the directory into the staff index where it is missing or stale (entries
 * written before the index existed, or by hand): an offline tool's work (npm run directory:reindex),
 * one Query of the directory and one update per entry that needs it. Returns how many it changed.
 */
export const reindexStaff = async (store: Store, borough: string): Promise<{ staff: number; updated: number }> => {
  const entries = await queryAll(store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': boroughPartition(borough, 'USERS') } });
  let staff = 0;
  let updated = 0;
  for (const item of entries) {
    if (isPatientEntry(item)) continue;
    staff++;
    const keys = staffIndexKeys(borough, fromDirectoryItem(item));
    if (Object.entries(keys).every(([k, v]) => item[k] === v)) continue;
    await store.doc.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET #ipk = :ipk, #isk = :isk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#ipk': WORK_QUEUE_INDEX.partitionKey, '#isk': WORK_QUEUE_INDEX.sortKey },
        ExpressionAttributeValues: { ':ipk': keys[WORK_QUEUE_INDEX.partitionKey], ':isk': keys[WORK_QUEUE_INDEX.sortKey] },
      }),
    );
    updated++;
  }
  return { staff, updated };
};

/** The directory entries of these people (by id; those not in the directory are absent), read by key. */
export const getPeople = async (store: Store, borough: string, userIds: Iterable<string>, options?: ReadOptions): Promise<Map<string, Person>> => {
  const found = await batchGet(
    store,
    [...new Set(userIds)].map((id) => directoryUserKey(borough, id)),
    options,
  );
  return new Map([...found.values()].map((item) => [String(item.userId), fromDirectoryItem(item)]));
};

/** Adds or replaces one person of the borough's directory (the operator's part of creating a user). */
export const putDirectoryUser = async (store: Store, borough: string, user: Person): Promise<void> => {
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: directoryUserItem(borough, user) }));
};

/**
 * Whether the directory says this person was disabled, or closed their account: one GetItem of their
 * status, made on every request (a disabled person's access token is still valid for up to an hour;
 * the directory is not).
 */
export const refusedAccount = async (store: Store, borough: string, userId: string): Promise<'disabled' | 'closed' | undefined> => {
  const { Item } = await store.doc.send(
    new GetCommand({ TableName: store.tableName, Key: directoryUserKey(borough, userId), ProjectionExpression: '#s, closedAt', ExpressionAttributeNames: { '#s': 'status' } }),
  );
  if (Item?.closedAt !== undefined) return 'closed';
  return Item?.status === 'disabled' ? 'disabled' : undefined;
};

/** Who an NHS number is linked to, if anyone. */
export const nhsNumberHolder = async (store: Store, borough: string, nhsNumber: string): Promise<string | undefined> => {
  const item = (await batchGet(store, [nhsNumberKey(borough, nhsNumber)])).values().next().value;
  return typeof item?.patientId === 'string' ? item.patientId : undefined;
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

/** The fields a sign-in refreshes from Cognito; status (disabled or not) is the directory's own. */
const SYNCED_FIELDS = ['roles', 'name', 'org', 'roleTitle', 'birthDate', 'email', 'phone'] as const;

/**
 * Puts what Cognito says of a person at their sign-in: the fields it holds are set, the ones it no
 * longer holds (an unverified email, say) removed. Whether the person is disabled is left as it is.
 */
export const syncDirectoryUser = async (store: Store, borough: string, person: Person): Promise<void> => {
  // The staff index keys follow the name and roles (a patient's entry has none).
  const index = staffIndexKeys(borough, person);
  const indexFields = [WORK_QUEUE_INDEX.partitionKey, WORK_QUEUE_INDEX.sortKey];
  // A sign-in's time is set when given and never removed.
  const set = [...SYNCED_FIELDS.filter((f) => person[f] !== undefined), ...(person.signedInAt ? ['signedInAt'] : []), ...indexFields.filter((f) => f in index)];
  const remove = [...SYNCED_FIELDS.filter((f) => person[f] === undefined), ...indexFields.filter((f) => !(f in index))];
  const names: Record<string, string> = Object.fromEntries([...set, ...remove, 'entity', 'userId'].map((f) => [`#${f}`, f]));
  const values: Record<string, unknown> = { ':entity': 'user', ':userId': person.userId };
  const fields: Record<string, unknown> = { ...person, ...index };
  for (const f of set) values[`:${f}`] = fields[f];
  const expression = `SET ${['entity', 'userId', ...set].map((f) => `#${f} = :${f}`).join(', ')}${remove.length ? ` REMOVE ${remove.map((f) => `#${f}`).join(', ')}` : ''}`;
  await store.doc.send(
    new UpdateCommand({ TableName: store.tableName, Key: directoryUserKey(borough, person.userId), UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values }),
  );
};
