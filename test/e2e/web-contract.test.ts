import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_DOCUMENT_FILE } from '../../functions/boroughs/api-document';
import type { Json } from '../support/json';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const run = (args: string[], cwd = ROOT): Promise<{ status: number | null; output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output }));
  });

/** A copy of web/ (its tsconfig and sources) beside node_modules, to type-check as `npm run web:build` does. */
const webCopy = (root: string, name: string): string => {
  const web = join(root, name);
  cpSync(join(ROOT, 'web', 'src'), join(web, 'src'), { recursive: true });
  cpSync(join(ROOT, 'web', 'tsconfig.json'), join(web, 'tsconfig.json'));
  cpSync(join(ROOT, 'web', 'vite.config.mts'), join(web, 'vite.config.mts'));
  return web;
};

const json200 = (doc: Json, path: string): Json => doc.paths[path].get.responses['200'].content['application/json'].schema;

/**
 * The web speaks a typed contract: its API types are generated from the API document (itself
 * generated from the route tables' zod schemas), so a response schema changed incompatibly breaks the
 * web's type check, which `npm run web:build` runs before building, naming the field each page uses.
 */
describe("the web's typed contract with the API", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'web-contract-'));
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('type-checks against the real document, and fails naming each field when a response changes incompatibly', async () => {
    // Prepare: the budget's remainingPence renamed (Budget and Queue pages show it), the inbox's unread count removed.
    const doc = JSON.parse(readFileSync(API_DOCUMENT_FILE, 'utf8')) as Json;
    const budget = json200(doc, '/patients/{patientId}/budget');
    budget.properties.leftPence = budget.properties.remainingPence;
    delete budget.properties.remainingPence;
    budget.required = budget.required.map((f: string) => (f === 'remainingPence' ? 'leftPence' : f));
    const inbox = json200(doc, '/me/notifications');
    delete inbox.properties.unread;
    inbox.required = inbox.required.filter((f: string) => f !== 'unread');
    const changed = join(root, 'openapi.json');
    writeFileSync(changed, JSON.stringify(doc));
    const real = webCopy(root, 'web');
    const broken = webCopy(root, 'web-changed');

    // Act: the real copy is checked while the changed document's types are generated, then the changed copy.
    const [asIs, types] = await Promise.all([run([TSC, '-p', 'tsconfig.json'], real), run([TSX, join(ROOT, 'scripts', 'openapi.ts'), '--types-of', changed])]);
    expect(types).toMatchObject({ status: 0 });
    writeFileSync(join(broken, 'src', 'api-types.ts'), types.output);
    const after = await run([TSC, '-p', 'tsconfig.json'], broken);

    // Assess
    expect(asIs).toEqual({ status: 0, output: '' });
    expect(after.status).not.toBe(0);
    const errors = after.output.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/pages\/Budget\.tsx.*Property 'remainingPence' does not exist/),
        expect.stringMatching(/^src\/pages\/Queue\.tsx.*Property 'remainingPence' does not exist/),
        expect.stringMatching(/^src\/pages\/Notifications\.tsx.*Property 'unread' does not exist/),
      ]),
    );
    // Nothing else broke: every error is about the two fields.
    expect(errors.filter((line) => !/'(remainingPence|unread)'/.test(line))).toEqual([]);
    // And this check is the web build's first step: it stops before Vite bundles anything.
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    // (Then the service worker's own check, against the WebWorker library.)
    expect(scripts['web:build']).toMatch(/^tsc -p web\/tsconfig\.json && tsc -p web\/src\/sw\/tsconfig\.json && vite build web\b/);
  }, 90_000);
});
