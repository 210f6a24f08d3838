import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/**
 * The outputs of deployed stacks. AWS names a borough's table, vault and log groups (no fixed
 * physical names, so a failed first deploy can be retried), so ops commands look the names up here.
 */
export interface StackOutputs {
  /** The stack's outputs by key, or undefined when there is no such stack in that region. */
  get(stackName: string, region: string): Promise<Record<string, string> | undefined>;
}

/** A borough as far as its stack goes: its id and the region its borough file names. */
export interface BoroughPlace {
  id: string;
  region: string;
}

/** The outputs ops commands read from a borough's stack (infra/stacks/borough-stack.ts). */
export type BoroughOutputKey = 'TableName' | 'BackupVaultName' | 'AuditKeyId' | 'AuditAnchorKeyId' | 'AuditAnchorBucket';

/** Where an operator reads how to deploy a borough. */
export const DEPLOY_DOC = 'docs/deploying.md';

/** Raised when a borough's stack or one of its outputs is not there; the message says what to do. */
export class StackOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackOutputError';
  }
}

/**
 * The stack of a borough, as `stackIdFor` in infra/app.ts names it (repeated here so that an ops
 * command does not load the CDK app; a unit test holds the two together).
 */
export const boroughStackName = (boroughId: string): string => `Recovery-${boroughId}`;

/**
 * One output of a borough's deployed stack, in the region its borough file names.
 * @example const table = await boroughOutput(awsStackOutputs(), borough, 'TableName')
 */
export const boroughOutput = async (outputs: StackOutputs, borough: BoroughPlace, key: BoroughOutputKey): Promise<string> => {
  const stackName = boroughStackName(borough.id);
  const found = await outputs.get(stackName, borough.region);
  if (!found) throw new StackOutputError(`There is no stack ${stackName} in ${borough.region}: deploy it first (${DEPLOY_DOC}).`);
  const value = found[key];
  if (!value) throw new StackOutputError(`Stack ${stackName} in ${borough.region} has no output ${key}: deploy it first (${DEPLOY_DOC}).`);
  return value;
};

/** CloudFormation's DescribeStacks, with the operator's usual AWS credentials. */
export const awsStackOutputs = (): StackOutputs => ({
  get: async (stackName, region) => {
    const cloudFormation = new CloudFormationClient({ region });
    try {
      const { Stacks = [] } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
      const stack = Stacks[0];
      if (!stack) return undefined;
      return Object.fromEntries((stack.Outputs ?? []).flatMap((o): [string, string][] => (o.OutputKey && o.OutputValue !== undefined ? [[o.OutputKey, o.OutputValue]] : [])));
    } catch (error) {
      // CloudFormation answers a stack it does not know with a ValidationError, not an empty list.
      if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) return undefined;
      throw error;
    } finally {
      cloudFormation.destroy();
    }
  },
});
