import { Duration, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { BoroughConfig } from '../../shared/domain/borough-config';

/** How long copies are kept at least: no one, not even the backup account's root, can delete them sooner. */
export const COPY_MIN_RETENTION_DAYS = 35;
/** The longest a copy may be kept (the monthly copies' year, with room). */
export const COPY_MAX_RETENTION_DAYS = 400;
/** Days after creation before the lock can no longer be changed or removed (Vault Lock compliance mode). */
export const LOCK_GRACE_DAYS = 3;

/** The copy vault's name: fixed, because the borough's account names it in its copy rules. */
export const copyVaultName = (boroughId: string): string => `recovery-${boroughId.slice(0, 36)}-copy`; // vault names: 50 characters at most

export interface BackupCopyStackProps extends StackProps {
  borough: BoroughConfig;
  /** The account the borough's stack runs in, whose backups may be copied in. */
  sourceAccount: string;
}

/**
 * A borough's backups out of reach of its own account (issue 26 item 8): a vault in a separate backup
 * account, encrypted with that account's key, under Vault Lock (compliance mode once the grace days
 * have passed), into which only the borough's account may copy.
 */
export class BackupCopyStack extends Stack {
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: BackupCopyStackProps) {
    super(scope, id, props);
    Tags.of(this).add('borough', props.borough.id);
    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the copied backups of the recovery platform ${props.borough.id}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: copyVaultName(props.borough.id),
      encryptionKey: key,
      // A failed first create removes the empty vault (the lock's grace period has not begun to matter),
      // so a retry finds no vault of that name; afterwards the vault and its copies are kept.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      lockConfiguration: { minRetention: Duration.days(COPY_MIN_RETENTION_DAYS), maxRetention: Duration.days(COPY_MAX_RETENTION_DAYS), changeableFor: Duration.days(LOCK_GRACE_DAYS) },
      accessPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({ sid: 'CopyFromTheBoroughAccount', actions: ['backup:CopyIntoBackupVault'], resources: ['*'], principals: [new iam.AccountPrincipal(props.sourceAccount)] }),
        ],
      }),
    });
    key.grantEncryptDecrypt(new iam.ServicePrincipal('backup.amazonaws.com'));
  }
}
