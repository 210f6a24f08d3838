import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AUDIT_APPENDERS, AUDIT_ENTRY_ONLY_ATTRIBUTES, TABLE_ACCESS } from '../../../functions/table-access';
import { ANCHOR_PROTECTED_ACTIONS, ANCHOR_RETENTION_DAYS } from '../../../infra/constructs/audit-anchoring';
import { auditChainKeyAlias } from '../../../shared/runtime/kms-audit-key';
import { pushVapidKeyAlias } from '../../../shared/runtime/push-keys';
import { demoApp } from '../demo-app';
import { serviceFunctions } from '../service-functions';

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('the anchored, keyed audit (city-and-hackney)', () => {
  const { borough, stack } = demoApp();
  const template = Template.fromStack(stack);
  const functions = serviceFunctions(template);
  const resolve = (value: unknown): unknown => Stack.of(stack).resolve(value);
  const ref = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [Stack.of(stack).getLogicalId(construct.node.defaultChild as never), 'Arn'] });

  /** Every identity policy statement of the stack, by the role it is attached to. */
  const statementsByRole = (): Map<string, Statement[]> => {
    const byRole = new Map<string, Statement[]>();
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy')) as { Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: Statement[] } } }[]) {
      for (const role of policy.Properties.Roles) byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...policy.Properties.PolicyDocument.Statement]);
    }
    return byRole;
  };
  const roleOf = (service: string): string => {
    const fn = service === 'audit-anchor' ? stack.audit.anchorFunction : stack.functions.get(service)!;
    return Stack.of(stack).getLogicalId(fn.fn.role!.node.defaultChild as never);
  };
  const allows = (statements: Statement[], action: string) =>
    statements.filter((s) => s.Effect === 'Allow' && asList(s.Action).some((a) => a === action || (a.endsWith('*') && action.startsWith(a.slice(0, -1)))));

  it('has a KMS HMAC key for the chain (by a fixed alias) and an ECC signing key for the anchors, both kept when the stack goes', () => {
    template.hasResource('AWS::KMS::Key', {
      Properties: Match.objectLike({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }), DeletionPolicy: 'RetainExceptOnCreate' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: auditChainKeyAlias(borough.id), TargetKeyId: resolve(stack.audit.chainKey.keyArn) });
  });

  it('gives kms:GenerateMac on the chain key (HMAC_SHA_256 only) to exactly the functions that append audit entries, and no key in any environment', () => {
    const chainKey = resolve(stack.audit.chainKey.keyArn);
    const holders = [...statementsByRole()].filter(([, statements]) => allows(statements, 'kms:GenerateMac').some((s) => JSON.stringify(s.Resource) === JSON.stringify(chainKey)));
    expect(holders.map(([role]) => role).sort()).toEqual([...AUDIT_APPENDERS].map(roleOf).sort());
    for (const [, statements] of holders) {
      expect(allows(statements, 'kms:GenerateMac')).toEqual([expect.objectContaining({ Action: 'kms:GenerateMac', Condition: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } })]);
    }
    for (const [, fn] of functions) {
      const variables = fn.properties.Environment?.Variables ?? {};
      expect(Object.keys(variables).filter((name) => /AUDIT_KEY|VAPID|SECRET|PLAINTEXT/i.test(name))).toEqual([]);
    }
  });

  // Web Push's VAPID key is derived the same way (infra/constructs/push-keys.ts): these helpers read it too.
  it('lets only the notifications function derive the VAPID key of Web Push (GenerateMac on its own HMAC key, kept when the stack goes), with no key in any environment', () => {
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: pushVapidKeyAlias(borough.id), TargetKeyId: resolve(stack.push!.key.keyArn) });
    template.hasResource('AWS::KMS::Key', { Properties: Match.objectLike({ KeySpec: 'HMAC_256', Description: Match.stringLikeRegexp('VAPID') }), DeletionPolicy: 'RetainExceptOnCreate' });
    const pushKey = JSON.stringify(resolve(stack.push!.key.keyArn));
    const holders = [...statementsByRole()].filter(([, statements]) => statements.some((s) => s.Effect === 'Allow' && JSON.stringify(s.Resource) === pushKey));
    expect(holders.map(([role]) => role)).toEqual([roleOf('notifications')]);
    expect(holders[0]![1].filter((s) => JSON.stringify(s.Resource) === pushKey)).toEqual([
      expect.objectContaining({ Action: 'kms:GenerateMac', Condition: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } }),
    ]);
    for (const [, fn] of functions) expect(Object.keys(fn.properties.Environment?.Variables ?? {}).filter((name) => /VAPID|PUSH/i.test(name))).toEqual([]);
  });

  it('lets only the anchor function sign anchors', () => {
    const signers = [...statementsByRole()].filter(([, statements]) => allows(statements, 'kms:Sign').length > 0);
    expect(signers.map(([role]) => role)).toEqual([roleOf('audit-anchor')]);
  });

  it('keeps anchors in a versioned, encrypted, private, TLS-only bucket with Object Lock in compliance mode', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: ANCHOR_RETENTION_DAYS } } },
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) })] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      }),
      DeletionPolicy: 'RetainExceptOnCreate',
    });
  });

  it('lets only the anchor function put objects in the bucket; nobody in the stack may delete one or touch its lock, and the bucket policy denies it to everyone', () => {
    const bucketArn = resolve(stack.audit.bucket.bucketArn);
    const onBucket = (s: Statement) => JSON.stringify(s.Resource ?? '').includes(JSON.stringify(bucketArn).slice(1, -1)) || JSON.stringify(s.Resource ?? '') === '"*"';
    const putters = [...statementsByRole()].filter(([, statements]) => allows(statements, 's3:PutObject').some(onBucket));
    expect(putters.map(([role]) => role)).toEqual([roleOf('audit-anchor')]);
    for (const [, statements] of statementsByRole()) {
      for (const action of [...ANCHOR_PROTECTED_ACTIONS, 's3:PutBucketObjectLockConfiguration']) expect(allows(statements, action).filter(onBucket)).toEqual([]);
    }

    const bucketPolicy = template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: resolve(stack.audit.bucket.bucketName) } });
    const statements = (Object.values(bucketPolicy)[0] as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Action: 's3:PutObject', Condition: { ArnNotEquals: { 'aws:PrincipalArn': ref(stack.audit.anchorFunction.fn.role! as never) } } }),
        expect.objectContaining({ Effect: 'Deny', Action: [...ANCHOR_PROTECTED_ACTIONS] }),
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      ]),
    );
  });

  it('anchors every hour, retrying a failed run, and alarms when a run fails (a tampered chain fails it)', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [Match.objectLike({ Arn: resolve(stack.audit.anchorFunction.fn.functionArn), RetryPolicy: { MaximumRetryAttempts: 2 } })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `${stack.stackName}-audit-anchor-errors`, MetricName: 'Errors' });
  });

  it('gives the anchor function reads only on the table: a Scan of the heads, the entries it compares', () => {
    const dynamo = statementsByRole()
      .get(roleOf('audit-anchor'))!
      .filter((s) => asList(s.Action).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.flatMap((s) => asList(s.Action)).sort()).toEqual(TABLE_ACCESS['audit-anchor']!.actions.map((a) => `dynamodb:${a}`).sort());
  });

  describe('what IAM can say of audit entries, which share a partition with the data', () => {
    const writers = [...stack.functions.keys()];
    // The retention sweep alone removes whole records, chains included, after their tombstone (docs/records.md).
    const appenders = writers.filter((service) => TABLE_ACCESS[service]?.removesAuditChains !== true);

    it.each(appenders)('%s: denied DeleteItem and BatchWriteItem in any patient partition', (service) => {
      expect(statementsByRole().get(roleOf(service))).toEqual(
        expect.arrayContaining([
          {
            Effect: 'Deny',
            Action: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
            Resource: resolve(stack.data.table.tableArn),
            Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [`B#${borough.id}#P#*`] } },
          },
        ]),
      );
    });

    it.each(writers)('%s: denied an UpdateItem that names an attribute only audit entries have', (service) => {
      expect(statementsByRole().get(roleOf(service))).toEqual(
        expect.arrayContaining([
          {
            Effect: 'Deny',
            Action: 'dynamodb:UpdateItem',
            Resource: resolve(stack.data.table.tableArn),
            Condition: { 'ForAnyValue:StringEquals': { 'dynamodb:Attributes': [...AUDIT_ENTRY_ONLY_ATTRIBUTES] } },
          },
        ]),
      );
    });
  });

  it('names the keys and the bucket in the outputs, for audit:verify --aws', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['AuditKeyId', 'AuditAnchorKeyId', 'AuditAnchorBucket']));
  });
});
