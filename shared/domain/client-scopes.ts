import * as z from 'zod/mini';

/**
 * What a system client (GP or trust system, OAuth client credentials) may be allowed to do, as
 * `<resource server>/<scope>`: Cognito's resource server `imports` holds the scopes `gp.write` and `appointments.write`. A route
 * for systems names the one scope it needs; a system's token works on no other route.
 */
export const CLIENT_SCOPES = ['imports/gp.write', 'imports/appointments.write'] as const;
export const ClientScope = z.enum(CLIENT_SCOPES);
export type ClientScope = (typeof CLIENT_SCOPES)[number];

/** The scopes of a token's `scope` claim (space-separated) that this platform knows. */
export const parseClientScopes = (claim: unknown): ClientScope[] =>
  typeof claim === 'string' ? claim.split(/\s+/).filter((s): s is ClientScope => (CLIENT_SCOPES as readonly string[]).includes(s)) : [];
