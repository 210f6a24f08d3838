import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `--name value` pairs of a command line; a flag without a value is "true". */
export const parseArgs = (argv: readonly string[]): Record<string, string> => {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg?.startsWith('--')) continue;
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = argv[i + 1];
    if (inline !== undefined) args[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      args[name] = next;
      i++;
    } else args[name] = 'true';
  }
  return args;
};

/**
 * Prints one line for an expected failure (no stack trace) and exits 1. A function declaration, so that
 * TypeScript knows a call ends the program and narrows what follows (`if (!args.borough) fail(...)`).
 */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Where a command that could rewrite tracked files puts them: `tracked` only with `--write`, else a
 * new temporary folder, so that trying the command leaves no diff behind.
 * @example outputFolder(parseArgs(process.argv.slice(2)), join(root, 'web', 'screenshots'), 'screenshots-')
 */
export const outputFolder = (args: Readonly<Record<string, string>>, tracked: string, prefix: string): { folder: string; written: boolean } =>
  args.write === 'true' ? { folder: tracked, written: true } : { folder: mkdtempSync(join(tmpdir(), prefix)), written: false };
