import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditMacOf, type AuditKeyring } from '../../shared/domain/audit';
import { fixedAuditKey } from '../../shared/runtime/audit-key';

/** The tests' audit key: fixed, so that a chain sealed in one test verifies in another. 32 bytes. */
export const TEST_AUDIT_SECRET = Buffer.from('recovery-platform test audit key', 'utf8');

export const TEST_AUDIT_KEY = fixedAuditKey(TEST_AUDIT_SECRET);

/** The test key as the chain functions take it. */
export const TEST_AUDIT_MAC = auditMacOf(TEST_AUDIT_SECRET);

/** What a verifier holds in the tests: the test key alone. */
export const TEST_KEYRING: AuditKeyring = new Map([[TEST_AUDIT_MAC.kid, TEST_AUDIT_MAC]]);

/** The test key as a key file in `dir`, for the ops commands (`--audit-key FILE`) run as an operator would. */
export const writeTestAuditKeyFile = (dir: string): string => {
  const file = join(dir, 'audit-key');
  writeFileSync(file, TEST_AUDIT_SECRET.toString('base64'), { mode: 0o600 });
  return file;
};
