import * as z from 'zod/mini';

/**
 * The plan's next review: a date agreed with the patient in conversation, recorded by the patient or
 * by a contributor (plan:contribute), who it is shown as agreed by; the patient is told when someone
 * else records it. Reminders go before it to the patient and the care team (no clinical content), and
 * the care team's list shows reviews due within a week or overdue. Days are calendar days in UTC.
 */
export const ReviewBody = z.strictObject({ on: z.nullable(z.iso.date()) });

/** The reminders before a review: a week before, and the day before. */
export const REMINDERS = [
  { kind: 'week', days: 7 },
  { kind: 'day', days: 1 },
] as const;
export type ReminderKind = (typeof REMINDERS)[number]['kind'];

const DAY_MS = 86_400_000;

/** The calendar day (UTC) of an instant. */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** A day some days after another. */
export const addDays = (day: string, days: number): string => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** Whole days from `today` to `on` (negative once it has passed). */
export const daysUntil = (on: string, today: string): number => Math.round((Date.parse(`${on}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);

/**
 * Why a review date cannot be set today, or undefined when it can: a review is planned, never in the past.
 * @example reviewDateProblem('2026-01-01', '2026-11-30') // 'must be today or later'
 */
export const reviewDateProblem = (on: string, today: string): string | undefined => (daysUntil(on, today) < 0 ? 'must be today or later' : undefined);

/**
 * The reminder due today for a review on `on`: the nearest one whose time has come, once the review is
 * at most its days away (so a sweep that missed a day still sends it, late rather than never); none
 * after the review day. Each is sent once (the caller records it).
 * @example reminderDue('2026-12-07', '2026-11-30') // 'week'
 */
export const reminderDue = (on: string, today: string): ReminderKind | undefined => {
  const days = daysUntil(on, today);
  if (days < 0) return undefined;
  return [...REMINDERS].sort((a, b) => a.days - b.days).find((r) => days <= r.days)?.kind;
};

/** Where a review stands for the care team's list: due (within a week, today included) or overdue. */
export const reviewStatus = (on: string, today: string): 'due' | 'overdue' | undefined => {
  const days = daysUntil(on, today);
  if (days < 0) return 'overdue';
  return days <= 7 ? 'due' : undefined;
};

/** A review date as people read it: "12 January 2027" (a date, never a clinical word). */
export const reviewDateWords = (on: string): string => new Date(`${on}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
