import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JSONWebKeySet, type JWK, type JWTPayload } from 'jose';
import type { Role } from '../../shared/domain/actor';
import type { Claims } from '../../shared/http/claims';

export const LOCAL_ISSUER = 'urn:recovery-platform:local-issuer';
export const LOCAL_AUDIENCE = 'recovery-local';
const KID = 'local-1';

/** The local stand-in for Cognito: an RS256 key pair kept in .local/ so that tokens outlive a restart. */
export interface LocalIssuer {
  jwks: JSONWebKeySet;
  sign(user: { id: string; borough: string; roles: Role[]; org?: string }, options?: { expiresIn?: string | number }): Promise<string>;
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
    verify: async (token) => {
      const { payload } = await jwtVerify(token, keySet, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['RS256'] });
      return flattenClaims(payload);
    },
  };
};

/** HTTP API hands claims to Lambda as strings, arrays flattened to "[a b]"; do the same locally. */
export const flattenClaims = (payload: JWTPayload): Claims =>
  Object.fromEntries(
    Object.entries(payload).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(' ')}]` : typeof value === 'object' ? JSON.stringify(value) : String(value)]),
  );
