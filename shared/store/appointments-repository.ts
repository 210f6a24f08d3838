import { createHash } from 'node:crypto';
import { isCancelled, type Appointment } from '../domain/appointments';
import type { Store } from '../runtime/deps';
import { appointmentsDueKey, patientPartition, SK, type ItemKey } from './keys';
import { queryAll } from './query-all';
import { indexKeys, withoutKeys, WORK_QUEUE_INDEX } from './table-definition';
import type { TransactItem } from './transact';

type Item = Record<string, unknown>;

/**
 * An appointment's id: the same for the same source identifier of the same organisation, so that a
 * re-send finds it by key and a calendar's UID stays the same; nothing of the identifier shows in it.
 */
export const appointmentIdOf = (borough: string, org: string, sourceSystem: string, sourceId: string): string =>
  createHash('sha256')
    .update(JSON.stringify([borough, org, sourceSystem, sourceId]))
    .digest('hex')
    .slice(0, 32);

export const appointmentKey = (borough: string, patientId: string, appointmentId: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: `${SK.appointmentPrefix}${appointmentId}` });

/**
 * An appointment, created or changed: conditional on the version read (none for a new one), so that
 * two sends at once cannot both win. While it is to happen (not cancelled), it sits in the reminders'
 * index by its start (sparse: a cancelled one leaves it, a moved one moves in it).
 */
export const putAppointmentItem = (store: Store, borough: string, a: Appointment, readSequence: number | undefined): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: {
      ...appointmentKey(borough, a.patientId, a.appointmentId),
      entity: 'appointment',
      ...a,
      ...(isCancelled(a.status) ? {} : indexKeys(WORK_QUEUE_INDEX, appointmentsDueKey(borough), `${a.start}#${a.patientId}#${a.appointmentId}`)),
    },
    ...(readSequence === undefined
      ? { ConditionExpression: 'attribute_not_exists(pk)' }
      : { ConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'sequence' }, ExpressionAttributeValues: { ':s': readSequence } }),
  },
});

export const fromAppointmentItem = (item: Item): Appointment => withoutKeys(item) as unknown as Appointment;

/** Every appointment of a patient (a Query of their partition, every page): a patient has tens, not thousands. */
export const appointmentsOf = async (store: Store, borough: string, patientId: string): Promise<Appointment[]> =>
  (
    await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': patientPartition(borough, patientId), ':prefix': SK.appointmentPrefix },
      ConsistentRead: true,
    })
  ).map(fromAppointmentItem);

/**
 * The appointments (not cancelled) that start from `from` up to (not including) `to`, every page of the
 * reminders' index (sorted by start, in UTC): the daily sweep.
 */
export const appointmentsStartingBetween = async (store: Store, borough: string, from: Date, to: Date): Promise<{ patientId: string; appointmentId: string }[]> =>
  (
    await queryAll(store, {
      IndexName: WORK_QUEUE_INDEX.name,
      KeyConditionExpression: `${WORK_QUEUE_INDEX.partitionKey} = :p AND ${WORK_QUEUE_INDEX.sortKey} BETWEEN :from AND :to`,
      // The last millisecond before `to`, and anything after it in the key (#patient#appointment).
      ExpressionAttributeValues: { ':p': appointmentsDueKey(borough), ':from': from.toISOString(), ':to': `${new Date(to.getTime() - 1).toISOString()}\uffff` },
      ProjectionExpression: 'patientId, appointmentId',
    })
  ).flatMap((i) => (typeof i.patientId === 'string' && typeof i.appointmentId === 'string' ? [{ patientId: i.patientId, appointmentId: i.appointmentId }] : []));

/** That the reminder of an appointment on a day was sent: written once (a moved appointment gets one for its new day). */
export const putAppointmentReminderSent = (store: Store, borough: string, patientId: string, appointmentId: string, day: string, at: string): TransactItem => ({
  Put: {
    TableName: store.tableName,
    Item: { pk: patientPartition(borough, patientId), sk: `${SK.appointmentReminderPrefix}${appointmentId}#${day}`, entity: 'appointment-reminder', appointmentId, day, at },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});
