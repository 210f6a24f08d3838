import { ROLES, type Actor, type Role } from '../domain/actor';
import type { Integration } from '../domain/borough-config';
import { parseClientScopes } from '../domain/client-scopes';

/** JWT claims as API Gateway hands them over: strings, numbers, or arrays (which HTTP APIs flatten to "[a b]"). */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

/** A user's groups: `integration` is a system client's role, which no user account may carry. */
const isUserRole = (value: string): value is Role => value !== 'integration' && (ROLES as readonly string[]).includes(value);

/** `cognito:groups` arrives as a JSON array, an array, or HTTP API's flattened "[patient clinician]". */
export const parseGroups = (raw: Claims[string]): Role[] => {
  let groups: string[] = [];
  if (Array.isArray(raw)) groups = raw;
  else if (typeof raw === 'string') {
    const trimmed = raw.trim();
    if (trimmed.startsWith('["')) {
      try {
        const parsed: unknown = JSON.parse(trimmed);
        groups = Array.isArray(parsed) ? parsed.map(String) : [];
      } catch {
        groups = [];
      }
    } else groups = trimmed.replace(/^\[|\]$/g, '').split(/[\s,]+/);
  }
  return groups.filter(isUserRole);
};

/** What the borough knows of the tokens it may be handed. */
export interface TokenContext {
  /** The API's own borough: a system client's token comes from its user pool and names no borough. */
  borough: string;
  /** The borough's system clients by OAuth client id. */
  clients: ReadonlyMap<string, Integration>;
}

/** A token that can expire: an `exp` claim (seconds, as a number or API Gateway's string). */
const expires = (claims: Claims): boolean => typeof claims.exp === 'number' || (typeof claims.exp === 'string' && /^\d{1,12}$/.test(claims.exp));

/**
 * A client-credentials access token: no user (no `username`, no groups), a `client_id`. Cognito issues
 * these to system clients only.
 */
const isClientToken = (claims: Claims): boolean => claims.token_use === 'access' && typeof claims.client_id === 'string' && claims.username === undefined && claims['cognito:groups'] === undefined;

/**
 * The actor the claims describe: a user (subject and borough claims), or one of the borough's system
 * clients with the scopes both the token and the borough file give it. Undefined for a token without
 * an expiry, without a subject or borough, or from a client the borough does not know.
 */
export const actorFromClaims = (claims: Claims | undefined, context: TokenContext): Actor | undefined => {
  if (!claims || !expires(claims)) return undefined;
  if (isClientToken(claims)) {
    const integration = context.clients.get(String(claims.client_id));
    if (!integration) return undefined;
    const scopes = parseClientScopes(claims.scope).filter((s) => integration.scopes.includes(s));
    return { id: integration.id, borough: context.borough, roles: ['integration'], org: integration.org, scopes };
  }
  const sub = claims.sub;
  const borough = claims['custom:borough'];
  if (typeof sub !== 'string' || !sub || typeof borough !== 'string' || !borough) return undefined;
  const org = claims['custom:org'];
  return { id: sub, borough, roles: parseGroups(claims['cognito:groups']), ...(typeof org === 'string' && org ? { org } : {}) };
};
