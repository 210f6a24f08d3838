import { demoApp } from '../demo-app';
import { Template } from 'aws-cdk-lib/assertions';

// Issue 26 item 2: a failed first deploy keeps what it retains; a kept resource with a fixed name
// makes the retry fail with "already exists". Only names AWS does not require to be unique may be set.
const NAMES_THAT_NEED_NOT_BE_UNIQUE = new Set(['UserPoolName', 'Name', 'Description', 'ScopeName', 'GroupName', 'ClientName', 'Identifier']);

describe('a failed first deploy can be retried (city-and-hackney)', () => {
  const { stack } = demoApp();
  const template = Template.fromStack(stack).toJSON() as { Resources: Record<string, { Type: string; DeletionPolicy?: string; UpdateReplacePolicy?: string; Properties?: Record<string, unknown> }> };
  const kept = Object.entries(template.Resources).filter(([, r]) => r.DeletionPolicy === 'Retain' || r.DeletionPolicy === 'RetainExceptOnCreate');

  it('keeps the data that must survive: table, user pool, key, backup vault, logs', () => {
    const types = new Set(kept.map(([, r]) => r.Type));
    for (const type of ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::KMS::Key', 'AWS::Backup::BackupVault', 'AWS::Logs::LogGroup']) expect(types).toContain(type);
  });

  it.each(['AWS::KMS::Key', 'AWS::Backup::BackupVault', 'AWS::Logs::LogGroup', 'AWS::S3::Bucket'])('%s: kept on update or delete, removed when its own first create rolls back', (type) => {
    const resources = Object.values(template.Resources).filter((r) => r.Type === type);
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(r).toMatchObject({ DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });
  });

  it('the table and user pool, which have deletion protection, are plain Retain (a rollback could not delete them)', () => {
    for (const r of Object.values(template.Resources).filter((x) => ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool'].includes(x.Type))) {
      expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  it('no kept resource has a fixed name that must be unique', () => {
    const fixed = kept.flatMap(([id, r]) =>
      Object.entries(r.Properties ?? {})
        .filter(([property, value]) => property.endsWith('Name') && !NAMES_THAT_NEED_NOT_BE_UNIQUE.has(property) && typeof value === 'string')
        .map(([property, value]) => `${id}.${property} = ${String(value)}`),
    );
    expect(fixed).toEqual([]);
  });

  it('no function has a fixed name (two environments of a borough may share an account)', () => {
    const named = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.FunctionName !== undefined);
    expect(named).toEqual([]);
  });

  it('names the table and the backup vault in the stack outputs, where the ops commands read them', () => {
    const outputs = (template as unknown as { Outputs: Record<string, unknown> }).Outputs;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['TableName', 'BackupVaultName']));
  });
});
