// `npm run --silent token -- --borough B --user U`: prints a dev token for a seeded user and nothing else.
import { loadBoroughs } from '../boroughs';
import { BoroughConfigError } from '../../shared/domain/borough-config';
import { fail, parseArgs } from './cli-args';
import { demoUsers } from './demo-users';
import { localIssuer } from './issuer';

const main = async (): Promise<void> => {
  const args = parseArgs(process.argv.slice(2));
  const borough = args.borough;
  const userId = args.user;
  if (!borough || !userId) fail('usage: npm run --silent token -- --borough <borough> --user <user id>');
  const known = loadBoroughs().map((b) => b.id);
  if (!known.includes(borough!)) fail(`unknown borough "${borough}"; known: ${known.join(', ')}`);
  const users = demoUsers(borough!);
  const user = users.find((u) => u.id === userId);
  if (!user) fail(`unknown user "${userId}" in ${borough}; seeded users: ${users.map((u) => u.id).join(', ')}`);
  process.stdout.write(`${await (await localIssuer()).sign({ ...user!, borough: borough! })}\n`);
};

main().catch((error: unknown) => fail(error instanceof BoroughConfigError ? error.message : `could not make a token: ${(error as Error).message}`));
