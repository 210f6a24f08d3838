/**
 * The one definition of a borough's table: the CDK stack, the local platform and the tests all build
 * their table from this, so that what runs locally is what is deployed.
 *
 * Items of a patient share the partition `B#<borough>#P#<patientId>` (design decision 4);
 * the indexes answer the questions that cross patients.
 */
/**
 * The indexes, by what they answer. Their physical names stay generic: an index of a deployed table
 * is never renamed (that would drop and rebuild it).
 */
/** Grantee to patients: `GET /me/patients` ("whose plans may I see"). */
export const GRANTEE_INDEX = { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' } as const;
/** Work queues in order: the PHB advisor queue by status and age, the daily digest's recipients; and the borough's staff by name. */
export const WORK_QUEUE_INDEX = { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' } as const;

export type TableIndex = typeof GRANTEE_INDEX | typeof WORK_QUEUE_INDEX;

/** An item's keys in an index. */
export const indexKeys = (index: TableIndex, partition: string, sort: string): Record<string, string> => ({ [index.partitionKey]: partition, [index.sortKey]: sort });

/** A Query of one partition of an index, from past `after` (a sort key) when given. */
export const indexQuery = (index: TableIndex, partition: string, after?: string) => ({
  IndexName: index.name,
  KeyConditionExpression: `${index.partitionKey} = :partition${after === undefined ? '' : ` AND ${index.sortKey} > :after`}`,
  ExpressionAttributeValues: { ':partition': partition, ...(after === undefined ? {} : { ':after': after }) },
});

/** The table's own attributes of an item: its keys, its entity and its index keys. */
const TABLE_ATTRIBUTES: ReadonlySet<string> = new Set(['pk', 'sk', 'entity', ...[GRANTEE_INDEX, WORK_QUEUE_INDEX].flatMap((i) => [i.partitionKey, i.sortKey])]);

/**
 * An item as the thing it stores: without the table's own attributes (and `also`, e.g. a TTL).
 * @example fromGrantItem = (item) => withoutKeys(item) as unknown as Grant
 */
export const withoutKeys = (item: Record<string, unknown>, ...also: string[]): Record<string, unknown> =>
  Object.fromEntries(Object.entries(item).filter(([name]) => !TABLE_ATTRIBUTES.has(name) && !also.includes(name)));

export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Time-to-live attribute (epoch seconds), e.g. for idempotency records and expired emergency access. */
  timeToLiveAttribute: 'expiresAt',
  indexes: [GRANTEE_INDEX, WORK_QUEUE_INDEX],
} as const;

export type IndexName = (typeof tableDefinition.indexes)[number]['name'];

/** The physical table name of a borough in AWS and locally. */
export const tableNameFor = (boroughId: string): string => `recovery-${boroughId}`;
