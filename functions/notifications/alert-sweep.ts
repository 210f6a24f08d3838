import { careTeamWith, dutyPeopleOf } from '../../shared/domain/notifications';
import { dutyOrganisations } from '../../shared/domain/red-alerts';
import type { Person } from '../../shared/domain/people';
import { patientEvent } from '../../shared/events/outbox';
import type { Deps } from '../../shared/runtime/deps';
import { dueAlerts, escalateAlertItem, type DueAlert } from '../../shared/store/alert-repository';
import { listStaff } from '../../shared/store/directory-repository';
import { listGrants } from '../../shared/store/grants-repository';
import { transactWrite } from '../../shared/store/transact';
import { cancellationCodes } from '../../shared/store/transaction-errors';

/** The scheduled event (EventBridge, every minute; locally a timer) that escalates red alerts nobody answered in time. */
export interface AlertSweepEvent {
  alertSweep: true;
}

/** Alerts escalated per query; a sweep takes a few such batches, the next sweep the rest. */
export const SWEEP_BATCH = 25;
const SWEEP_ROUNDS = 8;

/**
 * Escalates one alert, once: the alert turns escalated only while it is still open (a conditional
 * update in the event's own transaction), so that two sweeps at once, or an acknowledgement just
 * made, never escalate it twice or undo an answer. The duty teams are those of the organisations of
 * the care team who may read the plan now that have someone on duty.
 */
export const escalateAlert = async (deps: Deps, due: DueAlert, staff: readonly Person[], now: Date): Promise<boolean> => {
  const borough = deps.config.borough.id;
  const grants = await listGrants(deps.store, borough, due.patientId);
  const team = new Set(careTeamWith('plan:read', grants, staff, now).filter((id) => id !== due.patientId));
  // Only organisations with someone on duty: the alert names the teams that were really told.
  const orgs = dutyOrganisations(staff.filter((p) => team.has(p.userId))).filter((org) => dutyPeopleOf([org], staff).length > 0);
  if (orgs.length === 0) deps.observability.logger.error('no duty person in any organisation of the care team', { alertId: due.alert.alertId });
  const at = now.toISOString();
  const event = patientEvent(deps, 'alert.escalated', due.patientId, at, { alertId: due.alert.alertId, goalId: due.alert.goalId, orgs: orgs.join(',') });
  try {
    await transactWrite(deps.store, [escalateAlertItem(deps.store, due.key, orgs, at), deps.publisher.outboxItem(event)]);
    return true;
  } catch (error) {
    // Acknowledged or escalated by another sweep meanwhile: nothing to do. Colliding with another
    // write at the same moment: still in the due index if still open, so the next sweep takes it.
    const code = cancellationCodes(error)?.[0];
    if (code === 'ConditionalCheckFailed' || code === 'TransactionConflict') return false;
    throw error;
  }
};

/**
 * Every open red alert due by now goes to the duty teams. The state is in the table (the due index),
 * so a restart or a missed run loses nothing: the next sweep finds what is still due. One failing
 * alert does not hold back the others; the sweep then fails, for the schedule's retry and alarm.
 */
export const sweepAlerts = async (deps: Deps): Promise<{ escalated: number }> => {
  const borough = deps.config.borough.id;
  const now = deps.clock();
  const { logger } = deps.observability;
  let staff: Promise<Person[]> | undefined;
  let escalated = 0;
  const failed: string[] = [];
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const due = await dueAlerts(deps.store, borough, now, SWEEP_BATCH);
    if (due.length === 0) break;
    const people = await (staff ??= listStaff(deps.store, borough));
    for (const alert of due) {
      try {
        if (await escalateAlert(deps, alert, people, now)) escalated++;
      } catch (error) {
        failed.push(alert.alert.alertId);
        logger.error('an alert could not be escalated', { alertId: alert.alert.alertId, error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (due.length < SWEEP_BATCH || failed.length > 0) break;
  }
  logger.info('alert sweep', { escalated, failed: failed.length });
  if (failed.length > 0) throw new Error(`${failed.length} due alert(s) could not be escalated: ${failed.join(', ')}`);
  return { escalated };
};
