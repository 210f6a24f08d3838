import { Template } from 'aws-cdk-lib/assertions';
import type { Stack } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app';
import { loadBoroughs } from '../../infra/boroughs';
import { COPY_MAX_RETENTION_DAYS, COPY_MIN_RETENTION_DAYS, LOCK_GRACE_DAYS } from '../../infra/stacks/backup-copy-stack';

const BOROUGH_ACCOUNT = '111111111111';
const BACKUP_ACCOUNT = '222222222222';

describe('backups copied to a locked vault in a separate account (issue 26 item 8)', () => {
  const demo = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;
  const borough = { ...demo, backup: { copyToAccount: BACKUP_ACCOUNT } };
  // One synth for both: a borough with a backup account, and one without (newham).
  const without = loadBoroughs().find((b) => b.id === 'newham')!;
  const { app, stacks } = buildApp([borough, without], {}, { account: BOROUGH_ACCOUNT });
  const copyStack = app.node.findChild('Recovery-city-and-hackney-backup-copy') as Stack;
  const copies = Template.fromStack(copyStack);
  const main = Template.fromStack(stacks[0]!);

  it('puts the copy vault in the backup account, in the borough region, encrypted with a key of that account', () => {
    expect({ account: copyStack.account, region: copyStack.region }).toEqual({ account: BACKUP_ACCOUNT, region: 'eu-west-2' });
    copies.hasResourceProperties('AWS::Backup::BackupVault', {
      BackupVaultName: 'recovery-city-and-hackney-copy',
      EncryptionKeyArn: { 'Fn::GetAtt': [copies.toJSON() && Object.keys(copies.findResources('AWS::KMS::Key'))[0], 'Arn'] },
    });
  });

  it('locks the vault: copies kept at least 35 days, at most 400, the lock fixed after 3 days', () => {
    copies.hasResourceProperties('AWS::Backup::BackupVault', {
      LockConfiguration: { MinRetentionDays: COPY_MIN_RETENTION_DAYS, MaxRetentionDays: COPY_MAX_RETENTION_DAYS, ChangeableForDays: LOCK_GRACE_DAYS },
    });
    // Every copy's retention fits the lock, or AWS Backup would refuse the copy job.
    const rules = Object.values(main.findResources('AWS::Backup::BackupPlan'))[0]!.Properties.BackupPlan.BackupPlanRule as { CopyActions: { Lifecycle: { DeleteAfterDays: number } }[] }[];
    for (const rule of rules) {
      const days = rule.CopyActions[0]!.Lifecycle.DeleteAfterDays;
      expect(days).toBeGreaterThanOrEqual(COPY_MIN_RETENTION_DAYS);
      expect(days).toBeLessThanOrEqual(COPY_MAX_RETENTION_DAYS);
    }
  });

  it("lets only the borough's account copy in", () => {
    const vault = Object.values(copies.findResources('AWS::Backup::BackupVault'))[0]!.Properties;
    const statements = vault.AccessPolicy.Statement as { Action: string; Principal: { AWS: unknown } }[];
    expect(statements).toHaveLength(1);
    expect(statements[0]!.Action).toBe('backup:CopyIntoBackupVault');
    expect(JSON.stringify(statements[0]!.Principal.AWS)).toContain(`:iam::${BOROUGH_ACCOUNT}:root`);
  });

  it("copies every backup rule's recovery points to that vault, by its ARN in the backup account", () => {
    const rules = Object.values(main.findResources('AWS::Backup::BackupPlan'))[0]!.Properties.BackupPlan.BackupPlanRule as {
      RuleName: string;
      CopyActions: { DestinationBackupVaultArn: unknown }[];
    }[];
    expect(rules.map((r) => r.RuleName).sort()).toEqual(['Daily', 'Monthly']);
    for (const rule of rules) expect(JSON.stringify(rule.CopyActions[0]!.DestinationBackupVaultArn)).toMatch(/:backup:eu-west-2:222222222222:backup-vault:recovery-city-and-hackney-copy/);
  });

  it("lets the backup account use the borough's key, which the copied recovery points are encrypted with", () => {
    const key = Object.values(main.findResources('AWS::KMS::Key'))[0]!.Properties;
    const statements = key.KeyPolicy.Statement as { Sid?: string; Action: string[] | string; Principal: { AWS: unknown }; Condition?: unknown }[];
    const copies = statements.filter((st) => st.Sid?.startsWith('CopiesToTheBackupAccount'));
    expect(copies.map((st) => st.Action)).toEqual([['kms:Decrypt', 'kms:DescribeKey', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], 'kms:CreateGrant']);
    for (const st of copies) expect(JSON.stringify(st.Principal.AWS)).toContain(`:iam::${BACKUP_ACCOUNT}:root`);
    expect(copies[1]!.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });

  it('refuses, naming the field, when the deploying account is unknown or is the backup account itself', () => {
    expect(() => buildApp([borough])).toThrow(/field "backup.copyToAccount" needs the account the borough deploys to/);
    expect(() => buildApp([borough], {}, { account: BACKUP_ACCOUNT })).toThrow(/field "backup.copyToAccount" is the account the borough deploys to/);
  });

  it('makes no copy stack, and no copy rule, for a borough without a backup account', () => {
    expect(app.node.tryFindChild('Recovery-newham-backup-copy')).toBeUndefined();
    const rules = Object.values(Template.fromStack(stacks[1]!).findResources('AWS::Backup::BackupPlan'))[0]!.Properties.BackupPlan.BackupPlanRule as { CopyActions?: unknown }[];
    for (const rule of rules) expect(rule.CopyActions).toBeUndefined();
  });
});
