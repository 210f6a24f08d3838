// `npm run audit:verify -- --borough B [--patient P] [--anchors DIR] [--endpoint URL | --aws] [--table NAME] [--audit-key FILE]`:
// checks every audit chain with the key and against the latest anchor (its signature first); exit 1
// if any entry was edited or removed, or a chain was removed, rebuilt or rolled back.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { fail, parseArgs } from '../local/cli-args';
import { verifyBoroughAudit } from '../../shared/store/audit-verify';
import { latestAnchor } from '../../shared/store/audit-anchoring';
import { auditVerdict, summariseAudit } from './audit-report';
import { auditToolsFromArgs } from './audit-tools';
import { boroughNamed } from './borough-arg';
import { storeFromArgs } from './store-from-args';

const USAGE = 'usage: npm run audit:verify -- --borough <borough> [--patient <id>] [--anchors DIR] [--endpoint URL | --aws] [--table NAME] [--audit-key FILE]';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  if (!args.borough || args.borough === 'true' || args.patient === 'true' || args.anchors === 'true' || args['audit-key'] === 'true') fail(USAGE);
  const borough = boroughNamed(args.borough);
  const tools = await auditToolsFromArgs(args, borough);
  const store = await storeFromArgs(args, borough);
  const key = await tools.key.current();
  const latest = await latestAnchor(tools.anchors, tools.signer, borough.id);
  const summary = summariseAudit(
    await verifyBoroughAudit(store, borough.id, new Map([[key.kid, key]]), { ...(args.patient ? { patientId: args.patient } : {}), ...(latest ? { anchor: latest.anchor } : {}) }),
  );
  store.client.destroy();
  for (const line of [...summary.problems, ...summary.notes]) process.stdout.write(`${line}\n`);
  process.stdout.write(
    latest
      ? `Anchor: ${tools.anchors.where}${latest.name} (${latest.anchor.at}), signature verified\n`
      : `Anchor: none in ${tools.anchors.where}: chains checked with the key only (npm run audit:anchor writes one)\n`,
  );
  process.stdout.write(`${auditVerdict(summary, store.where)}\n`);
  process.exit(summary.ok ? 0 : 1);
};

main().catch((error: unknown) => fail(`audit:verify failed: ${(error as Error).message}`));
