import { BackupClient, DescribeRestoreJobCommand, GetRecoveryPointRestoreMetadataCommand, paginateListRecoveryPointsByBackupVault, StartRestoreJobCommand } from '@aws-sdk/client-backup';
import { DrillError, type RestoreSource } from './drill-flow';

/** A recovery point of a backup vault, as much of it as the drill needs. */
export interface RecoveryPoint {
  arn: string;
  resourceArn: string;
  resourceType: string;
  status: string;
  createdAt: Date;
  /** The role that took the backup; the restore uses it unless told another. */
  iamRoleArn?: string;
}

export interface RestoreJobState {
  status: 'PENDING' | 'RUNNING' | 'COMPLETED' | 'ABORTED' | 'FAILED';
  message?: string;
}

/** AWS Backup, as much of it as the drill needs: a fake in unit tests, the SDK in AWS. */
export interface BackupVaults {
  recoveryPoints(vaultName: string): Promise<RecoveryPoint[]>;
  /** The settings the resource had when backed up (for a table: its encryption), to restore with. */
  restoreMetadata(vaultName: string, recoveryPointArn: string): Promise<Record<string, string>>;
  startRestore(input: { recoveryPointArn: string; metadata: Record<string, string>; iamRoleArn: string }): Promise<string>;
  restoreJob(jobId: string): Promise<RestoreJobState>;
}

/** The newest completed recovery point of one table, among a vault's recovery points. */
export const latestTableRecoveryPoint = (points: readonly RecoveryPoint[], tableName: string): RecoveryPoint | undefined =>
  points.filter((p) => p.resourceType === 'DynamoDB' && p.resourceArn.endsWith(`:table/${tableName}`) && p.status === 'COMPLETED').sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];

export interface BackupSourceOptions {
  backup: BackupVaults;
  vaultName: string;
  /** The borough's live table, whose backups are restored. */
  tableName: string;
  /** The role AWS Backup restores with; default: the role that took the backup. */
  iamRoleArn?: string;
  pollMs?: number;
  /** How long the restore job may run (a large table takes a while). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  clock?: () => Date;
}

/**
 * AWS Backup's latest completed recovery point of the borough's table, restored by a restore job
 * into the drill table (with the encryption settings it was backed up with).
 */
export const backupRestoreSource = ({
  backup,
  vaultName,
  tableName,
  iamRoleArn,
  pollMs = 15_000,
  timeoutMs = 2 * 60 * 60 * 1000,
  sleep = (ms) => new Promise((done) => setTimeout(done, ms)),
  clock = () => new Date(),
}: BackupSourceOptions): RestoreSource => ({
  restoreInto: async (targetTableName) => {
    const point = latestTableRecoveryPoint(await backup.recoveryPoints(vaultName), tableName);
    if (!point) throw new DrillError(`The vault ${vaultName} has no completed recovery point of the table ${tableName} yet (the first daily backup runs at 03:00 UTC after a deploy).`);
    const role = iamRoleArn ?? point.iamRoleArn;
    if (!role) throw new DrillError(`The recovery point ${point.arn} names no IAM role to restore with: pass --iam-role ARN.`);
    const metadata = { ...(await backup.restoreMetadata(vaultName, point.arn)), targetTableName };
    const jobId = await backup.startRestore({ recoveryPointArn: point.arn, metadata, iamRoleArn: role });
    const deadline = clock().getTime() + timeoutMs;
    for (;;) {
      const job = await backup.restoreJob(jobId);
      if (job.status === 'COMPLETED') return { takenAt: point.createdAt, source: `recovery point ${point.arn} of vault ${vaultName}` };
      if (job.status === 'FAILED' || job.status === 'ABORTED') {
        throw new DrillError(`The restore job ${jobId} ${job.status.toLowerCase()}${job.message ? `: ${job.message}` : ''}.`);
      }
      if (clock().getTime() >= deadline) {
        throw new DrillError(`The restore job ${jobId} is still ${job.status.toLowerCase()} after ${Math.round(timeoutMs / 60_000)} min: when it ends, delete the table ${targetTableName}.`);
      }
      await sleep(pollMs);
    }
  },
});

/** AWS Backup in a borough's region, with the operator's usual AWS credentials. */
export const awsBackupVaults = (region: string): BackupVaults => {
  const client = new BackupClient({ region });
  return {
    recoveryPoints: async (vaultName) => {
      const points: RecoveryPoint[] = [];
      for await (const page of paginateListRecoveryPointsByBackupVault({ client }, { BackupVaultName: vaultName, ByResourceType: 'DynamoDB' })) {
        for (const p of page.RecoveryPoints ?? []) {
          if (!p.RecoveryPointArn || !p.ResourceArn || !p.CreationDate) continue;
          points.push({
            arn: p.RecoveryPointArn,
            resourceArn: p.ResourceArn,
            resourceType: p.ResourceType ?? '',
            status: p.Status ?? '',
            createdAt: p.CreationDate,
            ...(p.IamRoleArn ? { iamRoleArn: p.IamRoleArn } : {}),
          });
        }
      }
      return points;
    },
    restoreMetadata: async (vaultName, recoveryPointArn) => {
      const { RestoreMetadata = {} } = await client.send(new GetRecoveryPointRestoreMetadataCommand({ BackupVaultName: vaultName, RecoveryPointArn: recoveryPointArn }));
      return RestoreMetadata;
    },
    startRestore: async ({ recoveryPointArn, metadata, iamRoleArn }) => {
      const { RestoreJobId } = await client.send(new StartRestoreJobCommand({ RecoveryPointArn: recoveryPointArn, Metadata: metadata, IamRoleArn: iamRoleArn, ResourceType: 'DynamoDB' }));
      if (!RestoreJobId) throw new DrillError(`AWS Backup started no restore job for ${recoveryPointArn}.`);
      return RestoreJobId;
    },
    restoreJob: async (jobId) => {
      const job = await client.send(new DescribeRestoreJobCommand({ RestoreJobId: jobId }));
      return { status: job.Status ?? 'PENDING', ...(job.StatusMessage ? { message: job.StatusMessage } : {}) };
    },
  };
};
