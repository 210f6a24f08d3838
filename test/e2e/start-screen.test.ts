import { spawn } from 'node:child_process';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../infra/local/free-port';
import { localIssuer } from '../../infra/local/issuer';
import type { Role } from '../../shared/domain/actor';
import type { OutcomeReport } from '../../shared/domain/outcomes';
import { PLATFORMS_DIR, PUSH_FILE, type PlatformInfo } from '../../infra/local/platform-file';
import { decryptPush } from '../support/push';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm start`'s own process on a free port (tsx as a loader, not its CLI: the child is then npm start's
 * own process, which records its pid and is the one stopped; the CLI would leave it behind on a kill),
 * resolved once it says it is ready.
 */
const startLocal = async (args: string[]) => {
  const port = await freePort();
  // The port by flag, over a PORT that would clash: the flag is what the user typed last.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/local/main.ts'), ...args, '--port', String(port)], { cwd: ROOT, env: { ...process.env, PORT: '1' } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(`${code ?? signal}`)));
  const stop = () => {
    // SIGTERM, so that a failed test still stops its DynamoDB Local.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  };
  const stderrAtReady = await new Promise<string>((done, failed) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('Ctrl-C stops')) done(stderr);
    });
    void exited.then(() => failed(new Error(`npm start ended early: ${stderr}`)));
  }).catch((error: unknown) => {
    stop();
    throw error;
  });
  return { port, child, stdout, stderrAtReady, exited, stop };
};

describe("npm start's first screen", () => {
  it('says how to get a token and whom to ask for, prints no token, seeds synthetic patients that the outcome report counts at once, and records where it runs by port until stopped', async () => {
    // Act: a few synthetic patients, not the default few hundred: enough for the report to show figures.
    const { port, child, stdout, stderrAtReady, exited, stop } = await startLocal(['--synthetic', '40']);
    try {
      // Assess
      expect(stdout).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/); // no JWT
      expect(stdout).toContain(
        '  city-and-hackney: patient sally, andre; clinician miriam, adam, coach, gp-beechwood; phb-advisor advisor; operator operator; paramedic paramedic; clinician,duty duty-elft; system client gp-system, elft-system',
      );
      expect(stdout).toContain('TOKEN=$(npm run --silent token -- --borough city-and-hackney --user sally)');
      expect(stdout).toContain(`open http://localhost:${port}/ in a browser`);
      expect(stdout).toContain('Synthetic patients: 40 in city-and-hackney (synth-00001 to synth-00040, fictional names, 999 test-range NHS numbers); --synthetic N for another number, 0 for none');
      // Nothing on stderr up to the ready line (later, a busy machine may make the stream pollers report slow steps).
      expect(stderrAtReady).toBe('');
      const file = join(PLATFORMS_DIR, `${port}.json`);
      expect(JSON.parse(readFileSync(file, 'utf8')) as PlatformInfo).toMatchObject({ port, pid: child.pid });

      // The report counts the synthetic patients at once.
      const operator = await (await localIssuer()).sign({ id: 'operator', roles: ['operator'], org: 'nel-ics', borough: 'city-and-hackney' });
      const outcomes = await fetch(`http://127.0.0.1:${port}/city-and-hackney/borough/outcomes`, { headers: { authorization: `Bearer ${operator}` } });
      const report = (await outcomes.json()) as OutcomeReport;
      expect(report.patients.onPlatform).toBeGreaterThanOrEqual(20);
      expect(report.cohort.patients).toBeGreaterThanOrEqual(5);

      child.kill('SIGTERM');
      expect(await exited).toBe('0');
      expect(existsSync(file)).toBe(false);
    } finally {
      stop();
    }
  }, 90_000);
});

describe("npm start's notifications", () => {
  it("push a red alert to a subscribed phone through the local push stand-in, encrypted, with none of the patient's words", async () => {
    // Prepare: Miriam's phone (a key pair the test holds) subscribed to the local stand-in; Sally shares her plan with Miriam.
    const { port, stop } = await startLocal(['--synthetic', '0']);
    try {
      const base = `http://localhost:${port}`;
      const issuer = await localIssuer();
      const tokenOf = (id: string, roles: Role[], org?: string) => issuer.sign({ id, roles, ...(org ? { org } : {}), borough: 'city-and-hackney' });
      const call = async (token: string, method: string, path: string, body: unknown) =>
        (await fetch(`${base}/city-and-hackney${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).status;
      const phone = createECDH('prime256v1');
      phone.generateKeys();
      const device = `e2e-${randomUUID()}`;
      const keys = { p256dh: phone.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
      expect(await call(await tokenOf('miriam', ['clinician'], 'elft'), 'POST', '/me/push-subscriptions', { endpoint: `${base}/local-push/${device}`, keys })).toBe(201);

      // Act
      expect(await call(await tokenOf('sally', ['patient']), 'POST', '/patients/me/goals/seed-goal-walk/updates', { status: 'red', note: 'Zephyrine at the end of her tether' })).toBe(201);

      // Assess: the stand-in got it (the stream poller delivers within seconds), and it decrypts to words with nothing of hers.
      const received = async () =>
        existsSync(PUSH_FILE)
          ? readFileSync(PUSH_FILE, 'utf8')
              .split('\n')
              .filter((line) => line.includes(device))
          : [];
      const until = Date.now() + 30_000;
      while ((await received()).length === 0 && Date.now() < until) await new Promise((done) => setTimeout(done, 250));
      const [line] = await received();
      expect(line).toBeDefined();
      const { body } = JSON.parse(line!) as { body: string };
      const payload = decryptPush(Buffer.from(body, 'base64'), phone, keys.auth);
      expect(JSON.parse(payload)).toMatchObject({ title: 'Recovery platform', url: expect.stringContaining('#/') });
      expect(payload).not.toMatch(/Zephyrine|Sally|Brown|Victoria Park/);
    } finally {
      stop();
    }
  }, 90_000);
});
