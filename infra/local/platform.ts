import { randomBytes } from 'node:crypto';
import { localAccounts } from './local-accounts';
import type { MessageSender } from '../../shared/events/messages';
import { errors as joseErrors } from 'jose';
import { SERVICES } from '../../functions/services';
import type { BoroughConfig } from '../../shared/domain/borough-config';
import { makeHttpHandler, type HttpHandler } from '../../shared/http/handler';
import { problemResult, type HttpResult } from '../../shared/http/middleware';
import { NotFoundError, ProblemError, UnauthorizedError } from '../../shared/http/problem';
import type { ServiceRoutes } from '../../shared/http/route';
import { makeStoreClients, type StoreClients } from '../../shared/store/client';
import { ensureTable } from '../../shared/store/create-table';
import { tableNameFor } from '../../shared/store/table-definition';
import { DEFAULT_MAX_BODY_BYTES, makeDeps, type Deps } from '../../shared/runtime/deps';
import { makeObservability } from '../../shared/runtime/observability';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamo-local';
import { lambdaContext, toHttpEvent, type LocalRequest } from './http-event';
import { localClientId, type LocalIssuer } from './issuer';
import { makeRouteIndex } from './route-index';
import { asFunction, guardTableAccess } from './table-access-guard';
import { AUDIT_APPENDERS, TABLE_ACCESS } from '../../functions/table-access';
import { fixedAuditKey, NO_AUDIT_KEY } from '../../shared/runtime/audit-key';
import type { TableAccess } from '../../shared/store/table-access';
import { required } from '../required';

export interface PlatformOptions {
  endpoint: string;
  boroughs: readonly BoroughConfig[];
  issuer: LocalIssuer;
  services?: readonly ServiceRoutes[];
  /** Table name per borough; defaults to the deployed name. Tests give each file its own. */
  tableName?: (borough: string) => string;
  /** Table access of services not in functions/table-access.ts (a test's own service). */
  tableAccess?: Readonly<Record<string, TableAccess>>;
  /** Replace parts of the deps (a clock, an id source) for every borough. */
  overrides?: Partial<Omit<Deps, 'config' | 'store'>>;
  /** Where invitations go (the local accounts' stand-in for Cognito's messages); none are kept by default. */
  messages?: MessageSender;
  /** Where the web front end is served (`http://localhost:3000`): the links of emails, SMS and invitations. */
  webOrigin?: string;
  /** The origin of the local stand-in push service (`http://localhost:3000`): the one non-push-service origin subscriptions may name. */
  localPushOrigin?: string;
  /** Tables with their change streams (the default, as in AWS); off only for tests that read no stream. */
  streams?: boolean;
}

export interface BoroughRuntime {
  config: BoroughConfig;
  deps: Deps;
  handlers: Map<string, HttpHandler>;
  /** Runs a handler as the borough's function `service` would run in AWS: held to its table access (functions/table-access.ts). */
  runAs<A extends unknown[], R>(service: string, handler: (...args: A) => Promise<R>): (...args: A) => Promise<R>;
}

export interface LocalPlatform {
  boroughs: Map<string, BoroughRuntime>;
  clients: StoreClients;
  /** Handles a request for `/<borough>/<path>` as API Gateway, the JWT authorizer and Lambda would. */
  dispatch(borough: string, request: Omit<LocalRequest, 'claims'>): Promise<HttpResult>;
  close(): void;
}

const bearer = (headers: Record<string, string> | undefined): string | undefined => {
  const value = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match?.[1];
};

/** Why the JWT authorizer would refuse a token, in words for the caller. */
const tokenProblem = (error: unknown): ProblemError => {
  if (error instanceof joseErrors.JWTExpired) return new UnauthorizedError('The token has expired; sign in again.');
  if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JWKSNoMatchingKey) {
    return new UnauthorizedError('The token signature is not valid.');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) return new UnauthorizedError(`The token's "${error.claim}" claim is not valid.`);
  return new UnauthorizedError('The token is malformed.');
};

/**
 * Every borough's handlers on one DynamoDB Local, each with its own table created from the shared
 * definition: the local platform behind `npm start` and the integration tests.
 */
const DISCARD: MessageSender = { send: () => Promise.resolve() };

export const createPlatform = async (options: PlatformOptions): Promise<LocalPlatform> => {
  const services = options.services ?? SERVICES;
  const runKey = fixedAuditKey(randomBytes(32));
  const routeIndex = makeRouteIndex(services);
  const clients = makeStoreClients({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  guardTableAccess(clients.client);
  const boroughs = new Map<string, BoroughRuntime>();
  for (const config of options.boroughs) {
    const tableName = (options.tableName ?? tableNameFor)(config.id);
    await ensureTable(clients.client, tableName, { streams: options.streams ?? true });
    const integrationClients = Object.fromEntries(config.integrations.map((i) => [localClientId(config.id, i.id), i.id]));
    // A platform given no audit key (a bench, the screenshots, a fault test) seals with a key of its own for
    // this run; npm start gives its key file (.local/audit-key), so its chains verify afterwards.
    const auditKey = options.overrides?.auditKey ?? runKey;
    const base = makeDeps(
      'local',
      {
        borough: config,
        tableName,
        maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
        version: 'local',
        integrationClients,
        ...(options.webOrigin ? { webOrigin: options.webOrigin } : {}),
        ...(options.localPushOrigin ? { localPushOrigin: options.localPushOrigin } : {}),
      },
      clients,
      { ...options.overrides, auditKey },
    );
    const deps = { ...base, accounts: options.overrides?.accounts ?? localAccounts(base.store, config.id, options.messages ?? DISCARD, options.webOrigin ?? 'http://localhost:3000') };
    const runAs: BoroughRuntime['runAs'] = (service, handler) => asFunction({ service, borough: config.id, access: { ...TABLE_ACCESS, ...options.tableAccess }[service] ?? { actions: [] } }, handler);
    // As in AWS, only the functions that append audit entries hold the audit key.
    const auditKeyOf = (service: string) => (AUDIT_APPENDERS.has(service) || !(service in TABLE_ACCESS) ? deps.auditKey : NO_AUDIT_KEY);
    const handlers = new Map(
      services.map((s) => [s.service, runAs(s.service, makeHttpHandler(s.routes, { ...deps, observability: makeObservability(s.service, config.id), auditKey: auditKeyOf(s.service) }))]),
    );
    boroughs.set(config.id, { config, deps, handlers, runAs });
  }

  const dispatch: LocalPlatform['dispatch'] = async (borough, request) => {
    const runtime = boroughs.get(borough);
    if (!runtime) return problemResult(new NotFoundError(`There is no borough "${borough}" here.`));
    const match = routeIndex.match(request.method, request.path);
    if (match === undefined) return problemResult(new NotFoundError());
    if (match === 'method') return problemResult(new ProblemError(405, 'method-not-allowed', 'Method Not Allowed', 'This address does not accept that method.'));
    let claims;
    // As in AWS: public routes have no authorizer; the others refuse a missing or bad token at the gateway.
    if (match.route.access.kind !== 'public') {
      const token = bearer(request.headers);
      if (!token) return problemResult(new UnauthorizedError());
      try {
        claims = await options.issuer.verify(token);
      } catch (error) {
        return problemResult(tokenProblem(error));
      }
    }
    const handler = required(runtime.handlers.get(match.service), `handler of ${match.service} in ${borough}`);
    return handler(toHttpEvent({ ...request, ...(claims ? { claims } : {}) }), lambdaContext(`recovery-${borough}-${match.service}`));
  };

  return { boroughs, clients, dispatch, close: () => clients.client.destroy() };
};
