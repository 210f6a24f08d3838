import type { Role } from '../../shared/domain/actor';
import { ADVISOR_ONLY_ACTIONS, RECORDS_ACTIONS, SCOPE_OF_ACTION } from '../../shared/domain/consent';
import type { Route } from '../../shared/http/route';

/** A demo user of each role. */
export const CALLER_OF_ROLE: Record<Role, string> = {
  patient: 'sally',
  clinician: 'miriam',
  'phb-advisor': 'advisor',
  operator: 'operator',
  paramedic: 'paramedic',
  integration: 'gp-system',
  duty: 'duty-elft',
};

/**
 * People who are patients and staff at once (a nurse who is also a patient of the borough): on their
 * own record they act as the patient only, on another's as staff.
 */
export const DUAL_ROLES: Record<string, { roles: Role[]; org: string }> = {
  'patient+advisor': { roles: ['patient', 'phb-advisor'], org: 'advocacy-project' },
  'patient+clinician': { roles: ['patient', 'clinician'], org: 'elft' },
  'patient+operator': { roles: ['patient', 'operator'], org: 'nel-ics' },
  'patient+paramedic': { roles: ['patient', 'paramedic'], org: 'london-ambulance' },
};

/** A demo user the route's rule lets in on Sally's data (none for a public route). */
export const callerFor = (route: Route): string | undefined => {
  const access = route.access;
  if (access.kind === 'public') return undefined;
  if (access.kind === 'roles') return CALLER_OF_ROLE[access.roles[0]!];
  if (access.kind === 'client') return CALLER_OF_ROLE.integration;
  if (access.kind === 'patient-data' && ADVISOR_ONLY_ACTIONS.has(access.action)) return 'advisor';
  if (access.kind === 'patient-data' && access.action === 'emergency-access') return 'paramedic';
  // Staff asking what a patient shares with them (never on their own record): the coach holds the example grant.
  if (access.kind === 'patient-data' && access.action === 'sharing:read') return 'coach';
  // Staff's answer to the patient (acknowledging a red alert): a clinician, under a grant of the scope it needs.
  if (access.kind === 'patient-data' && SCOPE_OF_ACTION[access.action]) return CALLER_OF_ROLE.clinician;
  // Records management (a legal hold): an operator, without a grant.
  if (access.kind === 'patient-data' && RECORDS_ACTIONS.has(access.action)) return CALLER_OF_ROLE.operator;
  return 'sally';
};
