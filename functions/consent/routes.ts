import * as z from 'zod/mini';
import { EmergencyAccessBody, GrantChangeBody, GrantCreateBody, GrantView } from '../../shared/domain/grant-schemas';
import { toFhirConsentBundle } from '../../shared/domain/fhir-consent';
import { decodeCursor, encodeCursor, pageQuery, pageSchema, DEFAULT_LIMIT, type Page } from '../../shared/http/pagination';
import { patientRecord } from '../../shared/record/patient-record';
import { etag, requireIfMatch } from '../../shared/http/preconditions';
import { NotFoundError } from '../../shared/http/problem';
import { defineRoute, type Route } from '../../shared/http/route';
import { jsonResponse } from '../../shared/http/responses';
import { listAuditEntries } from '../../shared/store/audit-repository';
import { listGrants, listGrantsPage } from '../../shared/store/grants-repository';
import { grantsSharedWith } from '../../shared/store/shared-with-repository';
import { EmergencyFindBody, findForEmergency, openEmergencyAccess } from './emergency';
import { changeGrant, createGrant, revokeGrant, viewOf, viewsOf, type GrantViewT } from './grants';
import { callerOf } from '../../shared/http/request-actor';
import { compareBanners, PatientBanner, patientBanner } from '../../shared/domain/people';
import { getPeople } from '../../shared/store/directory-repository';
import { DirectoryQuery, DirectorySearchView } from '../../shared/domain/directory-search';
import { findPeopleToShareWith } from './directory';
import { actorLabels } from './access-log';
import { sharedWithMeRoute } from './shared-with-me';
import { caseloadRoute, sharingInForce } from './caseload';

const GrantsQuery = z.strictObject({ format: z.optional(z.enum(['json', 'fhir'])), ...pageQuery });
const GrantParams = z.strictObject({ patientId: z.string().check(z.regex(/^[A-Za-z0-9._@+-]{1,128}$/)), grantId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/)) });
const PageQuery = z.strictObject(pageQuery);

const AccessLogEntry = z.strictObject({
  seq: z.int(),
  at: z.string(),
  actorId: z.string(),
  /** Who, as the page shows them: "Miriam Okafor, Psychotherapist, ELFT" (never their id). */
  actorLabel: z.string(),
  actorOrg: z.optional(z.string()),
  actorRoles: z.array(z.string()),
  action: z.string(),
  operation: z.string(),
  decision: z.enum(['allow', 'deny']),
  reason: z.string(),
  grantId: z.optional(z.string()),
  /** On the summary of a flood (reason `rate-limited`): how many refused attempts it stands for. */
  refusals: z.optional(z.strictObject({ count: z.int(), from: z.string(), to: z.string() })),
});

const SharedPatient = z.strictObject({
  patientId: z.string(),
  /** The patient banner: name, date of birth, NHS number (3-3-4). */
  patient: PatientBanner,
  scopes: z.array(z.string()),
  grants: z.array(z.strictObject({ grantId: z.string(), via: z.enum(['person', 'organisation', 'emergency-access']), scopes: z.array(z.string()), endsAt: z.optional(z.string()) })),
});

/** The 30-minute access a paramedic opened, and who it is to: the banner, to check it is the right person. */
const EmergencyFound = z.strictObject({ grant: GrantView, patient: PatientBanner });

const PATIENT_ONLY = { kind: 'patient-data', action: 'consent:manage', roles: [] } as const;

/** Consent: the patient's grants (petals), who shared with me, the access log, emergency access. */
export const routes: readonly Route[] = [
  defineRoute<undefined, z.infer<typeof GrantsQuery>, { patientId: string }, Page<GrantViewT>>({
    method: 'GET',
    path: '/patients/{patientId}/grants',
    summary: "The patient's grants (active, scheduled, expired, revoked), paginated; `format=fhir` gives a Bundle of FHIR R4 Consents with a `next` link",
    tags: ['consent'],
    access: PATIENT_ONLY,
    query: GrantsQuery,
    response: { status: 200, schema: pageSchema(GrantView) },
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      const position = decodeCursor(ctx.query.cursor, z.strictObject({ after: z.string().check(z.minLength(1), z.maxLength(300)) }));
      const { grants, endedAt } = await listGrantsPage(ctx.deps.store, ctx.deps.config.borough.id, patientId, {
        limit: ctx.query.limit ?? DEFAULT_LIMIT,
        ...(position ? { after: position.after } : {}),
      });
      const now = ctx.deps.clock();
      const nextCursor = endedAt === undefined ? undefined : encodeCursor({ after: endedAt });
      if (ctx.query.format === 'fhir') {
        const next =
          nextCursor === undefined
            ? undefined
            : `/patients/${patientId}/grants?${new URLSearchParams({ format: 'fhir', limit: String(ctx.query.limit ?? DEFAULT_LIMIT), cursor: nextCursor }).toString()}`;
        return jsonResponse(200, toFhirConsentBundle(grants, now, next), {}, 'application/fhir+json');
      }
      return { items: await viewsOf(ctx.deps, grants), ...(nextCursor ? { nextCursor } : {}) };
    },
  }),
  defineRoute<z.infer<typeof GrantCreateBody>, Record<string, never>, { patientId: string }, GrantViewT>({
    method: 'POST',
    path: '/patients/{patientId}/grants',
    summary: 'Share with a person, a team (organisation), or allow emergency sharing of the crisis plan',
    tags: ['consent'],
    access: PATIENT_ONLY,
    body: GrantCreateBody,
    response: { status: 201, schema: GrantView },
    example: { body: { grantee: { type: 'person', userId: 'adam' }, scopes: ['plan:read'] } },
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      const grant = await createGrant(ctx.deps, patientId, ctx.body);
      return jsonResponse(201, grant, { location: `/patients/${patientId}/grants/${grant.grantId}`, ...etag(grant.version) });
    },
  }),
  defineRoute<z.infer<typeof GrantChangeBody>, Record<string, never>, z.infer<typeof GrantParams>, GrantViewT>({
    method: 'PATCH',
    path: '/patients/{patientId}/grants/{grantId}',
    summary: 'Change the scopes, end or note of a grant (If-Match: its version)',
    tags: ['consent'],
    access: PATIENT_ONLY,
    params: GrantParams,
    body: GrantChangeBody,
    response: { status: 200, schema: GrantView },
    example: { params: { grantId: 'g-example' }, body: { note: 'my coach at Core Sport' }, headers: { 'if-match': '"1"' } },
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      const expected = requireIfMatch(ctx.headers);
      const current = (await listGrants(ctx.deps.store, ctx.deps.config.borough.id, patientId)).find((g) => g.grantId === ctx.params.grantId);
      if (!current) throw new NotFoundError('No such grant.');
      const changed = await changeGrant(ctx.deps, current, ctx.body, expected);
      return jsonResponse(200, await viewOf(ctx.deps, changed), etag(changed.version));
    },
  }),
  defineRoute<undefined, Record<string, never>, z.infer<typeof GrantParams>, undefined>({
    method: 'DELETE',
    path: '/patients/{patientId}/grants/{grantId}',
    summary: 'Revoke a grant: it denies from the very next request',
    tags: ['consent'],
    access: PATIENT_ONLY,
    params: GrantParams,
    response: { status: 204 },
    example: { params: { grantId: 'g-example' } },
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      const current = (await listGrants(ctx.deps.store, ctx.deps.config.borough.id, patientId)).find((g) => g.grantId === ctx.params.grantId);
      if (!current) throw new NotFoundError('No such grant.');
      await revokeGrant(ctx.deps, current);
      return new Response(null, { status: 204 });
    },
  }),
  defineRoute<undefined, z.infer<typeof PageQuery>, { patientId: string }, Page<z.infer<typeof AccessLogEntry>>>({
    method: 'GET',
    path: '/patients/{patientId}/access-log',
    summary: 'Who saw or changed what of my record, and under which grant (newest first)',
    tags: ['consent'],
    access: { kind: 'patient-data', action: 'access-log:read', roles: [] },
    query: PageQuery,
    response: { status: 200, schema: pageSchema(AccessLogEntry) },
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      const position = decodeCursor(ctx.query.cursor, z.strictObject({ before: z.int().check(z.minimum(1)) }));
      const limit = ctx.query.limit ?? DEFAULT_LIMIT;
      const { entries, more } = await listAuditEntries(ctx.deps.store, ctx.deps.config.borough.id, patientId, { limit, ...(position ? { before: position.before } : {}) });
      const labelOf = await actorLabels(ctx.deps, new Set(entries.map((e) => e.actorId)));
      const items = entries.map(({ prevHash: _p, hash: _h, patientId: _pid, alg: _a, kid: _k, ...entry }) => ({ ...entry, actorLabel: labelOf(entry.actorId) }));
      const last = items.at(-1);
      return { items, ...(more && last ? { nextCursor: encodeCursor({ before: last.seq }) } : {}) };
    },
  }),
  defineRoute<z.infer<typeof EmergencyAccessBody>, Record<string, never>, { patientId: string }, GrantViewT>({
    method: 'POST',
    path: '/patients/{patientId}/emergency-access',
    summary: "A paramedic's 30-minute access to the crisis plan, where the patient allowed emergency sharing",
    tags: ['consent'],
    access: { kind: 'patient-data', action: 'emergency-access', roles: ['paramedic'] },
    body: EmergencyAccessBody,
    response: { status: 201, schema: GrantView },
    example: { body: { reason: 'Called to the home: acute distress, need the crisis plan' } },
    handle: async (ctx) => {
      const grant = await openEmergencyAccess(ctx, ctx.body.reason);
      return jsonResponse(201, await viewOf(ctx.deps, grant));
    },
  }),
  defineRoute<z.infer<typeof EmergencyFindBody>, Record<string, never>, Record<string, string>, z.infer<typeof EmergencyFound>>({
    method: 'POST',
    path: '/emergency-access',
    summary:
      'A paramedic finds the patient by NHS number and date of birth (both must match) and opens their crisis plan for 30 minutes, where they allowed emergency sharing; the same 404 for no such person and no sharing; attempts are limited',
    tags: ['consent'],
    access: { kind: 'roles', roles: ['paramedic'] },
    body: EmergencyFindBody,
    response: { status: 201, schema: EmergencyFound },
    example: { body: { nhsNumber: '999 000 0018', birthDate: '1984-03-14', reason: 'Called to the home: acute distress, need the crisis plan' } },
    handle: async (ctx) => {
      const { grant, patient } = await findForEmergency(ctx);
      return jsonResponse(201, { grant: await viewOf(ctx.deps, grant), patient });
    },
  }),
  defineRoute<undefined, z.infer<typeof DirectoryQuery>, Record<string, string>, DirectorySearchView>({
    method: 'GET',
    path: '/directory',
    summary:
      "Find someone to share with: the borough's care staff and organisations whose name, role title or organisation match `q` (at least 2 letters; at most 20 answers; never a patient; rate limited per caller)",
    tags: ['consent'],
    access: { kind: 'roles', roles: ['patient'] },
    query: DirectoryQuery,
    response: { status: 200, schema: DirectorySearchView },
    example: { query: { q: 'okafor' } },
    handle: (ctx) => findPeopleToShareWith(ctx.deps, callerOf(ctx).id, ctx.query.q),
  }),
  defineRoute<undefined, z.infer<typeof PageQuery>, Record<string, string>, Page<z.infer<typeof SharedPatient>>>({
    method: 'GET',
    path: '/me/patients',
    summary:
      'Patients who shared something with me or my organisation, each with the patient banner and the scopes in force; pages follow the patient id (stable while sharing changes), each page in family-name order',
    tags: ['consent'],
    access: { kind: 'roles', roles: ['clinician', 'phb-advisor', 'paramedic'] },
    query: PageQuery,
    response: { status: 200, schema: pageSchema(SharedPatient) },
    handle: async (ctx) => {
      const actor = callerOf(ctx);
      const limit = ctx.query.limit ?? DEFAULT_LIMIT;
      const position = decodeCursor(ctx.query.cursor, z.strictObject({ after: z.string() }));
      const now = ctx.deps.clock();
      const { grants, reachedUpTo } = await grantsSharedWith(ctx.deps.store, ctx.deps.config.borough.id, actor, { limit, ...(position ? { after: position.after } : {}) });
      const patients = [...sharingInForce(grants, now)]
        .map(([patientId, { scopes, grants: inForce }]) => ({
          patientId,
          scopes,
          // sharingInForce leaves out emergency grants.
          grants: inForce.map((g) => ({ grantId: g.grantId, via: g.grantee.type as 'person' | 'organisation' | 'emergency-access', scopes: g.scopes, ...(g.endsAt ? { endsAt: g.endsAt } : {}) })),
        }))
        .sort((a, b) => (a.patientId < b.patientId ? -1 : 1));
      const page = patients.slice(0, limit);
      const next = patients.length > limit ? page.at(-1)?.patientId : reachedUpTo;
      // Who shared with me, by name: their directory entries by key (one round trip for the page). A grant
      // in force is the patient's own choice to be known to me; nothing of their record is read here (the
      // caseload, GET /me/caseload, shows a glance of the plan, audited).
      const people = await getPeople(
        ctx.deps.store,
        ctx.deps.config.borough.id,
        page.map((p) => p.patientId),
      );
      const items = page.map((p) => ({ ...p, patient: patientBanner(people.get(p.patientId) ?? { userId: p.patientId, roles: ['patient'] }) })).sort((a, b) => compareBanners(a.patient, b.patient));
      return { items, ...(next !== undefined ? { nextCursor: encodeCursor({ after: next }) } : {}) };
    },
  }),
  sharedWithMeRoute,
  caseloadRoute,
];
