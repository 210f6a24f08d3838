import type { Server } from 'node:http';
import { join } from 'node:path';
import { loadBoroughs } from '../infra/boroughs';
import type { BoroughConfig } from '../shared/domain/borough-config';
import { startDynamoLocal, type DynamoLocal } from '../infra/local/dynamo-local';
import { freePort } from '../infra/local/free-port';
import { localIssuer, type LocalIssuer } from '../infra/local/issuer';
import { createPlatform, type BoroughRuntime, type LocalPlatform } from '../infra/local/platform';
import { seedBorough } from '../infra/local/seed';
import { createLocalServer } from '../infra/local/server';
import { required } from '../infra/required';
import { tempDir } from './bundles';

export const BOROUGH = 'city-and-hackney';

/** The local platform as a benchmark measures it: DynamoDB Local in memory, the demo borough seeded, served on 127.0.0.1. */
export interface DemoPlatform {
  config: BoroughConfig;
  dynamo: DynamoLocal;
  issuer: LocalIssuer;
  platform: LocalPlatform;
  runtime: BoroughRuntime;
  server: Server;
  port: number;
  stop(): Promise<void>;
}

export const startDemoPlatform = async (): Promise<DemoPlatform> => {
  const config = required(
    loadBoroughs().find((b) => b.id === BOROUGH),
    `borough ${BOROUGH}`,
  );
  const dynamo = await startDynamoLocal({ inMemory: true });
  const issuer = await localIssuer(join(tempDir(), 'key.json'));
  const platform = await createPlatform({ endpoint: dynamo.endpoint, boroughs: [config], issuer });
  const runtime = required(platform.boroughs.get(BOROUGH), `borough ${BOROUGH}`);
  await seedBorough(runtime);
  const server = createLocalServer(platform, issuer);
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    config,
    dynamo,
    issuer,
    platform,
    runtime,
    server,
    port,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      platform.close();
      await dynamo.stop();
    },
  };
};
