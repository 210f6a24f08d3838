import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_DOCUMENT_FILE, apiDocument } from '../../functions/boroughs/api-document';
import { apiDocumentText } from '../../scripts/openapi';

const ROOT = join(__dirname, '..', '..');

describe('the API document, generated at build time', () => {
  it('is what the route tables generate now (after changing a route: npx tsx scripts/openapi.ts)', () => {
    // A mismatch names the command rather than printing two documents of thousands of lines.
    if (readFileSync(API_DOCUMENT_FILE, 'utf8') !== apiDocumentText()) throw new Error(`${API_DOCUMENT_FILE} is out of date: run npx tsx scripts/openapi.ts`);
  });

  it("is served with the borough's own title and version, the rest as generated", async () => {
    const generated = JSON.parse(apiDocumentText()) as { info: Record<string, string>; paths: unknown };
    const served = await apiDocument({ title: 'Recovery platform: Newham', version: '1.2.3' });
    expect(served).toMatchObject({ openapi: '3.1.0', paths: generated.paths, info: { title: 'Recovery platform: Newham', version: '1.2.3', description: generated.info.description } });
  });

  it("and the web's API types (web/src/api-types.ts) are what openapi-typescript generates from it now", () => {
    // openapi-typescript is ESM all the way down, which Jest's CommonJS cannot load: the script checks.
    const check = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'openapi.ts'), '--check'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  }, 60_000);
});
