import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const RESULTS = join(__dirname, 'RESULTS.md');

/**
 * Replaces one section of a results file (between `<!-- name -->` and `<!-- /name -->`), keeping
 * the others: `npm run bench` and `npm run load` each own theirs.
 */
export const writeResultsSection = (name: string, markdown: string, file: string = RESULTS): void => {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
  const at = current.indexOf(start);
  const until = current.indexOf(end);
  const next = at >= 0 && until > at ? `${current.slice(0, at)}${block}${current.slice(until + end.length)}` : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
};

/**
 * Prints a run's section on stdout; only with `--write` does it also replace its section of
 * bench/RESULTS.md, which is tracked: a run to try something must not leave a diff behind.
 * @example reportResults('load', lines.join('\n'), parseArgs(process.argv.slice(2)))
 */
export const reportResults = (name: string, markdown: string, args: Readonly<Record<string, string>>, file: string = RESULTS): void => {
  process.stdout.write(`${markdown.trimEnd()}\n`);
  const shown = relative(process.cwd(), file) || file;
  if (args.write === 'true') {
    writeResultsSection(name, markdown, file);
    process.stderr.write(`Wrote the ${name} section of ${shown}.\n`);
  } else {
    process.stderr.write(`Not written to ${shown}: add -- --write to record this run there.\n`);
  }
};
