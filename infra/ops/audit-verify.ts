// `npm run audit:verify -- --borough B [--patient P] [--endpoint URL | --aws]`:
// re-computes the hash chains of the audit log; exit 1 if any entry was edited or removed.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fail, parseArgs } from '../local/cli-args';
import { verifyBoroughAudit } from '../../shared/store/audit-verify';
import { storeFromArgs } from './store-from-args';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true') fail('usage: npm run audit:verify -- --borough <borough> [--patient <id>] [--endpoint URL | --aws]');
  const store = storeFromArgs(args, args.borough!);
  const reports = await verifyBoroughAudit(store, args.borough!, args.patient);
  store.client.destroy();
  const broken = reports.filter((r) => r.problems.length > 0);
  for (const report of broken) {
    for (const p of report.problems) process.stdout.write(`BROKEN ${report.patientId}: entry ${p.seq} ${p.problem}\n`);
  }
  const entries = reports.reduce((n, r) => n + r.entries, 0);
  process.stdout.write(`${broken.length === 0 ? 'OK' : 'TAMPERED'}: ${reports.length} audit chains, ${entries} entries checked in ${store.where}; ${broken.length} broken\n`);
  process.exit(broken.length === 0 ? 0 : 1);
};

main().catch((error: unknown) => fail(`audit:verify failed: ${(error as Error).message}`));
