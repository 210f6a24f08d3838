import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/dynamo-local';
import { findPlatform, PlatformChoiceError } from '../local/platform-file';
import type { Store } from '../../shared/runtime/deps';
import { makeStoreClients, type StoreClients } from '../../shared/store/client';
import { tableNameFor } from '../../shared/store/table-definition';
import { awsStackOutputs, boroughOutput, type BoroughPlace, type StackOutputs } from './stack-outputs';

/** A table an ops command works on, and where it is, in words for its report. */
export interface OpsStore extends Store {
  where: string;
}

/**
 * The DynamoDB Local of `--endpoint URL`, else of the `npm start` running on `--port PORT`, else of
 * the only one running (several running and none chosen is an error that lists their ports).
 */
export const localEndpointFromArgs = (args: Record<string, string>, platformsDir?: string): string => {
  if (args.endpoint) return args.endpoint;
  if (args.port === undefined) return findPlatform(undefined, platformsDir).dynamoEndpoint;
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new PlatformChoiceError(`--port needs the port a local platform runs on, e.g. --port 3001, not "${args.port}".`);
  return findPlatform(port, platformsDir).dynamoEndpoint;
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
 * DynamoDB Local), or by default the running `npm start` (`--port PORT` when several run). `--table
 * NAME` overrides the name.
 */
export const storeFromArgs = async (args: Record<string, string>, borough: BoroughPlace, outputs: StackOutputs = awsStackOutputs()): Promise<OpsStore> => {
  if (args.aws === 'true') {
    const tableName = args.table ?? (await boroughOutput(outputs, borough, 'TableName'));
    return { ...makeStoreClients({ region: borough.region }), tableName, where: `AWS table ${tableName} (${borough.region})` };
  }
  return localStore(localEndpointFromArgs(args), args.table ?? tableNameFor(borough.id));
};
