import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
// The function cdk-nag itself uses to name a resource in a finding (not re-exported by its index).
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { EdgeStack } from './stacks/edge-stack';
import type { BackupCopyStack } from './stacks/backup-copy-stack';
import type { BoroughStack } from './stacks/borough-stack';

interface Acknowledgement {
  id: string;
  reason: string;
}

const acknowledge = (scope: IConstruct, acks: Acknowledgement[]): void => {
  for (const ack of acks) Validations.of(scope).acknowledge(ack);
};

/**
 * The cdk-nag findings we accept, each on the narrowest construct and with its reason. Anything
 * not listed here fails `cdk synth` and the nag test.
 */
export const applyNagSuppressions = (stack: BoroughStack): void => {
  const tableArn = Stack.of(stack).resolve(stack.data.table.tableArn) as { 'Fn::GetAtt': [string, string] };
  const tableLogicalId = tableArn['Fn::GetAtt'][0];
  const anchor = stack.audit.anchorFunction;
  for (const service of [...stack.functions.values(), anchor]) {
    acknowledge(service.fn, [
      { id: 'AwsSolutions::AwsSolutions-L1', reason: 'nodejs22.x is the platform runtime (a supported LTS); bundles target node22. Moving to a newer runtime is a planned change, not drift.' },
      {
        id: 'HIPAA.Security::HIPAA.Security-LambdaDLQ',
        reason:
          service === anchor
            ? "The audit anchor's schedule event carries nothing to replay: a failed run is retried twice, raises the function's error alarm, and the next hour's run anchors again."
            : 'API functions are invoked synchronously by API Gateway: the caller receives the failure, so there is no event to dead-letter. Asynchronous consumers (notifications) do have a DLQ.',
      },
      {
        id: 'HIPAA.Security::HIPAA.Security-LambdaInsideVPC',
        reason:
          'The functions reach only DynamoDB, KMS and CloudWatch, over TLS and IAM-authorised; they open no network resources of their own, so a VPC would add NAT cost and cold-start latency without narrowing access.',
      },
      ...(stack.borough.api.reservedConcurrency === undefined
        ? [
            {
              id: 'HIPAA.Security::HIPAA.Security-LambdaConcurrency',
              reason:
                "No reserved concurrency by default: reserving 7 functions per borough would exhaust an account's quota after a few boroughs. The API's throttling bounds each borough's load, and a borough that must be guaranteed capacity sets api.reservedConcurrency (checked against the account quota at synth).",
            },
          ]
        : []),
    ]);
    const policy = service.fn.role?.node.tryFindChild('DefaultPolicy') ?? service.fn.node.findChild('Role').node.findChild('DefaultPolicy');
    acknowledge(policy, [
      {
        id: 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy',
        reason: 'CDK grants write least-privilege statements for this one role; an inline policy lives and dies with the role and cannot be attached elsewhere.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason: "Query on the borough table's own indexes (gsi1, gsi2); the wildcard covers only this table's indexes.",
      },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: "Encrypting items with the borough's own customer-managed key; the statement is limited to that key's ARN." },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: "Granted by table.grantReadWriteData for the borough's own key only; the statement is limited to that key's ARN." },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(stack).getLogicalId(service.logGroup.node.defaultChild as CfnElement)}.Arn>:*]`,
        reason: "Log streams of the function's own log group; stream names are made by Lambda at run time.",
      },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions (AWS documents Resource "*"); for notifications also sns:Publish of SMS to phone numbers, which have no ARN (a condition excludes topics); for the boroughs function cognito-idp:ListUserPools, which names no pool.',
      },
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(stack.userPoolsOfAccount))}]`,
        reason:
          "The boroughs function's Cognito admin calls (the sign-in trigger's MFA check, invitations, disabling leavers) cannot name its own pool, which depends on the function; a condition limits them to pools tagged with this borough.",
      },
    ]);
  }
  acknowledge(anchor.fn.role?.node.tryFindChild('DefaultPolicy') ?? anchor, [
    {
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(stack).getLogicalId(stack.audit.bucket.node.defaultChild as CfnElement)}.Arn>/${stack.borough.id}/*]`,
      reason: "The audit anchor reads the latest and writes a new anchor under its borough's prefix; anchor names carry their time, so they are not known in advance.",
    },
  ]);
  acknowledge(stack.audit.bucket, [
    {
      id: 'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
      reason:
        'The anchors are evidence, not data to recover: Object Lock keeps them from deletion, and a lost anchor costs only the check of the hour it covered (the next carries every claim). A replica in another region would be a second copy of patient ids to govern.',
    },
  ]);
  for (const route of stack.http.publicRoutes) {
    acknowledge(route, [{ id: 'AwsSolutions::AwsSolutions-APIG4', reason: 'Public by design: the route table declares this route public (health probe or API document); it reads no patient data.' }]);
  }
  acknowledge(stack.data.backupRole, [
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason: 'The AWS-documented service role policy for AWS Backup, used by the service only for this plan.',
    },
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      reason: 'The AWS-documented restore policy for the same role, so the restore drill (npm run backup:restore-drill) restores with the role that took the backup.',
    },
  ]);
  for (const consumer of stack.streamConsumers) {
    acknowledge(consumer.deadLetters, [
      { id: 'AwsSolutions::AwsSolutions-SQS3', reason: "This queue is itself the dead-letter queue of the stream's event source mapping (Lambda's on-failure destination)." },
    ]);
  }
  acknowledge(stack.identity.userPool, [
    {
      id: 'AwsSolutions::AwsSolutions-COG2',
      reason: 'MFA is optional so that patients on a PHB phone are not locked out; threat protection (Plus plan, full function) enforces risk-based MFA for unusual sign-ins.',
    },
  ]);
  acknowledgeWebSite(stack);
};

/**
 * The asset bucket's objects as cdk-nag names them in the deployer's policy. The name depends on what
 * the CLI knows (account, region, partition literal or not), so it is read from the policy itself
 * rather than written out, which broke synth through the CLI in any region but the one written.
 */
const assetBucketResources = (stack: BoroughStack, deployer: IConstruct): string[] => {
  const policy = deployer.node.findAll().find((c): c is iam.CfnPolicy => c instanceof iam.CfnPolicy);
  if (!policy) return [];
  const document = stack.resolve(policy.policyDocument) as { Statement: { Resource?: unknown }[] };
  return document.Statement.flatMap((statement): unknown[] => (Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource]))
    .map((resource) => flattenCfnReference(resource))
    .filter((resource) => /:s3:::cdk-[a-z0-9]+-assets-/.test(resource) && resource.endsWith('/*'));
};

/** The web front end's hosting: static files of the page, no patient data (that stays behind the API). */
const acknowledgeWebSite = (stack: BoroughStack): void => {
  const { web } = stack;
  // With the borough's own domain and its certificate, the distribution enforces TLS 1.2 itself.
  if (!stack.borough.edge.domain) {
    acknowledge(web.distribution, [
      {
        id: 'AwsSolutions::AwsSolutions-CFR4',
        reason:
          "The default *.cloudfront.net certificate cannot set a minimum TLS version: the borough file's edge.domain gives the site its own certificate with TLS 1.2 or newer (docs/first-deploy.md).",
      },
    ]);
  }
  for (const bucket of [web.bucket, web.logs]) {
    acknowledge(bucket, [
      {
        id: 'HIPAA.Security::HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Holds the built page (rebuilt from git by any deploy) or its access logs; neither holds patient data, and the bucket is versioned.',
      },
      {
        id: 'HIPAA.Security::HIPAA.Security-S3DefaultEncryptionKMS',
        reason: 'Public static files and their access logs, no patient data: S3-managed encryption; CloudFront standard logs cannot be delivered to an SSE-KMS bucket.',
      },
    ]);
  }
  acknowledge(web.logs, [{ id: 'AwsSolutions::AwsSolutions-S1', reason: 'This is the access-log bucket itself: logging it to itself would loop.' }]);
  const deployer = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!deployer) return;
  acknowledge(deployer, [
    { id: 'AwsSolutions::AwsSolutions-L1', reason: "CDK's BucketDeployment provider picks its own runtime; it runs only during a deploy." },
    {
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's BucketDeployment provider role: logs of the deploy-time copy only.",
    },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'Reads the CDK asset of the built page (CDK-generated grant on the asset bucket).' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'CDK-generated grant of the deploy-time copy on the asset and site buckets only.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:List*]', reason: 'CDK-generated grant of the deploy-time copy on the asset and site buckets only.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: 'CDK-generated grant to replace files in the site bucket only.' },
    { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'CDK-generated grant for multipart uploads into the site bucket only.' },
    { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${Stack.of(stack).getLogicalId(web.bucket.node.defaultChild as CfnElement)}.Arn>/*]`, reason: "The site bucket's own objects." },
    ...assetBucketResources(stack, deployer).map((resource) => ({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${resource}]`,
      reason: 'The CDK bootstrap asset bucket, where the built page is staged.',
    })),
    {
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'cloudfront:CreateInvalidation has no resource-level scoping in the provider; it only invalidates /index.html and /config.json after a deploy.',
    },
    { id: 'HIPAA.Security::HIPAA.Security-IAMNoInlinePolicy', reason: "CDK's BucketDeployment provider role; its policy lives and dies with it." },
    { id: 'HIPAA.Security::HIPAA.Security-LambdaConcurrency', reason: 'Runs once per deploy, invoked by CloudFormation only.' },
    { id: 'HIPAA.Security::HIPAA.Security-LambdaDLQ', reason: 'Invoked synchronously by CloudFormation, which fails the deploy on error.' },
    { id: 'HIPAA.Security::HIPAA.Security-LambdaInsideVPC', reason: 'Copies static files between two S3 buckets at deploy time; no patient data, no VPC resources.' },
  ]);
};

/** The edge stack (us-east-1): what cdk-nag asks of it that does not apply. */
export const applyEdgeNagSuppressions = (_stack: EdgeStack): void => {};

/** The backup account's stack: what cdk-nag asks of it that does not apply. */
export const applyBackupCopyNagSuppressions = (_stack: BackupCopyStack): void => {};
