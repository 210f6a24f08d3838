import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import type { DirectoryUser } from '../../shared/domain/notifications';
import { parseGroups } from '../../shared/http/claims';
import type { Deps } from '../../shared/runtime/deps';
import { isValidNhsNumber, normaliseNhsNumber } from '../../shared/domain/nhs-number';
import { linkNhsNumber as linkNumber, syncDirectoryUser } from '../../shared/store/directory-repository';

/** The part of Cognito's pre token generation event the directory needs: who, in which groups. */
const TokenEvent = z.looseObject({
  triggerSource: z.string().check(z.startsWith('TokenGeneration_')),
  request: z.looseObject({
    userAttributes: z.record(z.string(), z.string()),
    groupConfiguration: z.optional(z.looseObject({ groupsToOverride: z.optional(z.array(z.string())) })),
  }),
});

/**
 * The directory entry a token describes: the user (`sub`, the id the API knows them by), their groups
 * as roles, their name (`given_name`, `family_name`, `nickname` as the name they go by), a patient's `birthdate`, staff's organisation and
 * `custom:role_title`, and their email and phone only once Cognito has verified them (so
 * notifications never go to an address nobody proved). Undefined for another borough's user.
 */
export const directoryUserOf = (event: z.infer<typeof TokenEvent>, boroughId: string): DirectoryUser | undefined => {
  const a = event.request.userAttributes;
  if (!a.sub || a['custom:borough'] !== boroughId) return undefined;
  const roles = parseGroups(event.request.groupConfiguration?.groupsToOverride ?? []);
  const patient = roles.includes('patient');
  return {
    userId: a.sub,
    roles,
    ...(a.given_name && a.family_name ? { name: { given: a.given_name, family: a.family_name, ...(a.nickname ? { preferred: a.nickname } : {}) } } : {}),
    ...(patient && a.birthdate ? { birthDate: a.birthdate } : {}),
    ...(!patient && a['custom:role_title'] ? { roleTitle: a['custom:role_title'] } : {}),
    ...(a['custom:org'] ? { org: a['custom:org'] } : {}),
    ...(a.email && a.email_verified === 'true' ? { email: a.email } : {}),
    ...(a.phone_number && a.phone_number_verified === 'true' ? { phone: a.phone_number } : {}),
  };
};

export const isTokenGenerationEvent = (event: unknown): event is PreTokenGenerationTriggerEvent =>
  typeof event === 'object' && event !== null && String((event as { triggerSource?: unknown }).triggerSource).startsWith('TokenGeneration_');

/**
 * The NHS number a patient was invited with (`custom:nhs_number`, set by operators, never by the
 * user), linked to their id so that GP imports (and paramedics) find them. Only a number that passes
 * the modulus 11 check, and never one already linked to someone else: a clash is an operator's error
 * to resolve, not something a sign-in may overwrite.
 */
const linkNhsNumber = async (deps: Deps, attributes: Record<string, string>, user: DirectoryUser): Promise<'linked' | 'none' | 'invalid' | 'taken'> => {
  const raw = attributes['custom:nhs_number'];
  if (!raw || !user.roles.includes('patient')) return 'none';
  if (!isValidNhsNumber(raw)) return 'invalid';
  return linkNumber(deps.store, deps.config.borough.id, normaliseNhsNumber(raw), user.userId);
};

/**
 * Cognito's pre token generation trigger: each time someone signs in (or refreshes), their directory
 * entry is put from what Cognito holds, so notifications find people by role and organisation
 * without an operator keeping a second list, and a patient's NHS number is linked to them. The token
 * is never changed, and a failure here is logged and never stops a sign-in.
 */
export const makeDirectorySync =
  (deps: Deps) =>
  async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    const { logger } = deps.observability;
    const parsed = TokenEvent.safeParse(event);
    if (!parsed.success) {
      logger.warn('directory sync: not a token generation event we understand', { triggerSource: event.triggerSource });
      return event;
    }
    const user = directoryUserOf(parsed.data, deps.config.borough.id);
    if (!user) return event;
    try {
      await syncDirectoryUser(deps.store, deps.config.borough.id, { ...user, signedInAt: deps.clock().toISOString() });
      // The number itself is never logged: only whether it was linked.
      const nhsNumber = await linkNhsNumber(deps, parsed.data.request.userAttributes, user);
      const log = nhsNumber === 'invalid' || nhsNumber === 'taken' ? logger.error.bind(logger) : logger.info.bind(logger);
      log('directory sync', { userId: user.userId, roles: user.roles, org: user.org, nhsNumber, trigger: event.triggerSource });
    } catch (error) {
      logger.error('directory sync failed; the sign-in goes on', { userId: user.userId, error: error as Error });
    }
    return event;
  };
