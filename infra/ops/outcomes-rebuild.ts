// `npm run outcomes:rebuild -- --borough B [--endpoint URL | --aws] [--force]`:
// recomputes the outcome report's aggregates from the raw items (while the stream keeps running).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fail, parseArgs } from '../local/cli-args';
import { rebuildOutcomes } from '../../shared/store/outcomes-rebuild';
import { boroughNamed } from './borough-arg';
import { storeFromArgs } from './store-from-args';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true') fail('usage: npm run outcomes:rebuild -- --borough <borough> [--endpoint URL | --aws] [--force]');
  const config = boroughNamed(args.borough);
  const store = await storeFromArgs(args, config);
  const started = Date.now();
  const result = await rebuildOutcomes(store, config.id, config.reqol, { force: args.force === 'true' });
  store.client.destroy();
  process.stdout.write(
    `Rebuilt the outcome aggregates of ${config.id} from ${result.patients} patients in ${store.where} (generation ${result.generation}, was ${result.previous}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
};

main().catch((error: unknown) => fail(`outcomes:rebuild failed: ${(error as Error).message}`));
