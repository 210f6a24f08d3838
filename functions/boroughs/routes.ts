import { ActorSchema, Role } from '../../shared/domain/actor';
import { OrganisationKind } from '../../shared/domain/borough-config';
import { InvitationBody, PersonEntryBody, PersonName, PersonStatus, PersonView, personView } from '../../shared/domain/people';
import { getPeople, listDirectory } from '../../shared/store/directory-repository';
import * as z from 'zod/mini';
import { defineRoute, type Route } from '../../shared/http/route';
import { probeTable } from '../../shared/store/health-repository';
import { disablePerson, findPeople, invitePerson, putPerson } from './people';
import { jsonResponse } from '../../shared/http/responses';
import { apiDocument } from './api-document';
import { callerOf } from '../../shared/http/request-actor';
import { ClosureBody, ClosureView, LegalHoldBody, RetentionView } from '../../shared/domain/retention';
import { patientRecord } from '../../shared/record/patient-record';
import { closeAccount } from './closure';
import { changeLegalHold, readRetentionOf } from './legal-hold';
import { libraryRoutes } from './library-routes';

const HealthSchema = z.strictObject({ status: z.literal('ok'), borough: z.string(), version: z.string(), time: z.string() });

const MeSchema = z.extend(ActorSchema, {
  boroughName: z.string(),
  orgName: z.optional(z.string()),
  /** The caller as others see them (their directory entry); absent for someone the directory does not hold yet. */
  person: z.optional(PersonView),
});

const OrganisationsView = z.strictObject({ items: z.array(z.strictObject({ id: z.string(), name: z.string(), shortName: z.optional(z.string()), kind: OrganisationKind })) });
const PeopleQuery = z.strictObject({ q: z.string().check(z.trim(), z.minLength(2, 'must be at least 2 characters'), z.maxLength(80)) });
const PatientParams = z.strictObject({ patientId: z.string().check(z.regex(/^[A-Za-z0-9._@+-]{1,128}$/, 'must be a patient id')) });
/** Records management: operators only, never on their own record, always audited in the patient's access log. */
const LEGAL_HOLD = { kind: 'patient-data', action: 'record:legal-hold', roles: ['operator'] } as const;
const UserParams = z.strictObject({ userId: z.string().check(z.regex(/^[A-Za-z0-9._@+-]{1,128}$/, 'must be a user id')) });
/** The entry as its operator sees it, contact details included (nobody else gets them). */
const DirectoryUserView = z.strictObject({
  userId: z.string(),
  roles: z.array(Role),
  /** Absent only on an entry written before people had names. */
  name: z.optional(PersonName),
  org: z.optional(z.string()),
  roleTitle: z.optional(z.string()),
  nhsNumber: z.optional(z.string()),
  birthDate: z.optional(z.string()),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  status: z.optional(PersonStatus),
  disabledAt: z.optional(z.string()),
  /** When the patient closed their account: their record is read-only until the retention sweep removes it. */
  closedAt: z.optional(z.string()),
  invitedAt: z.optional(z.string()),
  /** When they last signed in through Cognito (not recorded locally). */
  signedInAt: z.optional(z.string()),
});

/** The API document's top level; what is under paths and components is OpenAPI 3.1's own. */
const ApiDocumentView = z.strictObject({
  openapi: z.literal('3.1.0'),
  info: z.strictObject({ title: z.string(), version: z.string(), description: z.string() }),
  servers: z.array(z.strictObject({ url: z.string() })),
  security: z.array(z.record(z.string(), z.array(z.string()))),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.record(z.string(), z.unknown())),
});

/** The borough's own endpoints: its health, who the caller is, its API document and its directory. */
export const routes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof HealthSchema>>({
    method: 'GET',
    path: '/health',
    summary: 'Health of this borough: the table answers',
    tags: ['platform'],
    access: { kind: 'public' },
    response: { status: 200, schema: HealthSchema },
    handle: async ({ deps }) => {
      await probeTable(deps.store, deps.config.borough.id);
      return { status: 'ok', borough: deps.config.borough.id, version: deps.config.version, time: deps.clock().toISOString() };
    },
  }),
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof MeSchema>>({
    method: 'GET',
    path: '/me',
    summary: 'Who the token says I am: id, roles, borough, organisation, and my name as the directory holds it',
    tags: ['platform'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: MeSchema },
    handle: async ({ actor, deps }) => {
      const me = callerOf({ actor });
      const { borough } = deps.config;
      const org = borough.organisations.find((o) => o.id === me.org);
      const person = (await getPeople(deps.store, borough.id, [me.id])).get(me.id);
      return { ...me, boroughName: borough.name, ...(org ? { orgName: org.name } : {}), ...(person ? { person: personView(person, borough.organisations) } : {}) };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    summary: 'The OpenAPI 3.1 document of this API, generated from the route tables',
    tags: ['platform'],
    access: { kind: 'public' },
    response: { status: 200, schema: ApiDocumentView },
    // Generated at build time from every route table (scripts/openapi.ts), not here.
    handle: ({ deps }) => apiDocument({ title: `Recovery platform: ${deps.config.borough.name}`, version: deps.config.version }),
  }),
  defineRoute<undefined, Record<string, never>, Record<string, string>, z.infer<typeof OrganisationsView>>({
    method: 'GET',
    path: '/borough/organisations',
    summary: "The borough's organisations (id, name, short name, kind), as its borough file lists them",
    tags: ['platform'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: OrganisationsView },
    handle: ({ deps }) => ({ items: deps.config.borough.organisations.map((o) => ({ id: o.id, name: o.name, ...(o.shortName ? { shortName: o.shortName } : {}), kind: o.kind })) }),
  }),
  defineRoute<undefined, z.infer<typeof PeopleQuery>, Record<string, string>, { items: z.infer<typeof DirectoryUserView>[] }>({
    method: 'GET',
    path: '/borough/users',
    summary: "Operators: find people in the borough's directory by name, NHS number or email (at least 2 characters; at most 50 answers), to change or disable them",
    tags: ['platform'],
    access: { kind: 'roles', roles: ['operator'] },
    query: PeopleQuery,
    response: { status: 200, schema: z.strictObject({ items: z.array(DirectoryUserView) }) },
    example: { query: { q: 'Okafor' } },
    handle: async ({ deps, query }) => ({ items: findPeople(await listDirectory(deps.store, deps.config.borough.id), query.q, 50) }),
  }),
  defineRoute<InvitationBody, Record<string, never>, Record<string, string>, z.infer<typeof DirectoryUserView>>({
    method: 'POST',
    path: '/borough/invitations',
    summary:
      'Operators: invite a patient (name, NHS number, date of birth, email) or a member of staff (name, organisation, role title, roles, email): their account and its invitation (Cognito in AWS), and their directory entry',
    tags: ['platform'],
    access: { kind: 'roles', roles: ['operator'] },
    body: InvitationBody,
    response: { status: 201, schema: DirectoryUserView },
    example: { body: { roles: ['patient'], name: { given: 'Jo', family: 'Example' }, nhsNumber: '999 000 0042', birthDate: '1990-05-01', email: 'jo.example@example.org' } },
    handle: async ({ deps, body }) => jsonResponse(201, await invitePerson(deps, body)),
  }),
  defineRoute<undefined, Record<string, never>, z.infer<typeof UserParams>, z.infer<typeof DirectoryUserView>>({
    method: 'POST',
    path: '/borough/users/{userId}/disable',
    summary:
      'Operators: disable a leaver: no more sign-in (Cognito), their tokens refused from the next request, no grant to them allows anything; the patients who shared with them are told. Nothing is deleted',
    tags: ['platform'],
    access: { kind: 'roles', roles: ['operator'] },
    params: UserParams,
    response: { status: 200, schema: DirectoryUserView },
    example: { params: { userId: 'gp-beechwood' } },
    handle: ({ deps, params, actor }) => disablePerson(deps, callerOf({ actor }), params.userId),
  }),
  defineRoute<PersonEntryBody, Record<string, never>, z.infer<typeof UserParams>, z.infer<typeof DirectoryUserView>>({
    method: 'PUT',
    path: '/borough/users/{userId}',
    summary: "Operators: put a person in the borough's directory: name, roles; a patient's NHS number and date of birth, or staff's organisation and role title; contact details for notifications",
    tags: ['platform'],
    access: { kind: 'roles', roles: ['operator'] },
    params: UserParams,
    body: PersonEntryBody,
    response: { status: 200, schema: DirectoryUserView },
    example: {
      params: { userId: 'directory-example' },
      body: { roles: ['clinician'], name: { given: 'Jo', family: 'Example' }, org: 'elft', roleTitle: 'Care coordinator', email: 'someone@example.org' },
    },
    handle: ({ deps, params, body, actor }) => putPerson(deps, callerOf({ actor }), params.userId, body),
  }),
  defineRoute<ClosureBody, Record<string, never>, z.infer<typeof PatientParams>, ClosureView>({
    method: 'POST',
    path: '/patients/{patientId}/closure',
    summary:
      'The patient closes their account (`me`; body `{ "confirm": "close my account" }`, an optional reason code): every grant ends now and its grantee is told, open red alerts go to the duty teams, sign-in is disabled, and the record is kept read-only until its retention ends. A repeat answers the same closure',
    tags: ['records'],
    access: { kind: 'patient-data', action: 'record:close', roles: [] },
    params: PatientParams,
    body: ClosureBody,
    response: { status: 200, schema: ClosureView },
    example: { params: { patientId: 'me' }, body: { confirm: 'close my account', reason: 'no-longer-needed' } },
    handle: async (ctx) => {
      const { patientId } = await patientRecord(ctx).check();
      return closeAccount(ctx.deps, patientId, ctx.body);
    },
  }),
  defineRoute<undefined, Record<string, never>, z.infer<typeof PatientParams>, RetentionView>({
    method: 'GET',
    path: '/patients/{patientId}/legal-hold',
    summary: "Operators: a record's retention (closed when, kept until when) and its legal hold, with the reason (audited)",
    tags: ['records'],
    access: LEGAL_HOLD,
    params: PatientParams,
    response: { status: 200, schema: RetentionView },
    handle: (ctx) => readRetentionOf(ctx),
  }),
  defineRoute<z.infer<typeof LegalHoldBody>, Record<string, never>, z.infer<typeof PatientParams>, RetentionView>({
    method: 'PUT',
    path: '/patients/{patientId}/legal-hold',
    summary: 'Operators: put a legal hold on a record, open or closed, with the reason (seen by operators only): the retention sweep never removes it while the hold stands (audited)',
    tags: ['records'],
    access: LEGAL_HOLD,
    params: PatientParams,
    body: LegalHoldBody,
    response: { status: 200, schema: RetentionView },
    example: { body: { reason: 'Coroner inquest, ref 2026/114' } },
    handle: (ctx) => changeLegalHold(ctx, ctx.body.reason),
  }),
  defineRoute<undefined, Record<string, never>, z.infer<typeof PatientParams>, RetentionView>({
    method: 'DELETE',
    path: '/patients/{patientId}/legal-hold',
    summary: "Operators: clear a record's legal hold: a closed record past its retention is removed by the next sweep (audited)",
    tags: ['records'],
    access: LEGAL_HOLD,
    params: PatientParams,
    response: { status: 200, schema: RetentionView },
    handle: (ctx) => changeLegalHold(ctx, undefined),
  }),
  ...libraryRoutes,
];
