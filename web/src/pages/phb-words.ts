/** What the web says of PHB requests: their kinds, their states, their days. */
import type { Answer } from '../api';

/** A PHB request as the API answers it. */
export type PhbRequest = Answer<'/patients/{patientId}/phb-requests', 'post'>;
type Category = PhbRequest['category'];

/** Each kind of thing asked for, as a person would say it. */
export const CATEGORY_WORDS: Record<Category, string> = {
  phone: 'A phone',
  laptop: 'A laptop',
  tablet: 'A tablet',
  gym: 'Gym membership',
  swimming: 'Swimming',
  class: 'A class or course',
  'cinema-club': 'Cinema club',
  'therapy-app': 'A therapy app',
  other: 'Something else',
};

/** Where a request is, in words. */
export const STATUS_WORDS: Record<PhbRequest['status'], string> = {
  submitted: 'Waiting for a decision',
  'info-requested': 'The advisor has a question',
  approved: 'Approved',
  declined: 'Declined',
  ordered: 'Ordered',
  delivered: 'Delivered',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
};

/** A day (`2026-12-01`, or the day of an instant) in words: 1 December 2026. */
export const dayWords = (day: string): string => new Date(`${day.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
