import * as z from 'zod/mini';
import { ALERT_STATUSES, type RedAlert } from '../../shared/domain/red-alerts';
import { PatientBanner } from '../../shared/domain/people';
import { patientEvent } from '../../shared/events/outbox';
import type { Page } from '../../shared/http/pagination';
import { NotFoundError } from '../../shared/http/problem';
import { defineRoute, type Route, type RouteContext } from '../../shared/http/route';
import { newestFirstPage } from '../../shared/record/patient-lists';
import { patientRecord } from '../../shared/record/patient-record';
import { bannerFrom, callerKey, callerView, patientPageSchema, signWriters } from '../../shared/record/named-people';
import { acknowledgeAlertItem, alertKey, fromAlertItem } from '../../shared/store/alert-repository';
import { keyId } from '../../shared/store/batch-get';
import { SK } from '../../shared/store/keys';
import { PageQuery } from './schemas';

type AnyContext = RouteContext<unknown, unknown, unknown>;

const id = z.string().check(z.regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be an id'));
const AlertParams = z.strictObject({ patientId: id, alertId: id });
type AlertParamsT = z.infer<typeof AlertParams>;

/** A red alert as the patient and their care team see it: who answered and when, or where it went; people and teams by name. */
export const AlertView = z.strictObject({
  alertId: z.string(),
  goalId: z.string(),
  raisedAt: z.string(),
  /** When it goes to the duty teams if nobody has acknowledged it. */
  dueAt: z.string(),
  status: z.enum(ALERT_STATUSES),
  acknowledged: z.optional(z.strictObject({ by: z.strictObject({ name: z.string(), label: z.string() }), at: z.string() })),
  escalated: z.optional(z.strictObject({ at: z.string(), to: z.array(z.string()) })),
});
type AlertViewT = z.infer<typeof AlertView>;

/** How alerts are shown: each acknowledger by name (looked up only for those who did not sign), each duty team by its organisation's name. */
const alertViewer = async (ctx: AnyContext, alerts: readonly RedAlert[]): Promise<(alert: RedAlert) => AlertViewT> => {
  const sign = await signWriters(
    ctx,
    alerts.flatMap((a) => (a.acknowledgedBy ? [a.acknowledgedBy] : [])),
  );
  const organisations = ctx.deps.config.borough.organisations;
  const teamName = (org: string): string => {
    const found = organisations.find((o) => o.id === org);
    return found ? `${found.shortName ?? found.name} duty team` : 'A duty team';
  };
  return (a) => {
    const by = a.acknowledgedBy ? sign(a.acknowledgedBy) : undefined;
    return {
      alertId: a.alertId,
      goalId: a.goalId,
      raisedAt: a.raisedAt,
      dueAt: a.dueAt,
      status: a.status,
      ...(by && a.acknowledgedAt ? { acknowledged: { by: { name: by.name, label: by.label }, at: a.acknowledgedAt } } : {}),
      ...(a.escalatedAt ? { escalated: { at: a.escalatedAt, to: (a.escalatedTo ?? []).map(teamName) } } : {}),
    };
  };
};

/** The example alert of the access matrix (test/support/fixtures.ts puts it with the example plan). */
export const EXAMPLE_ALERT_ID = '0000000000001-alert-example';

/**
 * Red alerts: each red update raises one (functions/plans/routes.ts, in the update's transaction); a
 * member of the care team acknowledges it, or the sweep (functions/notifications/alert-sweep.ts)
 * escalates it to the duty teams when the borough's working hours run out.
 */
export const alertRoutes: readonly Route[] = [
  defineRoute<undefined, z.infer<typeof PageQuery>, { patientId: string }, Page<AlertViewT> & { patient?: PatientBanner }>({
    method: 'GET',
    path: '/patients/{patientId}/alerts',
    summary: 'Red alerts, newest first: open, acknowledged (by whom, when) or escalated to a duty team',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'plan:read', roles: ['clinician', 'phb-advisor'] },
    query: PageQuery,
    response: { status: 200, schema: patientPageSchema(AlertView) },
    handle: async (ctx) => {
      const read = await newestFirstPage(ctx, SK.alertPrefix, { map: fromAlertItem });
      const view = await alertViewer(ctx, read.page.items);
      return { ...read.page, items: read.page.items.map(view), ...bannerFrom(ctx, read) };
    },
  }),
  defineRoute<undefined, Record<string, never>, AlertParamsT, AlertViewT>({
    method: 'POST',
    path: '/patients/{patientId}/alerts/{alertId}/acknowledgement',
    summary: '"I\'ve seen this and will contact you": a member of the care team (plan:read) answers a red alert, once; the patient is told who',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'alert:acknowledge', roles: ['clinician'] },
    params: AlertParams,
    response: { status: 200, schema: AlertView },
    example: { params: { alertId: EXAMPLE_ALERT_ID } },
    handle: async (ctx) => {
      const { deps } = ctx;
      const borough = deps.config.borough.id;
      const keyOf = (patientId: string) => alertKey(borough, patientId, ctx.params.alertId);
      const alert = await patientRecord(ctx).write(
        (patientId) => [keyOf(patientId), callerKey(ctx)],
        (write) => {
          const found = write.found.get(keyId(keyOf(write.patientId)));
          if (!found) throw new NotFoundError('There is no such alert in this record.');
          const current = fromAlertItem(found);
          // Someone answered first: the answer names them (the access is still audited).
          if (current.status === 'acknowledged') return { items: [], result: current };
          const at = deps.clock().toISOString();
          const me = callerView(ctx, write.found);
          const by = { userId: write.actor.id, ...(me ? { name: me.name, label: me.label } : {}) };
          const told = patientEvent(deps, 'alert.acknowledged', write.patientId, at, { alertId: current.alertId, goalId: current.goalId, byUserId: write.actor.id });
          return {
            items: [acknowledgeAlertItem(deps.store, keyOf(write.patientId), by, at), deps.publisher.outboxItem(told)],
            result: { ...current, status: 'acknowledged' as const, acknowledgedBy: by, acknowledgedAt: at },
            // Acknowledged by someone else meanwhile: read again, and answer with theirs.
            onConditionFailed: (index) => (index === 0 ? 'retry' : new Error(`write ${index} of an acknowledgement failed its condition`)),
          };
        },
      );
      return (await alertViewer(ctx, [alert]))(alert);
    },
  }),
];
