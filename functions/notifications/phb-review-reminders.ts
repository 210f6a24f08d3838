import { dayOf } from '../../shared/domain/reviews';
import { patientEvent } from '../../shared/events/outbox';
import type { Deps } from '../../shared/runtime/deps';
import { putPhbReviewAsked, reviewsDueBy } from '../../shared/store/phb-repository';
import { transactWrite } from '../../shared/store/transact';
import { conditionFailed } from '../../shared/store/transaction-errors';

/**
 * The daily sweep of delivered PHB requests (with the plan review reminders, on the digest's
 * schedule): a patient whose request's review has fallen due is asked, once, whether it helped. The
 * record that they were asked and its event (delivered to the patient without the item or any
 * amount) are one transaction written only if absent: a sweep run twice asks nobody twice. Reads the
 * range of the delivered requests' queue up to today (it is ordered by review day; requests leave it
 * once reviewed or closed), never a Scan.
 * @example await sendPhbReviewReminders(deps) // { sent: 2 }
 */
export const sendPhbReviewReminders = async (deps: Pick<Deps, 'store' | 'config' | 'clock' | 'ids' | 'publisher'>): Promise<{ sent: number }> => {
  const borough = deps.config.borough.id;
  const now = deps.clock();
  const today = dayOf(now);
  const at = now.toISOString();
  let sent = 0;
  for (const request of await reviewsDueBy(deps.store, borough, today)) {
    // A request delivered before its queue was ordered by review day may sit in the range without being due.
    if (!request.reviewDueOn || request.reviewDueOn > today) continue;
    const event = patientEvent(deps, 'phb.review-due', request.patientId, at, { requestId: request.requestId });
    try {
      await transactWrite(deps.store, [putPhbReviewAsked(deps.store, borough, request.patientId, request.requestId, at), deps.publisher.outboxItem(event)]);
      sent++;
    } catch (error) {
      // Asked already (an earlier run, or a retry): nothing to do.
      if (!conditionFailed(error)) throw error;
    }
  }
  return { sent };
};
