import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Actor } from '../domain/actor';
import { granteeKey, type Grant, type Grantee } from '../domain/grant';
import type { Store } from '../runtime/deps';
import { fromGrantItem } from './grants-repository';
import { granteeIndexKey } from './keys';
import { queryAll } from './query-all';
import { GRANTEE_INDEX, indexQuery } from './table-definition';

/** The grantee keys under which a care team member finds patients: theirs, and their team's. */
const granteesOf = (actor: Actor): Grantee[] => [
  { type: 'person', userId: actor.id },
  { type: 'emergency-access', userId: actor.id },
  ...(actor.org ? [{ type: 'organisation' as const, org: actor.org }] : []),
];

/** Up to `limit` unrevoked grants of one grantee key, for patients after `after`, in patient order. */
const grantsUnder = async (store: Store, borough: string, key: string, after: string | undefined, limit: number): Promise<{ grants: Grant[]; more: boolean }> => {
  const grants: Grant[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await store.doc.send(
      new QueryCommand({
        TableName: store.tableName,
        ...indexQuery(GRANTEE_INDEX, granteeIndexKey(borough, key), after === undefined ? undefined : `P#${after}`),
        Limit: limit + 1 - grants.length,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    grants.push(...(page.Items ?? []).map(fromGrantItem));
    start = page.LastEvaluatedKey;
  } while (start && grants.length <= limit);
  return { grants: grants.slice(0, limit + 1), more: grants.length > limit || start !== undefined };
};

/**
 * Unrevoked grants to this actor or their team, for patients after `after` in patient-id order,
 * enough to fill `limit` patients: one index query per grantee key (two or three, in parallel), no
 * scan. Returns the grants up to the last patient every list has reached, and where the next page
 * starts. The caller decides which grants are in force now.
 */
export const grantsSharedWith = async (store: Store, borough: string, actor: Actor, page: { after?: string; limit: number }): Promise<{ grants: Grant[]; reachedUpTo?: string }> => {
  const lists = await Promise.all(granteesOf(actor).map((g) => grantsUnder(store, borough, granteeKey(g), page.after, page.limit)));
  // A list with more to come has only been read up to its last patient: nothing beyond is known yet.
  let reachedUpTo: string | undefined;
  for (const list of lists) {
    const last = list.grants.at(-1)?.patientId;
    if (list.more && last !== undefined && (reachedUpTo === undefined || last < reachedUpTo)) reachedUpTo = last;
  }
  const grants = lists.flatMap((l) => l.grants).filter((g) => reachedUpTo === undefined || g.patientId <= reachedUpTo);
  return { grants, ...(reachedUpTo === undefined ? {} : { reachedUpTo }) };
};

/** Every unrevoked grant to one grantee (a leaver's, to tell the patients who shared with them), page by page. */
export const allGrantsTo = async (store: Store, borough: string, grantee: Grantee): Promise<Grant[]> => {
  const all: Grant[] = [];
  let after: string | undefined;
  for (;;) {
    const { grants, more } = await grantsUnder(store, borough, granteeKey(grantee), after, 100);
    const page = more ? grants.slice(0, 100) : grants;
    all.push(...page);
    after = page.at(-1)?.patientId;
    if (!more || after === undefined) return all;
  }
};

/**
 * Every unrevoked grant to this actor or their team: one index query per grantee key, all in flight
 * together, each read to its end (a caseload of 1,500 is one page of each). The caller decides which
 * are in force now.
 */
export const everyGrantSharedWith = async (store: Store, borough: string, actor: Actor): Promise<Grant[]> => {
  const lists = await Promise.all(granteesOf(actor).map((g) => queryAll(store, indexQuery(GRANTEE_INDEX, granteeIndexKey(borough, granteeKey(g))))));
  return lists.flat().map(fromGrantItem);
};
