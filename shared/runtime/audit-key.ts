import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { auditMacOf, type AuditMac } from '../domain/audit';
import type { AnchorSignature } from '../domain/audit-anchor';

/**
 * The key that seals audit entries, as the functions that append them get it (Deps.auditKey): loaded
 * once (a key file locally, one KMS call per Lambda container in AWS) and kept in memory, never in
 * the environment, the table or a log.
 */
export interface AuditKey {
  current(): Promise<AuditMac>;
}

/** Signs and checks the anchors of chain heads (a KMS asymmetric key in AWS; locally an HMAC key derived from the local audit key). */
export interface AnchorSigner {
  sign(bytes: Uint8Array): Promise<AnchorSignature>;
  verify(bytes: Uint8Array, signature: AnchorSignature): Promise<boolean>;
}

/** Loads once; a failed load is tried again on the next call, not remembered. */
export const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
};

/** An audit key of fixed bytes (tests). */
export const fixedAuditKey = (secret: Uint8Array): AuditKey => {
  const mac = auditMacOf(secret);
  return { current: () => Promise.resolve(mac) };
};

/** A key for no one: a deps without an audit key refuses to append rather than write entries nobody can verify. */
export const NO_AUDIT_KEY: AuditKey = { current: () => Promise.reject(new Error('No audit key is configured for these deps (Deps.auditKey).')) };

/** The bytes of a local key file; made (32 random bytes, readable by the owner only) when it does not exist yet and `create` says so. */
export const localKeyBytes = (file: string, create = true): Buffer => {
  if (!existsSync(file)) {
    if (!create) throw new Error(`There is no audit key at ${file}: the local platform makes it on its first start (npm start), and only that key verifies its chains.`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length !== 32) throw new Error(`${file} is not an audit key (32 bytes, base64): remove it to make a new one, and every chain sealed with it stops verifying.`);
  return secret;
};

/** The local platform's audit key: a key file (`.local/audit-key`), made on first use. */
export const fileAuditKey = (file: string, create = true): AuditKey => {
  const load = once(() => Promise.resolve(auditMacOf(localKeyBytes(file, create))));
  return { current: load };
};

/** The local anchor signer: HMAC-SHA256 with a key derived from the local audit key for this one purpose (HKDF). */
export const localAnchorSigner = (secret: Uint8Array): AnchorSigner => {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'recovery-platform audit anchor', 32));
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const mac = (bytes: Uint8Array): Buffer => createHmac('sha256', key).update(bytes).digest();
  return {
    sign: (bytes) => Promise.resolve({ alg: 'hmac-sha256', keyId, value: mac(bytes).toString('base64') }),
    verify: (bytes, signature) => {
      const given = Buffer.from(signature.value, 'base64');
      const expected = mac(bytes);
      return Promise.resolve(signature.alg === 'hmac-sha256' && signature.keyId === keyId && given.length === expected.length && timingSafeEqual(given, expected));
    },
  };
};
