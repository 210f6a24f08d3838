// `npm run --silent token -- --borough B --user U`: prints a dev token for a seeded user, or for a
// system client of the borough (e.g. `--user gp-system`: a client-credentials token), and nothing else.
import { loadBoroughs } from '../boroughs';
import { BoroughConfigError } from '../../shared/domain/borough-config';
import { fail, parseArgs } from './cli-args';
import { devToken, devTokenIds } from './dev-tokens';
import { localIssuer } from './issuer';
import { PlatformChoiceError } from './platform-file';
import { localEndpointFromArgs, localStore } from '../ops/store-from-args';
import { refusedAccount } from '../../shared/store/directory-repository';
import { tableNameFor } from '../../shared/store/table-definition';

/**
 * What the running local platform's directory says of the person (`--port` when several run): a closed
 * or disabled account gets no token, as the local sign-in refuses it. Without a platform running
 * there is no directory to ask, and the token is made as before.
 */
const refusedLocally = async (args: Record<string, string>, boroughId: string, userId: string): Promise<'disabled' | 'closed' | undefined> => {
  let endpoint: string;
  try {
    endpoint = localEndpointFromArgs(args);
  } catch (error) {
    if (error instanceof PlatformChoiceError) return undefined;
    throw error;
  }
  const store = localStore(endpoint, tableNameFor(boroughId));
  try {
    return await refusedAccount(store, boroughId, userId);
  } finally {
    store.client.destroy();
  }
};

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const boroughId = args.borough;
  const userId = args.user;
  if (!boroughId || !userId) fail('usage: npm run --silent token -- --borough <borough> --user <user or system client id>');
  const boroughs = loadBoroughs();
  const borough = boroughs.find((b) => b.id === boroughId);
  if (!borough) fail(`unknown borough "${boroughId}"; known: ${boroughs.map((b) => b.id).join(', ')}`);
  const refused = await refusedLocally(args, boroughId, userId);
  if (refused) fail(`the account of "${userId}" in ${boroughId} is ${refused}: no token (the local sign-in refuses it too)`);
  const token = await devToken(await localIssuer(), borough, userId);
  if (!token) fail(`unknown user "${userId}" in ${boroughId}; seeded users and system clients: ${devTokenIds(borough).join(', ')}`);
  process.stdout.write(`${token}\n`);
};

main().catch((error: unknown) => fail(error instanceof BoroughConfigError ? error.message : `could not make a token: ${(error as Error).message}`));
