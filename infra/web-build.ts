import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WEB_ROOT = join(__dirname, '..', 'web');

/**
 * Builds the web front end for a synth into a fresh folder and returns it, so that what a deploy uploads
 * is always built from the source being deployed (never a stale or missing `web/dist`), and a synth never
 * rewrites the `web/dist` that `npm start` or the browser tests are serving.
 */
export const buildWebForSynth = async (): Promise<string> => {
  const outDir = mkdtempSync(join(tmpdir(), 'recovery-web-'));
  // Vite is ESM-only; the CDK app runs as CommonJS.
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.mts'), root: WEB_ROOT, logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
};
