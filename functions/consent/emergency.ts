import { EMERGENCY_ACCESS_MINUTES, type Grant } from '../../shared/domain/grant';
import { patientEvent } from '../../shared/events/outbox';
import { patientRecord } from '../../shared/record/patient-record';
import type { RouteContext } from '../../shared/http/route';
import { toGrantItem } from '../../shared/store/grants-repository';

/**
 * Break-glass for a paramedic: if the patient allowed emergency sharing, `crisis-plan:read` for 30
 * minutes, audited, with an event so the patient hears of it at once. Otherwise 404, audited too.
 */
export const requestEmergencyAccess = (ctx: RouteContext<{ reason: string }, unknown, unknown>): Promise<Grant> =>
  patientRecord(ctx).write(
    () => [],
    (write) => {
      const { deps } = ctx;
      const now = deps.clock();
      const at = now.toISOString();
      const borough = deps.config.borough.id;
      const endsAt = new Date(now.getTime() + EMERGENCY_ACCESS_MINUTES * 60_000).toISOString();
      const grant: Grant = {
        grantId: deps.ids(),
        patientId: write.patientId,
        grantee: { type: 'emergency-access', userId: write.actor.id },
        scopes: ['crisis-plan:read'],
        startsAt: at,
        endsAt,
        reason: ctx.body.reason,
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
      return { items: [{ Put: { TableName: deps.store.tableName, Item: toGrantItem(borough, grant) } }, deps.publisher.outboxItem(event)], result: grant };
    },
  );
