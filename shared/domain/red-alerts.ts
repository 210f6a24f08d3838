import * as z from 'zod/mini';
import { addWorkingHours, WorkingHours } from './working-hours';

/** A number to call when help is needed now, as the borough lists it ("NHS 111, option 2", "111"). */
export const UrgentNumber = z.strictObject({
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  number: z.string().check(z.regex(/^[0-9 +]{3,20}$/, 'must be a phone number')),
});
export type UrgentNumber = z.infer<typeof UrgentNumber>;

/** How a borough answers red alerts: within so many working hours, or they go to the duty team. */
export const AlertSettings = z.strictObject({
  acknowledgeWithinWorkingHours: z.number().check(z.minimum(0.25), z.maximum(40)),
  workingHours: WorkingHours,
  /** Shown to a patient who turns a goal red: the platform is not watched round the clock. */
  urgentNumbers: z.array(UrgentNumber).check(z.minLength(1), z.maxLength(6)),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const ALERT_DEFAULTS: AlertSettings = {
  acknowledgeWithinWorkingHours: 4,
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/London' },
  urgentNumbers: [
    { label: 'NHS 111, option 2 (mental health crisis)', number: '111' },
    { label: 'Emergency: if your life or someone else’s is at risk', number: '999' },
  ],
};

export const ALERT_STATUSES = ['open', 'acknowledged', 'escalated'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** Who acknowledged, signed as they were when they did (name and label, as a step's author). */
export interface Acknowledger {
  userId: string;
  name?: string;
  label?: string;
}

/**
 * A red update asking for help, until someone in the care team answers it. Open, then acknowledged
 * (by whom, when), or escalated to the duty teams of the care team's organisations when nobody did in
 * time; an escalated alert can still be acknowledged (it keeps when and where it was escalated).
 */
export interface RedAlert {
  alertId: string;
  goalId: string;
  updateId: string;
  raisedAt: string;
  dueAt: string;
  status: AlertStatus;
  acknowledgedBy?: Acknowledger;
  acknowledgedAt?: string;
  escalatedAt?: string;
  /** The organisations whose duty teams were told. */
  escalatedTo?: string[];
}

/**
 * The alert id: the time it was raised (13-digit epoch milliseconds) and the update's id, so that a
 * patient's alerts sort by time under their key.
 */
export const alertIdFor = (raisedAt: string, updateId: string): string => `${String(Date.parse(raisedAt)).padStart(13, '0')}-${updateId}`;

/** The alert a red update raises, due after the borough's working hours. */
export const raiseAlert = (settings: AlertSettings, goalId: string, updateId: string, raisedAt: string): RedAlert => ({
  alertId: alertIdFor(raisedAt, updateId),
  goalId,
  updateId,
  raisedAt,
  dueAt: addWorkingHours(new Date(raisedAt), settings.acknowledgeWithinWorkingHours, settings.workingHours).toISOString(),
  status: 'open',
});

/**
 * The organisations whose duty teams hear of an escalated alert: those of the care team holding the
 * scope, the patient's own organisation never among them.
 */
export const dutyOrganisations = (careTeam: readonly { org?: string }[]): string[] => [...new Set(careTeam.map((p) => p.org).filter((org): org is string => org !== undefined))].sort();
