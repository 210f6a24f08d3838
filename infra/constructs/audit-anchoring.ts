import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { TABLE_ACCESS } from '../../functions/table-access';
import type { BoroughConfig } from '../../shared/domain/borough-config';
import { ServiceFunction } from './service-function';
import type { WatchedSchedule } from './operations';
import { required } from '../required';
import { auditAnchorKeyAlias, auditChainKeyAlias } from '../../shared/runtime/kms-audit-key';

/**
 * How long each anchor is locked (S3 Object Lock, compliance mode: nobody, the root user included,
 * can delete or overwrite it, or shorten this, until it runs out). Every anchor carries forward every
 * earlier claim, so the latest locked one is enough to verify against; 400 days keeps more than a
 * year of anchors (an annual audit, with a margin) without locking storage for decades (docs/security.md).
 */
export const ANCHOR_RETENTION_DAYS = 400;

/** How often the anchor runs: what can be rebuilt, by someone holding the key, without the anchor seeing it is at most this much. */
export const ANCHOR_PERIOD = Duration.hours(1);

/** Object actions nobody in the stack may have on the anchor bucket, and the bucket policy denies to everyone. */
export const ANCHOR_PROTECTED_ACTIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectRetention', 's3:BypassGovernanceRetention', 's3:PutObjectLegalHold'] as const;

export interface AuditAnchoringProps {
  borough: BoroughConfig;
  table: dynamodb.ITable;
  /** The borough's data key: the anchor bucket is encrypted with it, as the table is. */
  key: kms.IKey;
  /** Where the bucket's server access logs go. */
  accessLogs: s3.IBucket;
}

/**
 * The anchored, keyed audit of a borough (docs/security.md, "The audit log"): the KMS HMAC key that
 * derives the chain's key, the KMS signing key of the anchors, the Object Lock bucket they go to, and
 * the function that writes one every hour.
 */
export class AuditAnchoring extends Construct {
  /** HMAC_256: the appending functions derive the chain's working key from it (one GenerateMac per container). */
  readonly chainKey: kms.Key;
  /** ECC_NIST_P256: only the anchor function may sign with it. */
  readonly anchorKey: kms.Key;
  readonly bucket: s3.Bucket;
  readonly anchorFunction: ServiceFunction;
  readonly schedule: WatchedSchedule;

  constructor(scope: Construct, id: string, props: AuditAnchoringProps) {
    super(scope, id);
    const { borough } = props;
    // Kept when the stack goes (removed only when their own first create rolls back): without the chain
    // key no chain verifies, without the anchor key no anchor.
    this.chainKey = new kms.Key(this, 'ChainKey', {
      alias: auditChainKeyAlias(borough.id),
      description: `Derives the key that seals the audit entries of ${borough.id}`,
      keySpec: kms.KeySpec.HMAC_256,
      keyUsage: kms.KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.anchorKey = new kms.Key(this, 'AnchorKey', {
      alias: auditAnchorKeyAlias(borough.id),
      description: `Signs the anchors of the audit chains of ${borough.id}`,
      keySpec: kms.KeySpec.ECC_NIST_P256,
      keyUsage: kms.KeyUsage.SIGN_VERIFY,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.bucket = new s3.Bucket(this, 'Anchors', {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(ANCHOR_RETENTION_DAYS)),
      versioned: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'audit-anchors/',
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });

    const fn = (this.anchorFunction = new ServiceFunction(this, 'Function', {
      service: 'audit-anchor',
      borough,
      tableName: props.table.tableName,
      key: props.key,
      // A Scan of the whole table: minutes for a large borough, not seconds.
      timeout: Duration.minutes(5),
      // The signing key it names by its alias: the borough file fills most of the 4 KB environment.
      environment: { AUDIT_ANCHOR_BUCKET: this.bucket.bucketName },
    }));
    fn.grantTable(props.table, props.key, borough.id, TABLE_ACCESS['audit-anchor'] ?? { actions: [] });
    fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Sign', 'kms:Verify'], resources: [this.anchorKey.keyArn] }));
    // Reads the latest anchor (a listing of its borough's prefix and one object) and writes a new one.
    fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [`${borough.id}/*`] } } }));
    fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects(`${borough.id}/*`)] }));
    // Nobody but the anchor function writes anchors; nobody deletes one or changes its lock (Object Lock
    // refuses those anyway while it runs; this also holds once it ran out, and for every principal).
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': required(fn.fn.role, 'the anchor function role').roleArn } },
      }),
    );
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: [...ANCHOR_PROTECTED_ACTIONS], resources: [this.bucket.arnForObjects('*')] }),
    );

    const hourly = new events.Rule(this, 'Hourly', {
      description: `Anchors every audit chain head of ${borough.id}`,
      schedule: events.Schedule.rate(ANCHOR_PERIOD),
      targets: [new targets.LambdaFunction(fn.fn, { retryAttempts: 2 })],
    });
    this.schedule = { name: 'audit-anchor', rule: hourly, every: ANCHOR_PERIOD };
  }

  /**
   * Lets a function that appends audit entries derive the chain's key: GenerateMac with HMAC_SHA_256 on
   * the chain key, nothing else. It names the key by its alias (from the borough id it already has), so
   * its environment, near Lambda's 4 KB, carries nothing more.
   */
  grantAppend(fn: ServiceFunction): void {
    fn.fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:GenerateMac'], resources: [this.chainKey.keyArn], conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } }));
  }
}
