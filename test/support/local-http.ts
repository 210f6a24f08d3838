import { freePort } from '../../infra/local/free-port';
import { createLocalServer } from '../../infra/local/server';
import type { TestPlatform } from './platform';

/** The test platform behind the local HTTP server, on a free loopback port, as `npm start` serves it. */
export const serveOverHttp = async (t: TestPlatform): Promise<{ base: string; close: () => Promise<void> }> => {
  const server = createLocalServer(t.platform, t.issuer);
  const port = await freePort();
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
};
