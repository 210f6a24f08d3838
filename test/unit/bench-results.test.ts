import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportResults } from '../../bench/results-file';

/** Runs `act` with stdout and stderr captured. */
const captured = (act: () => void): { stdout: string; stderr: string } => {
  const out = { stdout: '', stderr: '' };
  const spies = (['stdout', 'stderr'] as const).map((stream) =>
    jest.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      out[stream] += String(chunk);
      return true;
    }),
  );
  try {
    act();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return out;
};

describe('npm run bench and npm run load leave bench/RESULTS.md alone unless asked', () => {
  const RECORDED = '# Benchmark results\n\n<!-- load -->\nold load\n<!-- /load -->\n\n<!-- bench -->\nold bench\n<!-- /bench -->\n';

  it('without --write: prints the section and writes nothing', () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'results-')), 'RESULTS.md');
    writeFileSync(file, RECORDED);
    // Act
    const out = captured(() => reportResults('bench', '## new bench', {}, file));
    // Assess
    expect(out.stdout).toBe('## new bench\n');
    expect(out.stderr).toMatch(/add -- --write/);
    expect(readFileSync(file, 'utf8')).toBe(RECORDED);
  });

  it('with --write: replaces its own section only', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'results-')), 'RESULTS.md');
    writeFileSync(file, RECORDED);
    const out = captured(() => reportResults('bench', '## new bench', { write: 'true' }, file));
    expect(out.stdout).toBe('## new bench\n');
    expect(readFileSync(file, 'utf8')).toBe(RECORDED.replace('old bench', '## new bench'));
  });
});
