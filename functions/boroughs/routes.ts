import { ActorSchema, type Actor } from '../../shared/domain/actor';
import * as z from 'zod/mini';
import { openApiDocument } from '../../shared/http/openapi';
import { defineRoute, type Route } from '../../shared/http/route';
import { probeTable } from '../../shared/store/health-repository';

const HealthSchema = z.strictObject({ status: z.literal('ok'), borough: z.string(), version: z.string(), time: z.string() });

const MeSchema = z.extend(ActorSchema, { boroughName: z.string(), orgName: z.optional(z.string()) });

/** The borough's own endpoints: its health, who the caller is, and its API document. */
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
    handle: async ({ actor, deps }) => {
      const me = actor as Actor;
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
    response: { status: 200 },
    handle: async ({ deps }) => {
      // Loaded on demand: the catalogue lists this very table.
      const { SERVICES } = await import('../services');
      return openApiDocument(SERVICES, { title: `Recovery platform: ${deps.config.borough.name}`, version: deps.config.version });
    },
  }),
];
