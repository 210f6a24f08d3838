import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, errors as joseErrors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import type { Role } from '../../shared/domain/actor';
import type { Claims } from '../../shared/http/claims';

export const LOCAL_ISSUER = 'urn:recovery-platform:local-issuer';
export const LOCAL_AUDIENCE = 'recovery-local';
const KID = 'local-1';

/** A system client's OAuth client id locally (in AWS Cognito makes one per integration of each borough). */
export const localClientId = (borough: string, integrationId: string): string => `${borough}.${integrationId}`;

/** The local stand-in for Cognito: an RS256 key pair kept in .local/ so that tokens outlive a restart. */
export interface LocalIssuer {
  jwks: JSONWebKeySet;
  sign(user: { id: string; borough: string; roles: Role[]; org?: string }, options?: { expiresIn?: string | number }): Promise<string>;
  /** A client-credentials access token for a system client, as Cognito's token endpoint issues one: no user, no borough. */
  signClient(client: { clientId: string; scopes: readonly string[] }, options?: { expiresIn?: string | number }): Promise<string>;
  /** Verifies as the HTTP API's JWT authorizer would: signature (from the JWKS), issuer, audience, expiry. */
  verify(token: string): Promise<Claims>;
}

export const DEFAULT_KEY_FILE = join(__dirname, '..', '..', '.local', 'issuer-key.json');

const loadOrCreateKey = async (file: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> => {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const pair = { privateJwk: { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256' }, publicJwk: { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' } };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(pair), { mode: 0o600 });
  return pair;
};

/**
 * The local issuer, from its key file (made on first use).
 * @example const token = await (await localIssuer()).sign({ id: 'sally', borough: 'city-and-hackney', roles: ['patient'] })
 */
export const localIssuer = async (keyFile: string = DEFAULT_KEY_FILE): Promise<LocalIssuer> => {
  const { privateJwk, publicJwk } = await loadOrCreateKey(keyFile);
  const privateKey = await importJWK(privateJwk, 'RS256');
  const jwks: JSONWebKeySet = { keys: [publicJwk] };
  const keySet = createLocalJWKSet(jwks);
  return {
    jwks,
    sign: (user, options = {}) =>
      new SignJWT({
        'custom:borough': user.borough,
        'cognito:groups': user.roles,
        ...(user.org ? { 'custom:org': user.org } : {}),
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '12h')
        .sign(privateKey),
    signClient: (client, options = {}) =>
      new SignJWT({ client_id: client.clientId, scope: client.scopes.join(' '), token_use: 'access' })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setSubject(client.clientId)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '1h')
        .sign(privateKey),
    verify: async (token) => {
      // As the HTTP API's JWT authorizer: an expiry is required, and the audience is the web client
      // (ID tokens' `aud`) or, for an access token without `aud`, its `client_id`.
      const { payload } = await jwtVerify(token, keySet, { issuer: LOCAL_ISSUER, algorithms: ['RS256'], requiredClaims: ['exp'] });
      const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
      if (!audiences.includes(LOCAL_AUDIENCE) && !(payload.aud === undefined && typeof payload.client_id === 'string')) {
        throw new joseErrors.JWTClaimValidationFailed('unexpected "aud" claim value', payload, 'aud', 'check_failed');
      }
      return flattenClaims(payload);
    },
  };
};

/**
 * HTTP API hands claims to Lambda as strings, arrays flattened to "[a b]"; do the same locally. A payload
 * is JSON: objects are written as JSON, and JSON.stringify writes numbers, booleans and null as String does.
 */
export const flattenClaims = (payload: JWTPayload): Claims =>
  Object.fromEntries(Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'string' ? value : JSON.stringify(value)]));
