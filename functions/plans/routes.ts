import type * as z from 'zod/mini';
import { CrisisPlanBody, CrisisPlanView } from '../../shared/domain/crisis-plan';
import { patientRecord } from '../../shared/record/patient-record';
import { etag, requireIfMatch, staleVersion } from '../../shared/http/preconditions';
import { defineRoute, type Route } from '../../shared/http/route';
import { jsonResponse } from '../../shared/http/responses';
import { logRoutes } from './log-routes';
import { planRoutes } from './plan-routes';
import { crisisPlanKey, fromCrisisPlanItem, putCrisisPlan, type StoredCrisisPlan } from '../../shared/store/crisis-plan-repository';

type View = z.infer<typeof CrisisPlanView>;

const withEtag = (plan: StoredCrisisPlan): Response => jsonResponse(200, plan, etag(plan.version));

/** The crisis plan: one document, readable under emergency access. */
const crisisPlanRoutes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, { patientId: string }, View>({
    method: 'GET',
    path: '/patients/{patientId}/crisis-plan',
    summary: 'The crisis plan: warning signs, what helps, what to avoid, who to contact, medication notes',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'crisis-plan:read', roles: ['clinician', 'paramedic'] },
    response: { status: 200, schema: CrisisPlanView },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const read = await patientRecord(ctx).read((patientId) => [crisisPlanKey(borough, patientId)]);
      return withEtag(fromCrisisPlanItem(read.patientId, read.item(crisisPlanKey(borough, read.patientId))));
    },
  }),
  defineRoute<z.infer<typeof CrisisPlanBody>, Record<string, never>, { patientId: string }, View>({
    method: 'PUT',
    path: '/patients/{patientId}/crisis-plan',
    summary: 'Write the crisis plan (the patient only; If-Match: its version, 0 for the first)',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'plan:write', roles: [] },
    body: CrisisPlanBody,
    response: { status: 200, schema: CrisisPlanView },
    example: { body: { warningSigns: ['not sleeping'], whatHelps: ['a walk'], whatToAvoid: [], contacts: [] }, headers: { 'if-match': '"0"' } },
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      const expected = requireIfMatch(ctx.headers);
      const plan: StoredCrisisPlan = { ...ctx.body, patientId, version: expected + 1, updatedAt: ctx.deps.clock().toISOString() };
      const result = await putCrisisPlan(ctx.deps.store, ctx.deps.config.borough.id, plan, expected);
      if (!result.ok) throw staleVersion(result.currentVersion);
      return withEtag(plan);
    },
  }),
];

/** Plans: "Me and My Goals", the crisis plan and the personal log. */
export const routes: readonly Route[] = [...planRoutes, ...crisisPlanRoutes, ...logRoutes];
