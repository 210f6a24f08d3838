import type { TransactItem } from '../store/transact';
import type { Deps } from '../runtime/deps';
import { patientPartition } from '../store/keys';

/** A fact that happened, for the notifications function; it carries ids, never a patient's words. */
export interface DomainEvent {
  id: string;
  type: string;
  borough: string;
  /** The partition the event belongs to (usually the patient's), so it commits with the data. */
  partition: string;
  occurredAt: string;
  data: Record<string, string | number | boolean>;
}

/**
 * An event about one patient, in their partition so that it commits with their data. Its data holds
 * ids, codes and amounts, never the patient's words.
 * @example patientEvent(deps, 'phb.submitted', 'sally', now, { requestId, category: 'phone' })
 */
export const patientEvent = (deps: Pick<Deps, 'ids' | 'config'>, type: string, patientId: string, at: string, data: DomainEvent['data']): DomainEvent => ({
  id: deps.ids(),
  type,
  borough: deps.config.borough.id,
  partition: patientPartition(deps.config.borough.id, patientId),
  occurredAt: at,
  data: { patientId, ...data },
});

/** Puts domain events into the outbox inside the caller's transaction (design decision 7). */
export interface EventPublisher {
  outboxItem(event: DomainEvent): TransactItem;
}

/**
 * The outbox lives in the same table: the stream carries the item to the notifications function.
 * @example transactItems.push(publisher.outboxItem(event))
 */
export const tableOutbox = (tableName: string): EventPublisher => ({
  outboxItem: (event) => ({
    Put: {
      TableName: tableName,
      Item: { pk: event.partition, sk: `OUTBOX#${event.occurredAt}#${event.id}`, entity: 'outbox', ...event },
      // An event id is written once: a retried transaction cannot duplicate it.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }),
});
