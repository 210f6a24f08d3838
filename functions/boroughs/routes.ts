import { ActorSchema, Role, ROLES } from '../../shared/domain/actor';
import { isOwnRecord } from '../../shared/domain/consent';
import * as z from 'zod/mini';
import { defineRoute, type Route } from '../../shared/http/route';
import { probeTable } from '../../shared/store/health-repository';
import { putDirectoryUser } from '../../shared/store/directory-repository';
import { ForbiddenError, ValidationProblemError } from '../../shared/http/problem';
import { apiDocument } from './api-document';
import { callerOf } from '../../shared/http/request-actor';

const HealthSchema = z.strictObject({ status: z.literal('ok'), borough: z.string(), version: z.string(), time: z.string() });

const MeSchema = z.extend(ActorSchema, { boroughName: z.string(), orgName: z.optional(z.string()) });

const DirectoryUserBody = z.strictObject({
  roles: z.array(Role).check(z.minLength(1), z.maxLength(ROLES.length)),
  org: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be an organisation id'))),
  email: z.optional(z.email()),
  phone: z.optional(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number, e.g. +447700900123'))),
});
const UserParams = z.strictObject({ userId: z.string().check(z.regex(/^[A-Za-z0-9._@+-]{1,128}$/, 'must be a user id')) });
const DirectoryUserView = z.strictObject({ userId: z.string(), roles: z.array(Role), org: z.optional(z.string()), email: z.optional(z.string()), phone: z.optional(z.string()) });

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
    summary: 'Who the token says I am: id, roles, borough, organisation',
    tags: ['platform'],
    access: { kind: 'signed-in' },
    response: { status: 200, schema: MeSchema },
    handle: ({ actor, deps }) => {
      const me = callerOf({ actor });
      const org = deps.config.borough.organisations.find((o) => o.id === me.org);
      return { ...me, boroughName: deps.config.borough.name, ...(org ? { orgName: org.name } : {}) };
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
  defineRoute<z.infer<typeof DirectoryUserBody>, Record<string, never>, z.infer<typeof UserParams>, Record<string, unknown>>({
    method: 'PUT',
    path: '/borough/users/{userId}',
    summary: "Operators: put a person in the borough's directory (roles, organisation, contact details), which notifications use to find advisors, team members and where to write",
    tags: ['platform'],
    access: { kind: 'roles', roles: ['operator'] },
    params: UserParams,
    body: DirectoryUserBody,
    response: { status: 200, schema: DirectoryUserView },
    example: { params: { userId: 'directory-example' }, body: { roles: ['clinician'], org: 'elft', email: 'someone@example.org' } },
    handle: async ({ deps, params, body, actor }) => {
      // Separation of duties: an operator's own roles are changed by another operator.
      if (isOwnRecord(callerOf({ actor }), params.userId)) throw new ForbiddenError('Nobody changes their own directory entry: another operator must.');
      if (body.org && !deps.config.borough.organisations.some((o) => o.id === body.org)) {
        throw new ValidationProblemError(422, 'Invalid input: body.org.', [{ field: 'body.org', detail: `is not an organisation of ${deps.config.borough.name}` }]);
      }
      const user = { userId: params.userId, ...body };
      await putDirectoryUser(deps.store, deps.config.borough.id, user);
      return user;
    },
  }),
];
