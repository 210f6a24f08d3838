// `npm run audit:verify -- --borough B [--patient P] [--endpoint URL | --aws] [--table NAME]`:
// re-computes the hash chains of the audit log; exit 1 if any entry was edited or removed.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fail, parseArgs } from '../local/cli-args';
import { verifyBoroughAudit } from '../../shared/store/audit-verify';
import { auditVerdict, summariseAudit } from './audit-report';
import { boroughNamed } from './borough-arg';
import { storeFromArgs } from './store-from-args';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true') fail('usage: npm run audit:verify -- --borough <borough> [--patient <id>] [--endpoint URL | --aws] [--table NAME]');
  const borough = boroughNamed(args.borough);
  const store = await storeFromArgs(args, borough);
  const summary = summariseAudit(await verifyBoroughAudit(store, borough.id, args.patient));
  store.client.destroy();
  for (const line of summary.problems) process.stdout.write(`${line}\n`);
  process.stdout.write(`${auditVerdict(summary, store.where)}\n`);
  process.exit(summary.ok ? 0 : 1);
};

main().catch((error: unknown) => fail(`audit:verify failed: ${(error as Error).message}`));
