import { createServer } from 'node:net';
import { LocalPlatformError } from './dynamo-local';

export const LOOPBACK = '127.0.0.1';

const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * Where `npm start` listens: 127.0.0.1, unless `--host` names another address; then a warning, since
 * anyone who reaches the platform can sign in as anyone seeded (there is no password locally).
 * @example listenHost(parseArgs(['--host', '0.0.0.0'])) // { host: '0.0.0.0', warning: 'Warning: ...' }
 */
export const listenHost = (args: Readonly<Record<string, string>>): { host: string; warning?: string } => {
  const host = args.host;
  if (host === undefined) return { host: LOOPBACK };
  if (host === 'true' || host.trim() === '') throw new LocalPlatformError('--host needs an address, e.g. --host 0.0.0.0 (every network this machine is on).');
  if (isLoopback(host)) return { host };
  return {
    host,
    warning: `Warning: --host ${host} serves the platform beyond this machine: anyone who can reach it can sign in as any seeded person, without a password, and read and change their records. Use it only on a network you trust; DynamoDB Local stays on ${LOOPBACK}.`,
  };
};

/** The address to print for people to open: localhost, unless the platform listens on one other address only. */
export const displayBase = (host: string, port: number): string => {
  const shown = isLoopback(host) || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
};

/** Why the platform cannot listen on `host`:`port`, in one line a person can act on. */
export const listenFailure = (error: NodeJS.ErrnoException, host: string, port: number): string => {
  if (error.code === 'EADDRINUSE') return `Port ${port} is already in use: stop what uses it, or start with PORT=<another port> npm start.`;
  if (error.code === 'EADDRNOTAVAIL') return `Cannot listen on ${host}: it is not an address of this machine (EADDRNOTAVAIL).`;
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return `Cannot listen on ${host}: no such host (${error.code}).`;
  return `Cannot listen on ${host}:${port} (${error.code ?? error.message}).`;
};

/** Tries to listen on `host`:`port` and lets go at once: the error it would meet, or undefined. */
export const probeListen = (port: number, host: string): Promise<NodeJS.ErrnoException | undefined> =>
  new Promise((done) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => done(error));
    probe.listen(port, host, () => probe.close(() => done(undefined)));
  });
