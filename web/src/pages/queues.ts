import type { Answer } from '../api';

export type QueueItem = Answer<'/phb-requests'>['items'][number];
/** A queue's query: the requests of a state (delivered ones: those whose review is due). */
export type QueueQuery = { status: QueueItem['status']; reviewDue?: 'true' };

/** The advisor's queues, each oldest first (reviews by the day they fall due), each at its own address (`#/queue/to-order`). */
export const QUEUES = [
  { tab: 'new', label: 'New', query: { status: 'submitted' }, empty: 'There are no new requests.' },
  { tab: 'waiting', label: 'Waiting for the patient', query: { status: 'info-requested' }, empty: 'No request is waiting for a patient’s answer.' },
  { tab: 'to-order', label: 'Approved: to order', query: { status: 'approved' }, empty: 'Nothing approved is waiting to be ordered.' },
  { tab: 'to-deliver', label: 'Ordered: to deliver', query: { status: 'ordered' }, empty: 'Nothing ordered is waiting to be delivered.' },
  { tab: 'reviews-due', label: 'Reviews due', query: { status: 'delivered', reviewDue: 'true' }, empty: 'No review is due.' },
] as const satisfies readonly { tab: string; label: string; query: QueueQuery; empty: string }[];
export type QueueTab = (typeof QUEUES)[number]['tab'];
