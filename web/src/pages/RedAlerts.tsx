import type { Answer } from '../api';
import { useApp } from '../app-context';
import { useAction } from '../action';
import { CrisisNumbers } from '../components/CrisisNumbers';
import { ErrorSummary } from '../components/ErrorSummary';
import { Saved } from '../components/Saved';

export type RedAlert = Answer<'/patients/{patientId}/alerts'>['items'][number];
/** What a red update answers the patient: whom to call now (their crisis plan's contacts, the borough's urgent numbers). */
export type UrgentHelp = NonNullable<Answer<'/patients/{patientId}/goals/{goalId}/updates', 'post'>['help']>;

const at = (iso: string): string => new Date(iso).toLocaleString('en-GB', { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'long' });

/** The newest alert of each goal (the list is newest first). */
export const latestAlertByGoal = (alerts: readonly RedAlert[]): Map<string, RedAlert> => {
  const latest = new Map<string, RedAlert>();
  for (const alert of alerts) if (!latest.has(alert.goalId)) latest.set(alert.goalId, alert);
  return latest;
};

/** Where a red goal's call for help stands, in words: who saw it and when, or that nobody has yet, or where it went. */
const standing = (alert: RedAlert, mine: boolean): string[] => {
  const lines: string[] = [];
  if (alert.acknowledged) lines.push(`${mine ? 'Seen by' : 'Taken by'} ${alert.acknowledged.by.label} at ${at(alert.acknowledged.at)}${mine ? ', who will contact you' : ''}.`);
  if (alert.escalated)
    lines.push(
      alert.escalated.to.length > 0
        ? `Passed to the ${alert.escalated.to.join(' and ')} at ${at(alert.escalated.at)}.`
        : `Not answered in time, and no duty team could be reached (${at(alert.escalated.at)}).`,
    );
  if (lines.length === 0) lines.push(mine ? 'Not seen yet.' : 'Nobody has said they will contact them yet.');
  return lines;
};

/**
 * A red goal's alert: to the patient, who saw it; to the care team, whether someone took it, and the
 * button to take it ("I've seen this and will contact them").
 */
export const AlertStatus = ({ alert, patientId, mine, patientName, onChange }: { alert: RedAlert; patientId: string; mine: boolean; patientName?: string; onChange: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onChange);
  const take = () =>
    action.run(
      () => api.POST('/patients/{patientId}/alerts/{alertId}/acknowledgement', { params: { path: { patientId, alertId: alert.alertId } } }),
      (answer) => (answer.acknowledged ? `${answer.acknowledged.by.name} has said they will contact ${patientName ?? 'them'}.` : 'Done.'),
    );
  return (
    <div class="app-alert-status">
      {standing(alert, mine).map((line) => (
        <p class="nhsuk-body-s" key={line}>
          {line}
        </p>
      ))}
      <ErrorSummary error={action.error} />
      <Saved message={action.saved} />
      {!mine && !alert.acknowledged && (
        <button type="button" class="nhsuk-button nhsuk-button--warning app-small-button" onClick={() => void take()}>
          I’ve seen this and will contact {patientName ?? 'them'}
        </button>
      )}
    </div>
  );
};

/** Shown to a patient who has just asked for help: the platform is not watched round the clock. */
export const UrgentHelpPanel = ({ help }: { help: UrgentHelp }) => (
  <div class="nhsuk-warning-callout" role="region" aria-label="If you need help now">
    <h4 class="nhsuk-warning-callout__label">
      <span class="nhsuk-u-visually-hidden">Important: </span>If you need help now
    </h4>
    <p>Your care team may not see this straight away. If you need help now:</p>
    <CrisisNumbers contacts={help.contacts} urgentNumbers={help.urgentNumbers} />
  </div>
);
