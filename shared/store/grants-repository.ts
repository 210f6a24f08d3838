import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from './query-all';
import type { Actor } from '../domain/actor';
import { granteeKey, type Grant, type Grantee } from '../domain/grant';
import type { Store } from '../runtime/deps';
import { granteeIndexKey, patientPartition, SK, type ItemKey } from './keys';
import type { TransactItem } from './transact';
import { GRANTEE_INDEX, indexKeys, withoutKeys } from './table-definition';

type Item = Record<string, unknown>;

export const grantKey = (borough: string, patientId: string, grantee: Grantee): ItemKey => ({
  pk: patientPartition(borough, patientId),
  sk: `${SK.grantPrefix}${granteeKey(grantee)}`,
});

/** Grants that put a patient on someone's list (the grantee index): a person, a team, a paramedic's emergency access. */
const indexKeyOf = (borough: string, grant: Grant): string | undefined => (grant.grantee.type === 'emergency' ? undefined : granteeIndexKey(borough, granteeKey(grant.grantee)));

export const toGrantItem = (borough: string, grant: Grant): Item => {
  const indexKey = grant.revokedAt ? undefined : indexKeyOf(borough, grant);
  return {
    ...grantKey(borough, grant.patientId, grant.grantee),
    entity: 'grant',
    ...grant,
    ...(indexKey ? indexKeys(GRANTEE_INDEX, indexKey, `P#${grant.patientId}`) : {}),
  };
};

export const fromGrantItem = (item: Item): Grant => {
  return withoutKeys(item) as unknown as Grant;
};

export const isGrantItem = (item: Item): boolean => item.entity === 'grant';

/** Keys of the grants that can speak of this actor: fetched with the data in one request. */
export const grantKeysForActor = (borough: string, patientId: string, actor: Actor): ItemKey[] => {
  const grantees: Grantee[] = [
    { type: 'person', userId: actor.id },
    { type: 'emergency-access', userId: actor.id },
  ];
  if (actor.org) grantees.push({ type: 'organisation', org: actor.org });
  if (actor.roles.includes('paramedic')) grantees.push({ type: 'emergency' });
  return grantees.map((g) => grantKey(borough, patientId, g));
};

/** Every grant of a patient (active, expired and revoked): the flower. */
export const listGrants = async (store: Store, borough: string, patientId: string): Promise<Grant[]> =>
  (
    await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': patientPartition(borough, patientId), ':prefix': SK.grantPrefix },
      ConsistentRead: true,
    })
  ).map(fromGrantItem);

/**
 * One page of a patient's grants in key order. `after` is the position the last page ended at (the
 * grantee part of a grant's key), so that a cursor never names a key of the table.
 */
export const listGrantsPage = async (store: Store, borough: string, patientId: string, page: { limit: number; after?: string }): Promise<{ grants: Grant[]; endedAt?: string }> => {
  const pk = patientPartition(borough, patientId);
  const result = await store.doc.send(
    new QueryCommand({
      TableName: store.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': SK.grantPrefix },
      ConsistentRead: true,
      Limit: page.limit,
      ...(page.after !== undefined ? { ExclusiveStartKey: { pk, sk: `${SK.grantPrefix}${page.after}` } } : {}),
    }),
  );
  const last: unknown = result.LastEvaluatedKey?.sk;
  return { grants: (result.Items ?? []).map(fromGrantItem), ...(typeof last === 'string' ? { endedAt: last.slice(SK.grantPrefix.length) } : {}) };
};

/**
 * Writes a new grant unless the grantee already holds one that is neither revoked nor over:
 * one petal per person or team, changed in place.
 */
export const putGrantItem = (store: Store, borough: string, grant: Grant, now: Date): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: toGrantItem(borough, grant),
    ConditionExpression: 'attribute_not_exists(pk) OR attribute_exists(revokedAt) OR endsAt <= :now',
    ExpressionAttributeValues: { ':now': now.toISOString() },
  },
});

/** Replaces a grant if it is still at the version the caller saw and not revoked. */
export const replaceGrantItem = (store: Store, borough: string, grant: Grant, expectedVersion: number): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: toGrantItem(borough, grant),
    ConditionExpression: 'version = :v AND attribute_not_exists(revokedAt)',
    ExpressionAttributeValues: { ':v': expectedVersion },
  },
});

/**
 * The grant a write by someone other than the patient was allowed by, as the decision read it: still
 * at that version and not revoked when the write's transaction commits. A revocation (or any change)
 * landing between the decision and the write cancels the write, which is then decided again.
 */
export const grantUnchangedCheck = (store: Store, borough: string, grant: Grant): TransactItem => ({
  ConditionCheck: {
    TableName: store.tableName,
    Key: grantKey(borough, grant.patientId, grant.grantee),
    ConditionExpression: 'version = :v AND attribute_not_exists(revokedAt)',
    ExpressionAttributeValues: { ':v': grant.version },
  },
});
