import * as z from 'zod/mini';
import { EMERGENCY_ACCESS_MINUTES, type Grant } from '../../shared/domain/grant';
import { BirthDate, NhsNumber, patientBanner, type PatientBanner } from '../../shared/domain/people';
import { patientEvent } from '../../shared/events/outbox';
import { TooManyRequestsError } from '../../shared/http/problem';
import { callerOf } from '../../shared/http/request-actor';
import type { RouteContext } from '../../shared/http/route';
import { identifyPatient } from '../../shared/record/identify-patients';
import { patientRecord, type PatientRecord } from '../../shared/record/patient-record';
import { toGrantItem } from '../../shared/store/grants-repository';
import { countAttempt, type RateLimit } from '../../shared/store/rate-limit';

const Reason = z.string().check(z.minLength(10, 'must say why, in at least 10 characters'), z.maxLength(500));

/** A paramedic names the person by NHS number and date of birth: both must match. */
export const EmergencyFindBody = z.strictObject({ nhsNumber: NhsNumber, birthDate: BirthDate, reason: Reason });

/** Enough for a shift's calls and a few typing mistakes; far too few to probe who is registered. */
export const EMERGENCY_FIND_LIMIT: RateLimit = { perWindow: 10, windowSeconds: 15 * 60 };

/**
 * Break-glass on a record the caller may open: if the patient allowed emergency sharing,
 * `crisis-plan:read` for 30 minutes, audited, with an event so the patient hears of it at once.
 * Otherwise the record's refusal: 404, audited too.
 */
export const openEmergencyAccess = (ctx: RouteContext<unknown, unknown, unknown>, reason: string, record: PatientRecord = patientRecord(ctx)): Promise<Grant> =>
  record.write(
    () => [],
    (write) => {
      const { deps } = ctx;
      const now = deps.clock();
      const at = now.toISOString();
      const endsAt = new Date(now.getTime() + EMERGENCY_ACCESS_MINUTES * 60_000).toISOString();
      const grant: Grant = {
        grantId: deps.ids(),
        patientId: write.patientId,
        grantee: { type: 'emergency-access', userId: write.actor.id },
        scopes: ['crisis-plan:read'],
        startsAt: at,
        endsAt,
        reason,
        ...(write.decision.reason === 'grant' ? { viaGrantId: write.decision.grantId } : {}),
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      const event = patientEvent(deps, 'emergency-access.granted', write.patientId, at, {
        grantId: grant.grantId,
        paramedicId: write.actor.id,
        ...(write.actor.org ? { paramedicOrg: write.actor.org } : {}),
        endsAt,
      });
      // A new request opens a new 30-minute window, with its own reason and audit entry.
      return { items: [{ Put: { TableName: deps.store.tableName, Item: toGrantItem(deps.config.borough.id, grant) } }, deps.publisher.outboxItem(event)], result: grant };
    },
    { action: 'emergency-access' },
  );

/**
 * A paramedic finds the patient by NHS number and date of birth and opens their crisis plan. No such
 * person, a date of birth that does not match and no emergency sharing all answer the same 404, each
 * audited (a mismatch in the log of the number, never in the record of the person it belongs to), and
 * the attempts of each paramedic are limited.
 */
export const findForEmergency = async (ctx: RouteContext<z.infer<typeof EmergencyFindBody>, unknown, unknown>): Promise<{ grant: Grant; patient: PatientBanner }> => {
  const { deps, body } = ctx;
  const rate = await countAttempt(deps.store, deps.config.borough.id, 'emergency-find', callerOf(ctx).id, EMERGENCY_FIND_LIMIT, deps.clock());
  if (!rate.allowed) throw new TooManyRequestsError('Too many searches in a short time: wait a few minutes, or call the clinical hub.', rate.retryAfterSeconds);
  const found = await identifyPatient(deps, body);
  const grant = await openEmergencyAccess(ctx, body.reason, patientRecord(ctx, found.noPatient ? { patientId: found.patientId, noPatient: true } : { patientId: found.patientId }));
  // The record refuses an unidentified person (noPatient) before this line: a grant means a person.
  if (found.noPatient) throw new Error('emergency access was granted on no identified patient');
  return { grant, patient: patientBanner(found.person) };
};
