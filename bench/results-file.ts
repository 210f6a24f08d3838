import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RESULTS = join(__dirname, 'RESULTS.md');

/**
 * Replaces one section of bench/RESULTS.md (between `<!-- name -->` and `<!-- /name -->`), keeping
 * the others: `npm run bench` and `npm run load` each own theirs.
 */
export const writeResultsSection = (name: string, markdown: string): void => {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8') : '# Benchmark results\n';
  const at = current.indexOf(start);
  const until = current.indexOf(end);
  const next = at >= 0 && until > at ? `${current.slice(0, at)}${block}${current.slice(until + end.length)}` : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS, next);
};
