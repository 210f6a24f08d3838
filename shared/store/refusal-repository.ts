import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RefusalTally } from '../domain/refusal-log';
import type { Store } from '../runtime/deps';
import { patientPartition, type ItemKey } from './keys';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Item = Record<string, unknown>;

/** REFUSALS#<actorId> in the patient's partition: read with the consent check, so it costs no round trip. */
export const refusalTallyKey = (borough: string, patientId: string, actorId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: `REFUSALS#${actorId}` });

export const tallyFromItem = (item: Item | undefined): RefusalTally | undefined => {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, entity: _e, expiresAt: _x, ...tally } = item;
  return tally as unknown as RefusalTally;
};

const DAY_SECONDS = 86_400;

/**
 * Puts the caller's next tally over the one read (none, or the version before), in the transaction
 * of the audit entries it goes with. With nothing held back it expires (TTL) a day after its window
 * opened; refusals held back stay until they are summarised.
 */
export const putTallyItem = (store: Store, borough: string, patientId: string, actorId: string, next: RefusalTally): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: {
      ...refusalTallyKey(borough, patientId, actorId),
      entity: 'refusal-tally',
      ...next,
      ...(next.held ? {} : { expiresAt: Math.floor(Date.parse(next.windowStartedAt) / 1000) + DAY_SECONDS }),
    },
    ConditionExpression: next.version === 1 ? 'attribute_not_exists(pk)' : 'version = :v',
    ...(next.version === 1 ? {} : { ExpressionAttributeValues: { ':v': next.version - 1 } }),
  },
});
