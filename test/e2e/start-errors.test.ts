import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../infra/local/free-port';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** Runs `npm start`'s entry point as a user would, and returns what it printed. */
const start = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [TSX, join(ROOT, 'infra/local/main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });

describe('npm start explains what stops it in one line', () => {
  it('a bad borough file: names the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boroughs-'));
    writeFileSync(join(dir, 'newham.json'), JSON.stringify({ id: 'newham', name: '' }));
    const run = start(['--boroughs', dir], { PORT: String(await freePort()) });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/newham\.json: field "name"/);
  });

  it('a borough folder that is missing, empty or not a folder: says so, instead of starting with no borough', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'boroughs-'));
    const file = join(empty, 'notes.txt');
    writeFileSync(file, 'not a folder');
    for (const [folder, why] of [
      [join(empty, 'missing'), 'does not exist'],
      [empty, 'holds no <id>.json borough file'],
      [file, 'is not a folder'],
    ] as const) {
      const run = start(['--boroughs', folder], { PORT: String(await freePort()) });
      expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({
        status: 1,
        stderr: `Borough folder ${folder} ${why}: --boroughs needs a folder of <id>.json borough files (infra/boroughs holds the demo borough).`,
      });
    }
  });

  it('a port in use', async () => {
    const port = await freePort();
    const blocker: Server = createServer().listen(port);
    await new Promise((r) => blocker.once('listening', r));
    try {
      const run = start([], { PORT: String(port) });
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(`Port ${port} is already in use: stop what uses it, or start with PORT=<another port> npm start.`);
    } finally {
      blocker.close();
    }
  });

  it('--host without an address, or with one this machine does not have', async () => {
    const bare = start(['--host'], { PORT: String(await freePort()) });
    expect({ status: bare.status, stderr: bare.stderr.trim() }).toEqual({ status: 1, stderr: '--host needs an address, e.g. --host 0.0.0.0 (every network this machine is on).' });
    // 203.0.113.0/24 is kept for documentation: no machine has it.
    const elsewhere = start(['--host', '203.0.113.77'], { PORT: String(await freePort()) });
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr.trim()).toMatch(/^Cannot listen on 203\.0\.113\.77: it is not an address of this machine \(EADDRNOTAVAIL\)\.$/);
  });

  it('an option it does not have, or a --port that is no port: refused, never silently ignored', () => {
    const typo = start(['--prot', '3001']);
    expect({ status: typo.status, stderr: typo.stderr.trim() }).toEqual({
      status: 1,
      stderr: 'npm start has no option --prot; its options: --port, --host, --data, --boroughs, --synthetic (README, Quick start).',
    });
    const port = start(['--port', 'http']);
    expect({ status: port.status, stderr: port.stderr.trim() }).toEqual({ status: 1, stderr: '--port must be a port number, not "http".' });
  });

  it('--synthetic that is no count of patients', async () => {
    for (const value of ['many', '-5', '2.5', '100000']) {
      const run = start(['--synthetic', value], { PORT: String(await freePort()) });
      expect({ status: run.status, stderr: run.stderr.trim() }).toEqual({
        status: 1,
        stderr: `--synthetic needs a number of synthetic patients from 0 (none) to 2000, not "${value}"; npm run seed writes more.`,
      });
    }
  });

  it('no Java on the PATH', async () => {
    // A PATH with node alone: DynamoDB Local cannot start without Java.
    const bin = mkdtempSync(join(tmpdir(), 'nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const run = start([], { PATH: bin, PORT: String(await freePort()) });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Java 17 or later is needed/);
  });
});
