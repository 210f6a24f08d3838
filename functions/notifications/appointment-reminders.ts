import { londonDay, londonDayStart } from '../../shared/domain/calendar';
import { addDays } from '../../shared/domain/reviews';
import { patientEvent } from '../../shared/events/outbox';
import type { Deps } from '../../shared/runtime/deps';
import { appointmentsStartingBetween, putAppointmentReminderSent } from '../../shared/store/appointments-repository';
import { transactWrite } from '../../shared/store/transact';
import { conditionFailed } from '../../shared/store/transaction-errors';

/**
 * The daily sweep of appointments (with the plan review reminders, on the digest's schedule): each
 * patient with an appointment starting tomorrow (a London day, from midnight to midnight there) is
 * reminded once per appointment and day.
 * The record that the reminder was sent and its event (delivered to the patient alone, without whom
 * with, where or what for) are one transaction written only if absent: a sweep run twice sends
 * nothing twice, and an appointment moved to another day is reminded for its new day. Cancelled
 * appointments are not in the index it reads (one Query per page), never a Scan.
 * @example await sendAppointmentReminders(deps) // { sent: 4 }
 */
export const sendAppointmentReminders = async (deps: Pick<Deps, 'store' | 'config' | 'clock' | 'ids' | 'publisher'>): Promise<{ sent: number }> => {
  const borough = deps.config.borough.id;
  const now = deps.clock();
  const tomorrow = addDays(londonDay(now), 1);
  const at = now.toISOString();
  let sent = 0;
  for (const { patientId, appointmentId } of await appointmentsStartingBetween(deps.store, borough, londonDayStart(tomorrow), londonDayStart(addDays(tomorrow, 1)))) {
    const event = patientEvent(deps, 'appointment.reminder', patientId, at, { appointmentId });
    try {
      await transactWrite(deps.store, [putAppointmentReminderSent(deps.store, borough, patientId, appointmentId, tomorrow, at), deps.publisher.outboxItem(event)]);
      sent++;
    } catch (error) {
      // Sent already (an earlier run today, or a retry): nothing to do.
      if (!conditionFailed(error)) throw error;
    }
  }
  return { sent };
};
