import * as z from 'zod/mini';
import { auditFacts } from '../../shared/domain/audit';
import { CASELOAD_PAGE, compareCases, matchesSearch } from '../../shared/domain/caseload';
import { decideAccess, type ConsentDecision } from '../../shared/domain/consent';
import { ATTENTION, attentionOf, EMPTY_GLANCE, type Glance } from '../../shared/domain/glance';
import { grantState, type Grant } from '../../shared/domain/grant';
import { patientBanner, PatientBanner } from '../../shared/domain/people';
import { RAG } from '../../shared/domain/plan';
import { RECORD_VIEWS } from '../../shared/domain/record-views';
import { dayOf, reviewStatus } from '../../shared/domain/reviews';
import { decodeCursor, encodeCursor, pageQuery } from '../../shared/http/pagination';
import { callerOf } from '../../shared/http/request-actor';
import { defineRoute } from '../../shared/http/route';
import { appendAuditEntries, readAuditHeads } from '../../shared/store/audit-repository';
import { getPeople } from '../../shared/store/directory-repository';
import { readGlances } from '../../shared/store/glance-repository';
import { everyGrantSharedWith } from '../../shared/store/shared-with-repository';

export const CaseloadQuery = z.strictObject({
  /** A name (each word the start of a name) or the start of an NHS number. */
  q: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(CASELOAD_PAGE))),
  cursor: pageQuery.cursor,
});

const PlanGlance = z.strictObject({
  /** The open goals in the plan's order, each with its latest RAG. */
  goals: z.array(z.strictObject({ goalId: z.string(), description: z.string(), rag: z.optional(z.strictObject({ status: z.enum(RAG), at: z.string() })) })),
  /** Red alerts nobody has acknowledged yet, oldest first: `open`, or `escalated` to the duty teams. */
  openAlerts: z.array(z.strictObject({ alertId: z.string(), goalId: z.string(), status: z.enum(['open', 'escalated']), raisedAt: z.string() })),
  /** The next review: `due` within a week, `overdue` once past. */
  review: z.optional(z.strictObject({ on: z.string(), status: z.optional(z.enum(['due', 'overdue'])) })),
  /** When the patient last did something themself (a log entry, a RAG update, a measurement...). */
  lastActivityAt: z.optional(z.string()),
});

const CaseloadEntry = z.strictObject({
  patientId: z.string(),
  /** The patient banner: name, date of birth, NHS number (3-3-4). */
  patient: PatientBanner,
  scopes: z.array(z.string()),
  /** Why they come first: an alert nobody acknowledged, an escalated one, a red goal, a review due; or `none`. */
  attention: z.enum(ATTENTION),
  /** What the list shows of the plan, to a reader of the plan only (plan:read in force); each showing is audited. */
  plan: z.optional(PlanGlance),
});
type CaseloadEntryT = z.infer<typeof CaseloadEntry>;

export const CaseloadPage = z.strictObject({
  items: z.array(CaseloadEntry),
  /** How many patients the list (or the search) holds in all. */
  total: z.int(),
  nextCursor: z.optional(z.string()),
});
type CaseloadPageT = z.infer<typeof CaseloadPage>;

/** The last patient of the page, their attention then, and their position (for a next page once they have left the list). No names: cursors travel in addresses. */
const CursorShape = z.strictObject({ after: z.string().check(z.maxLength(128)), attention: z.enum(ATTENTION), at: z.int().check(z.minimum(0)) });

/** Each patient who shares with me, with the scopes in force of their grants to me or my team (emergency access is not a caseload). */
export const sharingInForce = (grants: readonly Grant[], now: Date): Map<string, { scopes: string[]; grants: Grant[] }> => {
  const byPatient = new Map<string, { scopes: string[]; grants: Grant[] }>();
  for (const grant of grants) {
    if (grantState(grant, now) !== 'active' || grant.grantee.type === 'emergency') continue;
    const entry = byPatient.get(grant.patientId) ?? { scopes: [], grants: [] };
    entry.grants.push(grant);
    entry.scopes = [...new Set([...entry.scopes, ...grant.scopes])].sort();
    byPatient.set(grant.patientId, entry);
  }
  return byPatient;
};

const planView = (glance: Glance, today: string): z.infer<typeof PlanGlance> => {
  const status = glance.reviewOn ? reviewStatus(glance.reviewOn, today) : undefined;
  return {
    goals: glance.goals,
    openAlerts: glance.openAlerts,
    ...(glance.reviewOn ? { review: { on: glance.reviewOn, ...(status ? { status } : {}) } } : {}),
    ...(glance.lastActivityAt ? { lastActivityAt: glance.lastActivityAt } : {}),
  };
};

/**
 * The list a clinician works from: every patient who shares with me, most urgent first, then by family
 * name; searched by name or NHS number; 50 a page. Two round trips of reads whatever the caseload: the
 * grantee index's queries, then by key (all in flight together) the directory entries, and for readers
 * of the plan their glances and audit heads; then one audit write for the plan readers on the page.
 */
export const caseloadRoute = defineRoute<undefined, z.infer<typeof CaseloadQuery>, Record<string, string>, CaseloadPageT>({
  method: 'GET',
  path: '/me/caseload',
  summary:
    'The list I work from: patients who share with me or my team, those needing attention first (a red alert nobody acknowledged, one escalated, a red goal, a review due), then by family name; with each open goal’s latest RAG, open alerts, the next review and the last activity to readers of the plan; search `q` by name or NHS number; 50 a page',
  tags: ['consent'],
  access: { kind: 'roles', roles: ['clinician', 'phb-advisor'] },
  query: CaseloadQuery,
  response: { status: 200, schema: CaseloadPage },
  example: { query: { q: 'brown' } },
  handle: async (ctx) => {
    const actor = callerOf(ctx);
    const { store } = ctx.deps;
    const borough = ctx.deps.config.borough.id;
    const now = ctx.deps.clock();
    const today = dayOf(now);
    const after = decodeCursor(ctx.query.cursor, CursorShape);
    const q = ctx.query.q?.trim();

    // A paramedic's broken glass (emergency access) is not a caseload.
    const grants = (await everyGrantSharedWith(store, borough, actor)).filter((g) => g.grantee.type !== 'emergency-access');
    // Nobody works on their own record as staff: a clinician who is also a patient is not in their own list.
    const sharing = [...sharingInForce(grants, now)].filter(([patientId]) => patientId !== actor.id);
    const decisions = new Map<string, ConsentDecision>(
      sharing.map(([patientId]) => [patientId, decideAccess(actor, RECORD_VIEWS.plan.action, { borough, patientId }, grants, now, RECORD_VIEWS.plan.roles)]),
    );
    const readers = sharing.map(([patientId]) => patientId).filter((id) => decisions.get(id)?.allow);
    const [people, glances, heads] = await Promise.all([
      getPeople(
        store,
        borough,
        sharing.map(([patientId]) => patientId),
        { consistent: false },
      ),
      readGlances(store, borough, readers),
      readAuditHeads(store, borough, readers),
    ]);

    const rows = sharing
      .map(([patientId, { scopes }]) => {
        const decision = decisions.get(patientId);
        const glance = decision?.allow ? (glances.get(patientId) ?? EMPTY_GLANCE) : undefined;
        const patient = patientBanner(people.get(patientId) ?? { userId: patientId, roles: ['patient'] });
        return { patientId, patient, scopes, glance, attention: attentionOf(glance, today), shown: glance && decision };
      })
      .filter((row) => !q || matchesSearch(row.patient, q))
      .sort(compareCases);
    // The next page begins after where the last patient shown stood (their attention then, their name
    // now): a patient whose attention changed meanwhile moves, the others are neither skipped nor
    // repeated. If they have since left the list, at their position then.
    const lastShown = after ? rows.find((row) => row.patientId === after.after) : undefined;
    const resumeAt = (cursor: z.infer<typeof CursorShape>): number => {
      if (!lastShown) return cursor.at;
      const next = rows.findIndex((row) => compareCases(row, { attention: cursor.attention, patient: lastShown.patient }) > 0);
      return next === -1 ? rows.length : next;
    };
    const from = after ? resumeAt(after) : 0;
    const page = rows.slice(from, from + (ctx.query.limit ?? CASELOAD_PAGE));
    const last = page.at(-1);

    // What the page shows of each plan is a read of that patient's plan: in their access log.
    await appendAuditEntries(
      store,
      borough,
      page.flatMap((row) => (row.shown ? [auditFacts(actor, row.patientId, RECORD_VIEWS.plan.action, ctx.operation, row.shown, now)] : [])),
      await ctx.deps.auditKey.current(),
      heads,
    );
    const items = page.map((row): CaseloadEntryT => ({
      patientId: row.patientId,
      patient: row.patient,
      scopes: row.scopes,
      attention: row.attention,
      ...(row.glance ? { plan: planView(row.glance, today) } : {}),
    }));
    const more = last !== undefined && from + page.length < rows.length;
    return {
      items,
      total: rows.length,
      ...(more ? { nextCursor: encodeCursor({ after: last.patientId, attention: last.attention, at: from + page.length }) } : {}),
    };
  },
});
