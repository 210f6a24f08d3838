import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/dynamo-local';
import { readPlatformFile } from '../local/platform-file';
import type { Store } from '../../shared/runtime/deps';
import { makeStoreClients, type StoreClients } from '../../shared/store/client';
import { tableNameFor } from '../../shared/store/table-definition';
import { awsStackOutputs, boroughOutput, type BoroughPlace, type StackOutputs } from './stack-outputs';

/** A table an ops command works on, and where it is, in words for its report. */
export interface OpsStore extends Store {
  where: string;
}

/** Raised when an ops command has no table to work on; the message says what to do. */
export class NoPlatformError extends Error {
  constructor() {
    super('No local platform is running: start it with `npm start`, or pass --endpoint URL or --aws.');
    this.name = 'NoPlatformError';
  }
}

/** The DynamoDB Local of `--endpoint URL`, or else of the running `npm start`. */
export const localEndpointFromArgs = (args: Record<string, string>): string => {
  const endpoint = args.endpoint ?? readPlatformFile()?.dynamoEndpoint;
  if (!endpoint) throw new NoPlatformError();
  return endpoint;
};

/** The clients of a DynamoDB Local. */
export const localClients = (endpoint: string): StoreClients => makeStoreClients({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });

/** A table on a DynamoDB Local. */
export const localStore = (endpoint: string, tableName: string): OpsStore => ({
  ...localClients(endpoint),
  tableName,
  where: `${tableName} at ${endpoint}`,
});

/**
 * The table an ops command works on: `--aws` (the deployed borough's table, named by its stack's
 * `TableName` output, in the borough's region, with the usual AWS credentials), `--endpoint URL` (a
 * DynamoDB Local), or by default the running `npm start`. `--table NAME` overrides the name.
 */
export const storeFromArgs = async (args: Record<string, string>, borough: BoroughPlace, outputs: StackOutputs = awsStackOutputs()): Promise<OpsStore> => {
  if (args.aws === 'true') {
    const tableName = args.table ?? (await boroughOutput(outputs, borough, 'TableName'));
    return { ...makeStoreClients({ region: borough.region }), tableName, where: `AWS table ${tableName} (${borough.region})` };
  }
  return localStore(localEndpointFromArgs(args), args.table ?? tableNameFor(borough.id));
};
