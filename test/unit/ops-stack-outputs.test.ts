import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { stackIdFor } from '../../infra/app';
import { awsStackOutputs, boroughOutput, boroughStackName, type StackOutputs } from '../../infra/ops/stack-outputs';
import { storeFromArgs } from '../../infra/ops/store-from-args';

const BOROUGH = { id: 'newham', region: 'eu-west-2' };

/** Deployed stacks by `name@region`, with what each call asked for. */
const inMemoryOutputs = (stacks: Record<string, Record<string, string>>): StackOutputs & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    get: async (stackName, region) => {
      asked.push(`${stackName}@${region}`);
      return stacks[`${stackName}@${region}`];
    },
  };
};

describe('ops commands find names from stack outputs', () => {
  it('names a borough stack as the CDK app does', () => {
    expect(boroughStackName('newham')).toBe(stackIdFor('newham'));
  });

  it("reads an output of the borough's stack in the borough's region", async () => {
    const outputs = inMemoryOutputs({ 'Recovery-newham@eu-west-2': { TableName: 'Recovery-newham-DataTable1A2B-XYZ', BackupVaultName: 'DataVault9C8D' } });
    expect(await boroughOutput(outputs, BOROUGH, 'BackupVaultName')).toBe('DataVault9C8D');
    expect(outputs.asked).toEqual(['Recovery-newham@eu-west-2']);
  });

  it('says to deploy first when the output or the whole stack is missing', async () => {
    const outputs = inMemoryOutputs({ 'Recovery-newham@eu-west-2': { TableName: 't' } });
    await expect(boroughOutput(outputs, BOROUGH, 'BackupVaultName')).rejects.toThrow('Stack Recovery-newham in eu-west-2 has no output BackupVaultName: deploy it first (docs/deploying.md).');
    await expect(boroughOutput(outputs, { id: 'newham', region: 'eu-west-1' }, 'TableName')).rejects.toThrow('There is no stack Recovery-newham in eu-west-1: deploy it first');
  });

  describe('storeFromArgs', () => {
    it('--aws: the table named by the stack output, clients in the borough region', async () => {
      const outputs = inMemoryOutputs({ 'Recovery-newham@eu-west-2': { TableName: 'Recovery-newham-DataTable1A2B-XYZ' } });
      const store = await storeFromArgs({ aws: 'true' }, BOROUGH, outputs);
      expect(store.tableName).toBe('Recovery-newham-DataTable1A2B-XYZ');
      expect(await store.client.config.region()).toBe('eu-west-2');
      expect(store.where).toBe('AWS table Recovery-newham-DataTable1A2B-XYZ (eu-west-2)');
      store.client.destroy();
    });

    it('--aws fails before touching any table when the stack has no TableName', async () => {
      await expect(storeFromArgs({ aws: 'true' }, BOROUGH, inMemoryOutputs({}))).rejects.toThrow(/no stack Recovery-newham in eu-west-2: deploy it first/);
    });

    it('--table overrides, without asking CloudFormation', async () => {
      const outputs = inMemoryOutputs({});
      const store = await storeFromArgs({ aws: 'true', table: 'restored-copy' }, BOROUGH, outputs);
      expect(store.tableName).toBe('restored-copy');
      expect(outputs.asked).toEqual([]);
      store.client.destroy();
    });

    it('--endpoint: the local table name, without asking CloudFormation', async () => {
      const outputs = inMemoryOutputs({});
      const store = await storeFromArgs({ endpoint: 'http://127.0.0.1:1' }, BOROUGH, outputs);
      expect(store.tableName).toBe('recovery-newham');
      expect(store.where).toBe('recovery-newham at http://127.0.0.1:1');
      expect(outputs.asked).toEqual([]);
      store.client.destroy();
    });
  });

  describe('the CloudFormation implementation', () => {
    afterEach(() => jest.restoreAllMocks());

    it('turns DescribeStacks outputs into a record, asking in the given region', async () => {
      const send = jest.spyOn(CloudFormationClient.prototype, 'send').mockImplementation(async function (this: CloudFormationClient) {
        expect(await this.config.region()).toBe('eu-west-2');
        return {
          Stacks: [
            {
              StackName: 'Recovery-newham',
              Outputs: [
                { OutputKey: 'TableName', OutputValue: 'T1' },
                { OutputKey: 'ApiUrl', OutputValue: 'https://x' },
              ],
            },
          ],
        };
      });
      expect(await awsStackOutputs().get('Recovery-newham', 'eu-west-2')).toEqual({ TableName: 'T1', ApiUrl: 'https://x' });
      expect(send).toHaveBeenCalledTimes(1);
    });

    it("reads CloudFormation's ValidationError for an unknown stack as no stack", async () => {
      const missing = new CloudFormationServiceException({ name: 'ValidationError', $fault: 'client', $metadata: {}, message: 'Stack with id Recovery-newham does not exist' });
      jest.spyOn(CloudFormationClient.prototype, 'send').mockImplementation(async () => {
        throw missing;
      });
      expect(await awsStackOutputs().get('Recovery-newham', 'eu-west-2')).toBeUndefined();
    });

    it('lets any other error through (no credentials, no permission)', async () => {
      const denied = new CloudFormationServiceException({ name: 'AccessDenied', $fault: 'client', $metadata: {}, message: 'not authorized to perform: cloudformation:DescribeStacks' });
      jest.spyOn(CloudFormationClient.prototype, 'send').mockImplementation(async () => {
        throw denied;
      });
      await expect(awsStackOutputs().get('Recovery-newham', 'eu-west-2')).rejects.toThrow(/not authorized/);
    });
  });
});
