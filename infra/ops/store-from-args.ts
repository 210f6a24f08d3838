import { fail } from '../local/cli-args';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/dynamo-local';
import { readPlatformFile } from '../local/platform-file';
import type { Store } from '../../shared/runtime/deps';
import { makeStoreClients } from '../../shared/store/client';
import { tableNameFor } from '../../shared/store/table-definition';

/**
 * The table an ops command works on: `--endpoint URL` (a DynamoDB Local), `--aws` (the deployed
 * table, with the usual AWS credentials and region), or by default the running `npm start`.
 */
export const storeFromArgs = (args: Record<string, string>, borough: string): Store & { where: string } => {
  const tableName = args.table ?? tableNameFor(borough);
  if (args.aws === 'true') return { ...makeStoreClients(), tableName, where: `AWS table ${tableName}` };
  const endpoint = args.endpoint ?? readPlatformFile()?.dynamoEndpoint;
  if (!endpoint) return fail('No local platform is running: start it with `npm start`, or pass --endpoint URL or --aws.');
  return { ...makeStoreClients({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }), tableName, where: `${tableName} at ${endpoint}` };
};
