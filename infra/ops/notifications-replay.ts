// `npm run notifications:replay`: delivers again what the local platform dead-lettered.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

import { makeStreamHandler } from '../../functions/notifications/stream';
import { loadBoroughs } from '../boroughs';
import { fail, parseArgs } from '../local/cli-args';
import { DEAD_LETTER_FILE, MESSAGES_FILE } from '../local/platform-file';
import { replayDeadLetters } from '../local/replay';
import { fileSender } from '../../shared/events/messages';
import { makeDeps, DEFAULT_MAX_BODY_BYTES } from '../../shared/runtime/deps';
import { tableNameFor } from '../../shared/store/table-definition';
import { storeFromArgs } from './store-from-args';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const boroughs = loadBoroughs();
  const result = await replayDeadLetters(args.file ?? DEAD_LETTER_FILE, (tableName) => {
    const borough = boroughs.find((b) => tableNameFor(b.id) === tableName || args.table === tableName);
    if (!borough) return undefined;
    const store = storeFromArgs({ ...args, table: tableName }, borough.id);
    const deps = makeDeps('notifications', { borough, tableName, maxBodyBytes: DEFAULT_MAX_BODY_BYTES, version: 'local' }, store, { messages: fileSender(MESSAGES_FILE) });
    return makeStreamHandler(deps);
  });
  process.stdout.write(`replayed ${result.replayed}; still failing ${result.failed}\n`);
  process.exit(result.failed > 0 ? 1 : 0);
};

main().catch((error: unknown) => fail(`notifications:replay failed: ${(error as Error).message}`));
