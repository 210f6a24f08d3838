import type { RefusalTally } from '../domain/refusal-log';
import type { Store } from '../runtime/deps';
import { boroughPartition, patientPartition, type ItemKey } from './keys';
import type { TransactItem } from './transact';
import { withoutKeys } from './table-definition';

type Item = Record<string, unknown>;

/** REFUSALS#<actorId> in the patient's partition: read with the consent check, so it costs no round trip. */
export const refusalTallyKey = (borough: string, patientId: string, actorId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: `REFUSALS#${actorId}` });

export const tallyFromItem = (item: Item | undefined): RefusalTally | undefined => {
  if (!item) return undefined;
  return withoutKeys(item, 'expiresAt') as unknown as RefusalTally;
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

/**
 * Refusals on an id that is no patient are logged like any other, only in a partition of the
 * borough (NOPATIENT#<id>) instead of the id's own: the same reads and writes as for a patient who
 * exists, so that how long a refusal takes does not tell whether they do, and nothing is ever put
 * under a record that does not exist. No one reads it as an access log; it expires.
 */
export const noPatientPartition = (borough: string, id: string): string => boroughPartition(borough, `NOPATIENT#${id}`);

/** The key in the no-patient log of `id` that stands for `key` of the record the id would have. */
export const noPatientKey = (borough: string, id: string, key: ItemKey): ItemKey => ({ pk: noPatientPartition(borough, id), sk: key.sk });

/** Long enough to see a caller probing ids; short enough that probing cannot fill the table. */
export const NO_PATIENT_LOG_DAYS = 30;

/**
 * The writes that log a decision on a patient's record (shared/record/decision-log.ts), moved to the
 * no-patient log of the same id, each with its expiry. Only SET updates can be moved (the audit
 * head's); anything else is a programming error.
 */
export const inNoPatientLog = (items: readonly TransactItem[], borough: string, id: string, at: string): TransactItem[] => {
  const from = patientPartition(borough, id);
  const to = noPatientPartition(borough, id);
  const expiresAt = Math.floor(Date.parse(at) / 1000) + NO_PATIENT_LOG_DAYS * DAY_SECONDS;
  const moved = (pk: unknown): string => {
    if (pk !== from) throw new Error(`a log write outside ${from} cannot be moved`);
    return to;
  };
  return items.map((item) => {
    if (item.Put) return { Put: { ...item.Put, Item: { ...item.Put.Item, pk: moved(item.Put.Item?.pk), expiresAt } } };
    const update = item.Update;
    const expression = update?.UpdateExpression ?? '';
    if (!update || !expression.startsWith('SET ') || /\b(REMOVE|ADD|DELETE)\b/.test(expression)) throw new Error('only puts and SET updates of a log can be moved');
    return {
      Update: {
        ...update,
        Key: { ...update.Key, pk: moved(update.Key?.pk) },
        UpdateExpression: `${expression}, expiresAt = :expiresAt`,
        ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':expiresAt': expiresAt },
      },
    };
  });
};
