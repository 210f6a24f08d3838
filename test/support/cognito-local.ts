import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, CreateGroupCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { freePort } from '../../infra/local/free-port';
import { ROLES } from '../../shared/domain/actor';

export interface CognitoLocal {
  client: CognitoIdentityProviderClient;
  /** A pool shaped as infra/constructs/identity.ts makes it: the custom attributes and a group per role. */
  createPool(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * cognito-local (an emulator of Cognito's user pool API, on npm) in a child process with its own
 * data folder, so that the Cognito adapter is tested against Cognito's calls rather than a fake.
 */
export const startCognitoLocal = async (): Promise<CognitoLocal> => {
  const folder = mkdtempSync(join(tmpdir(), 'cognito-local-'));
  const port = await freePort();
  mkdirSync(join(folder, '.cognito'));
  writeFileSync(join(folder, '.cognito', 'config.json'), JSON.stringify({ ServerConfig: { port, hostname: '127.0.0.1' } }));
  const child: ChildProcess = spawn(process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let said = '';
    const timer = setTimeout(() => reject(new Error(`cognito-local did not start: ${said}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('Cognito Local running')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`cognito-local exited (${code}): ${said}`)));
  });
  const client = new CognitoIdentityProviderClient({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    client,
    async createPool(name) {
      const custom = ['borough', 'org', 'nhs_number', 'role_title'].map((Name) => ({ Name, AttributeDataType: 'String' as const, Mutable: true }));
      const created = await client.send(new CreateUserPoolCommand({ PoolName: name, Schema: custom }));
      const id = created.UserPool?.Id;
      if (!id) throw new Error('cognito-local made no pool');
      for (const role of ROLES) await client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: role }));
      return id;
    },
    async stop() {
      client.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
};
