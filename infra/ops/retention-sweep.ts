// `npm run retention:sweep -- --borough B [--now ISO] [--endpoint URL | --port PORT | --aws]`: removes
// the borough's closed records whose retention ended before now (or `--now`, to see what a later day
// would remove) and that no legal hold keeps (docs/records.md); the daily schedule does this in AWS.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

import { sweepRetention } from '../../functions/retention/sweep';
import { TABLE_ACCESS } from '../../functions/table-access';
import { fail, parseArgs } from '../local/cli-args';
import { asFunction, guardTableAccess } from '../local/table-access-guard';
import { DEFAULT_MAX_BODY_BYTES, makeDeps } from '../../shared/runtime/deps';
import { boroughNamed } from './borough-arg';
import { storeFromArgs } from './store-from-args';

const USAGE = 'usage: npm run retention:sweep -- --borough <borough> [--now 2046-12-02T00:00:00Z] [--endpoint URL | --port PORT | --aws]';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true') fail(USAGE);
  const now = args.now === undefined ? new Date() : new Date(args.now);
  if (Number.isNaN(now.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(args.now ?? now.toISOString()))
    fail(`--now must be an ISO date and time, e.g. 2046-12-02T00:00:00Z, not "${args.now ?? ''}"\n${USAGE}`);
  const borough = boroughNamed(args.borough);
  const store = await storeFromArgs(args, borough);
  // Held to the retention function's own table access, as its Lambda is in AWS.
  if (args.aws !== 'true') guardTableAccess(store.client);
  const deps = makeDeps('retention', { borough, tableName: store.tableName, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, version: 'local' }, store, { clock: () => now });
  const sweep = asFunction({ service: 'retention', borough: borough.id, access: TABLE_ACCESS.retention ?? { actions: [] } }, () => sweepRetention(deps));
  const { removed } = await sweep();
  store.client.destroy();
  process.stdout.write(
    `${borough.id} at ${now.toISOString()} in ${store.where}: ${String(removed.length)} record(s) removed past their retention${removed.length ? ` (${removed.join(', ')})` : ''}\n`,
  );
};

main().catch((error: unknown) => fail(`retention:sweep failed: ${(error as Error).message}`));
