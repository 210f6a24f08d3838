import { addDays, dayOf, reminderDue, REMINDERS } from '../../shared/domain/reviews';
import { patientEvent } from '../../shared/events/outbox';
import type { Deps } from '../../shared/runtime/deps';
import { putReminderSent, reviewsBetween } from '../../shared/store/review-repository';
import { transactWrite } from '../../shared/store/transact';
import { conditionFailed } from '../../shared/store/transaction-errors';

/**
 * The daily sweep of plan reviews, run with the daily digest (the same schedule): for each plan whose
 * review is at most a week away, the reminder due today, once. The reminder's record and its event
 * (which the stream delivers to the patient and the care team, without clinical content) are one
 * transaction whose record is written only if absent: a sweep run twice, or again after a failure,
 * sends nothing twice. Reads the reviews' index (one Query per page), never a Scan.
 * @example await sendReviewReminders(deps) // { sent: 3 }
 */
export const sendReviewReminders = async (deps: Pick<Deps, 'store' | 'config' | 'clock' | 'ids' | 'publisher'>): Promise<{ sent: number }> => {
  const borough = deps.config.borough.id;
  const now = deps.clock();
  const today = dayOf(now);
  const at = now.toISOString();
  const horizon = Math.max(...REMINDERS.map((r) => r.days));
  let sent = 0;
  for (const { patientId, on } of await reviewsBetween(deps.store, borough, today, addDays(today, horizon))) {
    const kind = reminderDue(on, today);
    if (!kind) continue;
    const event = patientEvent(deps, 'plan.review-due', patientId, at, { on, kind });
    try {
      await transactWrite(deps.store, [putReminderSent(deps.store, borough, patientId, on, kind, at), deps.publisher.outboxItem(event)]);
      sent++;
    } catch (error) {
      // Sent already (an earlier run today, or a retry): nothing to do.
      if (!conditionFailed(error)) throw error;
    }
  }
  return { sent };
};
