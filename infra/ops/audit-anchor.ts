// `npm run audit:anchor -- --borough B [--anchors DIR] [--endpoint URL | --aws] [--table NAME] [--audit-key FILE]`:
// writes a signed digest of every audit chain head of the borough (what the scheduled anchor
// function does in AWS); exit 1 if a chain anchored before was removed, rolled back or rebuilt.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fail, parseArgs } from '../local/cli-args';
import { anchorBoroughAudit } from '../../shared/store/audit-anchoring';
import { auditToolsFromArgs } from './audit-tools';
import { boroughNamed } from './borough-arg';
import { storeFromArgs } from './store-from-args';

const USAGE = 'usage: npm run audit:anchor -- --borough <borough> [--anchors DIR] [--endpoint URL | --aws] [--table NAME] [--audit-key FILE]';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true' || args.anchors === 'true' || args['audit-key'] === 'true') fail(USAGE);
  const borough = boroughNamed(args.borough);
  const tools = await auditToolsFromArgs(args, borough);
  const store = await storeFromArgs(args, borough);
  const { name, anchor, problems } = await anchorBoroughAudit({ store, borough: borough.id, signer: tools.signer, anchors: tools.anchors, at: new Date() });
  store.client.destroy();
  for (const p of problems) process.stdout.write(`KEPT ${p.patientId}: ${p.problem}: the anchor keeps seq ${p.anchored.seq} (now ${p.now ? `seq ${p.now.seq}` : 'no chain'})\n`);
  process.stdout.write(`${problems.length === 0 ? 'ANCHORED' : 'ANCHORED WITH PROBLEMS'}: ${anchor.heads.length} chain heads of ${borough.id} to ${tools.anchors.where}${name}\n`);
  process.exit(problems.length === 0 ? 0 : 1);
};

main().catch((error: unknown) => fail(`audit:anchor failed: ${(error as Error).message}`));
