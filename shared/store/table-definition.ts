/**
 * The one definition of a borough's table: the CDK stack, the local platform and the tests all build
 * their table from this, so that what runs locally is what is deployed.
 *
 * Items of a patient share the partition `B#<borough>#P#<patientId>` (design decision 4);
 * the indexes answer the questions that cross patients.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Time-to-live attribute (epoch seconds), e.g. for idempotency records and expired emergency access. */
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    /** Grantee to patients: `GET /me/patients` ("whose plans may I see"). */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    /** Work queues by status and age: the PHB advisor queue, oldest first. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
} as const;

export type IndexName = (typeof tableDefinition.indexes)[number]['name'];

/** The physical table name of a borough in AWS and locally. */
export const tableNameFor = (boroughId: string): string => `recovery-${boroughId}`;
