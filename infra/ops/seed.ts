// `npm run seed -- --borough B --patients 5000 [--seed N] [--from I] [--endpoint URL]`:
// synthetic patients for demos, load and the outcome report, into the running local platform.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fail, parseArgs } from '../local/cli-args';
import { pauseLocalStreams } from '../local/platform-file';
import { seedSynthetic } from '../local/synthetic';
import { rebuildOutcomes } from '../../shared/store/outcomes-rebuild';
import { boroughNamed } from './borough-arg';
import { storeFromArgs } from './store-from-args';

const USAGE = 'usage: npm run seed -- --borough <borough> --patients <1..100000> [--seed N] [--from I] [--endpoint URL]';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (args.aws) fail('Synthetic patients never go into a deployed borough: seed a local platform (npm start) or --endpoint.');
  const patients = Number(args.patients);
  if (!args.borough || args.borough === 'true' || !Number.isInteger(patients) || patients < 1 || patients > 100_000) fail(USAGE);
  const seed = args.seed ? Number(args.seed) : 1;
  const from = args.from ? Number(args.from) : 1;
  if (!Number.isInteger(seed) || !Number.isInteger(from) || from < 1) fail(USAGE);
  const config = boroughNamed(args.borough);
  const store = await storeFromArgs(args, config);
  const started = Date.now();
  const progress = (done: number) => done % 1000 === 0 && process.stderr.write(`  ${done} patients written (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  // Into the running `npm start`: its stream pollers wait meanwhile, then catch up (reads only: the rebuild did the counting).
  const resume = args.endpoint ? () => undefined : pauseLocalStreams();
  const result = await seedSynthetic(store, config, { patients, now: new Date(), seed, from, progress });
  process.stderr.write(`  rebuilding the outcome aggregates...\n`);
  // The running platform's stream poller would get there too; a rebuild makes the report right at once.
  const rebuilt = await rebuildOutcomes(store, config.id, config.reqol, { force: true }).finally(resume);
  store.client.destroy();
  const skipped = result.skipped ? `; ${result.skipped} already there left as they were (--from ${from + patients} adds more)` : '';
  process.stdout.write(
    `Seeded ${result.seeded} synthetic patients (synth-${String(from).padStart(5, '0')}..., fictional names, NHS numbers from the 999 test range) with ${result.items} items into ${store.where} in ${((Date.now() - started) / 1000).toFixed(1)} s${skipped}; outcome aggregates rebuilt over ${rebuilt.patients} patients.\n`,
  );
};

main().catch((error: unknown) => fail(`seed failed: ${(error as Error).message}`));
