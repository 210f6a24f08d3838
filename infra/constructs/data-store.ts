import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { tableDefinition } from '../../shared/store/table-definition';

/** A borough's data: its customer-managed key, its one table (from the shared definition) and its backups. */
export class DataStore extends Construct {
  readonly key: kms.Key;
  readonly table: dynamodb.Table;
  readonly backupRole: iam.IRole;
  readonly vault: backup.BackupVault;

  /** `copyTo`: the locked vault of the backup account (infra/stacks/backup-copy-stack.ts), when the borough has one. */
  constructor(scope: Construct, id: string, props: { boroughId: string; copyTo?: { vault: backup.IBackupVault; account: string } }) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      alias: `alias/recovery-${props.boroughId}`,
      description: `Encrypts the recovery platform data of ${props.boroughId}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    const string = dynamodb.AttributeType.STRING;
    // No fixed name: a table retained by a failed first deploy must not block the retry, and a change
    // that replaces the table must be possible. Ops commands read the name from the stack's outputs.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: tableDefinition.partitionKey, type: string },
      sortKey: { name: tableDefinition.sortKey, type: string },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: tableDefinition.timeToLiveAttribute,
      deletionProtection: true,
      // RETAIN, not RETAIN_ON_UPDATE_OR_DELETE: deletion protection would make a failed first create's
      // rollback fail (ROLLBACK_FAILED, no retry possible). Retained, the empty table of a failed
      // first deploy is left under its generated name (docs/deploying.md says how to remove it).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableDefinition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: string },
        sortKey: { name: index.sortKey, type: string },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    // Point-in-time recovery covers 35 days; AWS Backup keeps monthly copies for a year.
    this.vault = new backup.BackupVault(this, 'Vault', {
      // Vault names must be unique in the account and region: the stack's own UUID makes a vault kept
      // from a deleted stack never collide with its successor's.
      backupVaultName: `recovery-${props.boroughId.slice(0, 28)}-${Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))))}`,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    const plan = new backup.BackupPlan(this, 'BackupPlan', { backupPlanName: `${Stack.of(this).stackName}-backup`, backupVault: this.vault });
    // Each copy is kept as long as its original (within the copy vault's lock).
    const copyTo = props.copyTo;
    const copy = (deleteAfter: Duration) => (copyTo ? { copyActions: [{ destinationBackupVault: copyTo.vault, deleteAfter }] } : {});
    if (copyTo) {
      // Recovery points encrypted with this key are copied across accounts only if the backup account
      // may use the key (AWS Backup, "Creating backup copies across AWS accounts").
      const backupAccount = new iam.AccountPrincipal(copyTo.account);
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CopiesToTheBackupAccount',
          principals: [backupAccount],
          actions: ['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          resources: ['*'],
        }),
      );
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'CopiesToTheBackupAccountGrants',
          principals: [backupAccount],
          actions: ['kms:CreateGrant'],
          resources: ['*'],
          conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
        }),
      );
    }
    const daily = Duration.days(35);
    const monthly = Duration.days(365);
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Daily', scheduleExpression: events.Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: daily, ...copy(daily) }));
    plan.addRule(new backup.BackupPlanRule({ ruleName: 'Monthly', scheduleExpression: events.Schedule.cron({ day: '1', hour: '4', minute: '0' }), deleteAfter: monthly, ...copy(monthly) }));
    // The restore drill (npm run backup:restore-drill) restores with the same role.
    const selection = plan.addSelection('Table', { resources: [backup.BackupResource.fromDynamoDbTable(this.table)], allowRestores: true });
    this.backupRole = selection.grantPrincipal as iam.IRole;
    this.key.grantEncryptDecrypt(new iam.ServicePrincipal('backup.amazonaws.com'));
  }
}
