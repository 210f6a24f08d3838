// `npm run directory:reindex -- --borough B [--endpoint URL | --aws]`: puts every staff entry of the
// borough's directory into the staff index (the directory search, an organisation's notifications);
// entries written before the index existed get there at their next sign-in otherwise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fail, parseArgs } from '../local/cli-args';
import { reindexStaff } from '../../shared/store/directory-repository';
import { boroughNamed } from './borough-arg';
import { storeFromArgs } from './store-from-args';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true') fail('usage: npm run directory:reindex -- --borough <borough> [--endpoint URL | --aws]');
  const config = boroughNamed(args.borough);
  const store = await storeFromArgs(args, config);
  const result = await reindexStaff(store, config.id);
  store.client.destroy();
  process.stdout.write(`Indexed the staff of ${config.id} in ${store.where}: ${String(result.updated)} of ${String(result.staff)} entries needed it\n`);
};

main().catch((error: unknown) => fail(`directory:reindex failed: ${(error as Error).message}`));
