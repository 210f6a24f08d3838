import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { testEndpoint } from './dynamo';
import { BOROUGH } from './platform';

const ROOT = join(__dirname, '..', '..');

/**
 * An ops command (`infra/ops/<command>.ts`) as an operator runs it with tsx, on a test's table of the
 * borough and with the tests' audit key file; `args` add or name anything else (`--anchors DIR`).
 */
export const runOpsCommand = (command: string, on: { tableName: string; auditKeyFile: string }, args: readonly string[] = [], timeout = 60_000): SpawnSyncReturns<string> =>
  spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, `infra/ops/${command}.ts`),
      '--borough',
      BOROUGH,
      '--endpoint',
      testEndpoint(),
      '--table',
      on.tableName,
      '--audit-key',
      on.auditKeyFile,
      ...args,
    ],
    { encoding: 'utf8', timeout },
  );
