import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../runtime/deps';
import { headFromItem } from './audit-repository';
import { directoryUserKey, getPeople } from './directory-repository';
import { nhsNumberKey, patientPartition, phbLookupKey, SK, userPartition, type ItemKey } from './keys';
import { queryAll } from './query-all';
import { retentionKey } from './retention-repository';
import { conditionFailed } from './transaction-errors';

type Item = Record<string, unknown>;

const partitionItems = async (deps: Deps, pk: string): Promise<Item[]> => queryAll(deps.store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true });

const remove = async (deps: Deps, key: ItemKey): Promise<void> => {
  await deps.store.doc.send(new DeleteCommand({ TableName: deps.store.tableName, Key: { pk: key.pk, sk: key.sk } }));
};

/**
 * The tombstone of a removed record, kept for good: when, and the final head of its audit chain, so
 * that the anchored audit's check knows the chain was removed by retention, not lost. Written once: a
 * sweep that resumes a removal keeps the first one's head (the head item may be gone by then).
 */
const putTombstone = async (deps: Deps, patientId: string, head: { seq: number; hash: string }, at: string): Promise<void> => {
  const borough = deps.config.borough.id;
  try {
    await deps.store.doc.send(
      new PutCommand({
        TableName: deps.store.tableName,
        Item: { pk: patientPartition(borough, patientId), sk: SK.recordRemoved, entity: 'record-removed', removedAt: at, auditHead: { seq: head.seq, hash: head.hash } },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (!conditionFailed(error)) throw error;
  }
};

/**
 * Removes one record whose retention ended (docs/records.md lists what and why). Outside the patient's
 * partition first (the NHS number's link, PHB request links, their inbox and preferences, then their
 * directory entry), then the partition itself (the grants take their grantee and queue index entries
 * with them), and the retention item last: a removal cut short stays in the due index, and the next
 * sweep finishes it. The tombstone stays.
 */
export const removeRecord = async (deps: Deps, patientId: string): Promise<number> => {
  const borough = deps.config.borough.id;
  const pk = patientPartition(borough, patientId);
  const items = await partitionItems(deps, pk);
  const head = headFromItem(items.find((i) => i.sk === SK.auditHead));
  await putTombstone(deps, patientId, head, deps.clock().toISOString());
  const person = (await getPeople(deps.store, borough, [patientId])).get(patientId);
  const requestIds = new Set(items.filter((i) => String(i.sk).startsWith(SK.phbPrefix) && typeof i.requestId === 'string').map((i) => String(i.requestId)));
  const outside: ItemKey[] = [
    ...(person?.nhsNumber ? [nhsNumberKey(borough, person.nhsNumber)] : []),
    ...[...requestIds].map((id) => phbLookupKey(borough, id)),
    ...(await partitionItems(deps, userPartition(borough, patientId))).map((i) => ({ pk: String(i.pk), sk: String(i.sk) })),
    directoryUserKey(borough, patientId),
  ];
  const inside = items.filter((i) => i.sk !== SK.recordRemoved && i.sk !== SK.retention).map((i) => ({ pk, sk: String(i.sk) }));
  for (const key of [...outside, ...inside]) await remove(deps, key);
  await remove(deps, retentionKey(borough, patientId));
  return outside.length + inside.length + 1;
};
