import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../infra/local/free-port';
import { localIssuer } from '../../infra/local/issuer';
import type { OutcomeReport } from '../../shared/domain/outcomes';
import { PLATFORMS_DIR, type PlatformInfo } from '../../infra/local/platform-file';

const ROOT = join(__dirname, '..', '..');

describe("npm start's first screen", () => {
  it('says how to get a token and whom to ask for, prints no token, seeds synthetic patients that the outcome report counts at once, and records where it runs by port until stopped', async () => {
    // Prepare
    const port = await freePort();
    // tsx as a loader, not its CLI: the child is then npm start's own process, which records its pid
    // and is the one stopped (the CLI would leave it behind on a kill).
    // A few synthetic patients, not the default few hundred: enough for the report to show figures.
    // The port by flag, over a PORT that would clash: the flag is what the user typed last.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'infra/local/main.ts'), '--synthetic', '40', '--port', String(port)], { cwd: ROOT, env: { ...process.env, PORT: '1' } });
    let stdout = '';
    let stderr = '';
    let stderrAtReady: string | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<string>((done) => child.once('exit', (code, signal) => done(`${code ?? signal}`)));
    try {
      // Act
      await new Promise<void>((done, failed) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (stdout.includes('Ctrl-C stops')) {
            stderrAtReady = stderr;
            done();
          }
        });
        void exited.then(() => failed(new Error(`npm start ended early: ${stderr}`)));
      });
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
      // SIGTERM, so that a failed test still stops its DynamoDB Local.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    }
  }, 90_000);
});
