import { ROLES, type Actor, type Role } from '../domain/actor';

/** JWT claims as API Gateway hands them over: strings, numbers, or arrays (which HTTP APIs flatten to "[a b]"). */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

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
  return groups.filter(isRole);
};

/** The actor the claims describe, or undefined when they lack a subject or a borough. */
export const actorFromClaims = (claims: Claims | undefined): Actor | undefined => {
  const sub = claims?.sub;
  const borough = claims?.['custom:borough'];
  if (typeof sub !== 'string' || !sub || typeof borough !== 'string' || !borough) return undefined;
  const org = claims?.['custom:org'];
  return { id: sub, borough, roles: parseGroups(claims?.['cognito:groups']), ...(typeof org === 'string' && org ? { org } : {}) };
};
