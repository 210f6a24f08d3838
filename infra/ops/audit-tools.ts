import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { folderAnchorStore, s3AnchorStore, type AnchorStore } from '../../shared/runtime/anchor-store';
import { fileAuditKey, localAnchorSigner, localKeyBytes, type AnchorSigner, type AuditKey } from '../../shared/runtime/audit-key';
import { kmsAnchorSigner, kmsAuditKey } from '../../shared/runtime/kms-audit-key';
import { findPlatform } from '../local/platform-file';
import { awsStackOutputs, boroughOutput, type BoroughPlace, type StackOutputs } from './stack-outputs';

const LOCAL_DIR = join(__dirname, '..', '..', '.local');
/** The local platform's audit key (made by `npm start` on its first run; git-ignored with the rest of .local/). */
export const LOCAL_AUDIT_KEY_FILE = join(LOCAL_DIR, 'audit-key');
/** The local platform's anchors, a folder per borough. */
export const LOCAL_ANCHORS_DIR = join(LOCAL_DIR, 'audit-anchors');

/** The anchor folder of the running `npm start` the command works on (none with `--endpoint`, or when none runs). */
const platformAnchorsDir = (args: Record<string, string>): string | undefined => {
  if (args.endpoint) return undefined;
  try {
    return findPlatform(args.port === undefined ? undefined : Number(args.port)).anchorsDir;
  } catch {
    return undefined;
  }
};

/** What the audit commands need beside the table: the chain's key, the anchors' signer and where the anchors are. */
export interface AuditTools {
  key: AuditKey;
  signer: AnchorSigner;
  anchors: AnchorStore;
}

/**
 * `--aws`: the borough's KMS keys and anchor bucket, named by its stack's outputs (the operator's
 * credentials need kms:GenerateMac on the audit key and kms:Verify on the anchor key; docs/deploying.md).
 * Locally: the key file (`--audit-key FILE`, default `.local/audit-key`, never made here) and the
 * anchor folder (`--anchors DIR`, default `.local/audit-anchors/<borough>/`).
 */
export const auditToolsFromArgs = async (args: Record<string, string>, borough: BoroughPlace, outputs: StackOutputs = awsStackOutputs()): Promise<AuditTools> => {
  if (args.aws === 'true') {
    const kms = new KMSClient({ region: borough.region });
    const [keyId, anchorKeyId] = await Promise.all([boroughOutput(outputs, borough, 'AuditKeyId'), boroughOutput(outputs, borough, 'AuditAnchorKeyId')]);
    const anchors = args.anchors ? folderAnchorStore(args.anchors) : s3AnchorStore(new S3Client({ region: borough.region }), await boroughOutput(outputs, borough, 'AuditAnchorBucket'), borough.id);
    return { key: kmsAuditKey(kms, keyId, borough.id), signer: kmsAnchorSigner(kms, anchorKeyId), anchors };
  }
  const file = args['audit-key'] ?? LOCAL_AUDIT_KEY_FILE;
  return {
    key: fileAuditKey(file, false),
    signer: localAnchorSigner(localKeyBytes(file, false)),
    anchors: folderAnchorStore(args.anchors ?? join(platformAnchorsDir(args) ?? LOCAL_ANCHORS_DIR, borough.id)),
  };
};
