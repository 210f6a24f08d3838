// `npm run --silent token -- --borough B --user U`: prints a dev token for a seeded user, or for a
// system client of the borough (e.g. `--user gp-system`: a client-credentials token), and nothing else.
import { loadBoroughs } from '../boroughs';
import { BoroughConfigError } from '../../shared/domain/borough-config';
import { fail, parseArgs } from './cli-args';
import { devToken, devTokenIds } from './dev-tokens';
import { localIssuer } from './issuer';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const boroughId = args.borough;
  const userId = args.user;
  if (!boroughId || !userId) fail('usage: npm run --silent token -- --borough <borough> --user <user or system client id>');
  const boroughs = loadBoroughs();
  const borough = boroughs.find((b) => b.id === boroughId);
  if (!borough) fail(`unknown borough "${boroughId}"; known: ${boroughs.map((b) => b.id).join(', ')}`);
  const token = await devToken(await localIssuer(), borough, userId);
  if (!token) fail(`unknown user "${userId}" in ${boroughId}; seeded users and system clients: ${devTokenIds(borough).join(', ')}`);
  process.stdout.write(`${token}\n`);
};

main().catch((error: unknown) => fail(error instanceof BoroughConfigError ? error.message : `could not make a token: ${(error as Error).message}`));
