import type { Role } from './actor';
import type { ConsentAction } from './consent';

/**
 * The parts of a patient's record a care team member may open, each with the consent action and the
 * roles of the route that reads it (held equal to those routes by test/unit/record-views.test.ts), so
 * that "shared with me" says exactly what those routes would allow.
 */
export const RECORD_VIEWS = {
  plan: { action: 'plan:read', roles: ['clinician', 'phb-advisor'] },
  'crisis-plan': { action: 'crisis-plan:read', roles: ['clinician', 'paramedic'] },
  log: { action: 'log:read', roles: ['clinician'] },
  health: { action: 'health:read', roles: ['clinician'] },
  phb: { action: 'phb:read', roles: ['clinician', 'phb-advisor'] },
} as const satisfies Record<string, { action: ConsentAction; roles: readonly Role[] }>;

export type RecordView = keyof typeof RECORD_VIEWS;
export const RECORD_VIEW_NAMES = Object.keys(RECORD_VIEWS) as [RecordView, ...RecordView[]];

/** The route (method GET) that reads each view: what the test compares with. */
export const RECORD_VIEW_ROUTES: Readonly<Record<RecordView, string>> = {
  plan: '/patients/{patientId}/plan',
  'crisis-plan': '/patients/{patientId}/crisis-plan',
  log: '/patients/{patientId}/log',
  health: '/patients/{patientId}/measurements',
  phb: '/patients/{patientId}/budget',
};
