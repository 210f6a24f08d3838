import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import type { Role } from '../../shared/domain/actor';
import { parseGroups } from '../../shared/http/claims';
import type { MfaSettings } from '../../shared/runtime/cognito-mfa-settings';

/** Roles that see other people's records: each needs a second factor to sign in (issue 26 item 7). */
export const STAFF_ROLES: ReadonlySet<Role> = new Set(['clinician', 'phb-advisor', 'operator', 'paramedic']);

/** Which second factors a user has turned on (Cognito's `UserMFASettingList`). */
export type { MfaSettings };

/** What the person signing in is told; Cognito shows it on the sign-in page. */
export const STAFF_MFA_REQUIRED = 'Staff accounts need two-step verification. Ask your operator to turn it on for your account.';

/**
 * Cognito can require MFA of a whole user pool only, and patients must be able to sign in without it;
 * so the sign-in trigger refuses a token to anyone in a staff group without a second factor on
 * (an operator turns email codes on at invitation: docs/first-deploy.md). Throwing here makes
 * Cognito fail the sign-in or the refresh.
 */
export const requireStaffMfa = async (settings: MfaSettings, event: Pick<PreTokenGenerationTriggerEvent, 'userPoolId' | 'userName' | 'request'>): Promise<void> => {
  const roles = parseGroups(event.request.groupConfiguration.groupsToOverride ?? []);
  if (!roles.some((role) => STAFF_ROLES.has(role))) return;
  const factors = await settings.enabledFactors(event.userPoolId, event.userName);
  if (factors.length === 0) throw new Error(STAFF_MFA_REQUIRED);
};
