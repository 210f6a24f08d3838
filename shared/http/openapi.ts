import * as z from 'zod/mini';
import { ProblemSchema } from './problem-schema';
import { pathParamNames, type Route, type Schema, type ServiceRoutes } from './route';

type JsonObject = Record<string, unknown>;

const jsonSchema = (schema: Schema<unknown>, io: 'input' | 'output'): JsonObject => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;
  return rest;
};

const problemRef = { $ref: '#/components/schemas/Problem' };
const problem = (description: string): JsonObject => ({ description, content: { 'application/problem+json': { schema: problemRef } } });

/** The error answers a route can give, from its declaration. */
const errorResponses = (route: Route): JsonObject => {
  const responses: JsonObject = {};
  if (route.access.kind !== 'public') {
    responses['401'] = problem('No valid token');
    responses['403'] = problem('Token of another borough, or a role that may not call this');
  }
  if (route.access.kind === 'patient-data') responses['404'] = problem('No such patient, or no consent to see them');
  if (route.body) {
    responses['400'] = problem('Body is not JSON');
    responses['413'] = problem('Body too large');
    responses['415'] = problem('Body is not application/json');
  }
  responses['422'] = problem('Invalid input; `errors` names each field');
  responses['503'] = problem('Briefly unavailable; retry');
  return responses;
};

/** Query parameters from the route's query schema (an object schema of scalars). */
const queryParameters = (route: Route): JsonObject[] => {
  if (!route.query) return [];
  const schema = jsonSchema(route.query, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: s }));
};

const describeAccess = (route: Route): string => {
  const a = route.access;
  switch (a.kind) {
    case 'public':
      return 'No token needed.';
    case 'signed-in':
      return 'Any signed-in user of this borough.';
    case 'roles':
      return `Roles: ${a.roles.join(', ')}.`;
    case 'client':
      return `A system client of this borough (OAuth client credentials) with the scope \`${a.scope}\`; no user account.`;
    case 'patient-data':
      return `The patient, or roles ${a.roles.join(', ')} with the \`${a.action}\` consent of the patient.`;
  }
};

const operation = (service: string, route: Route): JsonObject => {
  const success: JsonObject = { description: route.summary };
  if (route.response.schema) {
    success.content = { [route.response.contentType ?? 'application/json']: { schema: jsonSchema(route.response.schema, 'output') } };
  }
  return {
    operationId: `${service}.${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    description: describeAccess(route),
    tags: route.tags,
    'x-access': route.access,
    ...(route.access.kind === 'public' ? { security: [] } : {}),
    parameters: [...pathParamNames(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })), ...queryParameters(route)],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses: { [String(route.response.status)]: success, ...errorResponses(route) },
  };
};

/**
 * The OpenAPI 3.1 document of a borough's API, generated from the route tables and their zod schemas.
 * @example openApiDocument(SERVICES, { title: 'City and Hackney', version: '1.0.0' })
 */
export const openApiDocument = (services: readonly ServiceRoutes[], info: { title: string; version: string }): JsonObject => {
  const paths: Record<string, JsonObject> = {};
  for (const { service, routes } of services) {
    for (const route of routes) {
      paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(service, route) };
    }
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Recovery platform API of one borough. Errors are RFC 9457 problem+json.' },
    // Relative: locally the API sits under /<borough>/, in AWS at the root of the borough's API.
    servers: [{ url: '.' }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
    },
  };
};
