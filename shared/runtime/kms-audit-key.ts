import { createHash } from 'node:crypto';
import { GenerateMacCommand, KMSClient, SignCommand, VerifyCommand } from '@aws-sdk/client-kms';
import { auditMacOf } from '../domain/audit';
import { once, type AnchorSigner, type AuditKey } from './audit-key';

/**
 * The input of NIST SP 800-108's KDF in counter mode (one block of 256 bits): the chain's working key
 * is KMS's HMAC over it, so the KMS key never leaves KMS and the same borough always derives the same key.
 */
export const chainKeyDerivationInput = (borough: string): Buffer =>
  Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from('recovery-platform audit chain v1', 'utf8'), Buffer.from([0]), Buffer.from(borough, 'utf8'), Buffer.from([0, 0, 1, 0])]);

/** The alias of a borough's audit chain key (infra/constructs/audit-anchoring.ts): how the functions name it. */
export const auditChainKeyAlias = (borough: string): string => `alias/recovery-${borough}-audit-chain`;

/** The alias of a borough's anchor signing key: how the anchor function names it (its environment is near Lambda's 4 KB). */
export const auditAnchorKeyAlias = (borough: string): string => `alias/recovery-${borough}-audit-anchor`;

/**
 * The audit key in AWS: the borough's KMS HMAC key (HMAC_256) derives the chain's working key with one
 * GenerateMac per Lambda container (docs/security.md, "The audit log"); the working key stays in memory.
 * Only the functions that append audit entries (and the operator's verify) may call GenerateMac on it.
 */
export const kmsAuditKey = (kms: KMSClient, keyId: string, borough: string): AuditKey => ({
  current: once(async () => {
    const { Mac } = await kms.send(new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: chainKeyDerivationInput(borough) }));
    if (!Mac) throw new Error('KMS returned no MAC for the audit key.');
    return auditMacOf(Mac);
  }),
});

const digest = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/** The anchor signer in AWS: the borough's KMS asymmetric key (ECC_NIST_P256), which only the anchor function may Sign with. */
export const kmsAnchorSigner = (kms: KMSClient, keyId: string): AnchorSigner => ({
  sign: async (bytes) => {
    const { Signature, KeyId } = await kms.send(new SignCommand({ KeyId: keyId, Message: digest(bytes), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' }));
    if (!Signature) throw new Error('KMS returned no signature for the anchor.');
    return { alg: 'ecdsa-p256-sha256', keyId: KeyId ?? keyId, value: Buffer.from(Signature).toString('base64') };
  },
  verify: async (bytes, signature) => {
    if (signature.alg !== 'ecdsa-p256-sha256') return false;
    try {
      const { SignatureValid } = await kms.send(
        new VerifyCommand({ KeyId: keyId, Message: digest(bytes), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256', Signature: Buffer.from(signature.value, 'base64') }),
      );
      return SignatureValid === true;
    } catch (error) {
      // KMS answers an invalid signature with an error, not with SignatureValid false.
      if ((error as Error).name === 'KMSInvalidSignatureException') return false;
      throw error;
    }
  },
});
