import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPlatform, removePlatformFile, runningPlatforms, writePlatformFile, type PlatformInfo } from '../../infra/local/platform-file';
import { localEndpointFromArgs } from '../../infra/ops/store-from-args';

/** A platform as `npm start` records it; this test process stands in for its live process. */
const platform = (port: number, pid = process.pid): PlatformInfo => ({ dynamoEndpoint: `http://127.0.0.1:${port + 5000}`, url: `http://localhost:${port}`, port, pid });

/** The id of a process that has ended, as a platform killed without clean-up leaves behind. */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid!;

describe('the ops commands find the local platform they are meant for', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'platforms-'));
  });

  it('one running: found without being named', () => {
    writePlatformFile(platform(3000), dir);
    expect(localEndpointFromArgs({}, dir)).toBe('http://127.0.0.1:8000');
  });

  it('a second on another port does not hide the first: --port chooses, none chosen lists both', () => {
    // Prepare
    writePlatformFile(platform(3000), dir);
    writePlatformFile(platform(3001), dir);
    // Act, Assess
    expect(localEndpointFromArgs({ port: '3000' }, dir)).toBe('http://127.0.0.1:8000');
    expect(localEndpointFromArgs({ port: '3001' }, dir)).toBe('http://127.0.0.1:8001');
    expect(() => localEndpointFromArgs({}, dir)).toThrow('Local platforms are running on ports 3000, 3001: choose one with --port PORT (or --endpoint URL).');
    expect(localEndpointFromArgs({ endpoint: 'http://127.0.0.1:9' }, dir)).toBe('http://127.0.0.1:9');
  });

  it('stopping one leaves the other found', () => {
    writePlatformFile(platform(3000), dir);
    writePlatformFile(platform(3001), dir);
    removePlatformFile(3000, dir);
    expect(findPlatform(undefined, dir).port).toBe(3001);
  });

  it('skips a file left by a platform that was killed, and a file that is not JSON', () => {
    writePlatformFile(platform(3000, deadPid()), dir);
    writeFileSync(join(dir, '3002.json'), '{');
    expect(runningPlatforms(dir)).toEqual([]);
    expect(() => findPlatform(undefined, dir)).toThrow('No local platform is running: start it with `npm start`, or pass --endpoint URL or --aws.');
  });

  it('says what to do for a port nothing runs on, or a --port that is no port', () => {
    writePlatformFile(platform(3000), dir);
    expect(() => localEndpointFromArgs({ port: '3001' }, dir)).toThrow(
      'No local platform is running on port 3001 (running: 3000): start it with PORT=3001 npm start, or pass --endpoint URL or --aws.',
    );
    expect(() => localEndpointFromArgs({ port: 'true' }, dir)).toThrow('--port needs the port a local platform runs on, e.g. --port 3001, not "true".');
  });
});
