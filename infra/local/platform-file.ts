import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The local platform's own files (git-ignored): where each one runs, dead letters, messages. */
const LOCAL_DIR = join(__dirname, '..', '..', '.local');

/** Where the local platform puts stream records whose delivery kept failing (the AWS DLQ's stand-in). */
export const DEAD_LETTER_FILE = join(LOCAL_DIR, 'dead-letters.jsonl');

/** Where the outcome aggregator's failed stream records go (fix, then `npm run outcomes:rebuild`). */
export const OUTCOME_DEAD_LETTER_FILE = join(LOCAL_DIR, 'outcome-dead-letters.jsonl');

/** Where the local email and SMS channels put what they would send. */
export const MESSAGES_FILE = join(LOCAL_DIR, 'messages.jsonl');

/** What the local stand-in push service received (infra/local/local-push.ts). */
export const PUSH_FILE = join(LOCAL_DIR, 'push.jsonl');

/** The local platform's VAPID key pair, made on the first start and kept (shared/runtime/push-keys.ts). */
export const VAPID_FILE = join(LOCAL_DIR, 'vapid.json');

/**
 * Where each running `npm start` says how to reach its DynamoDB Local, one file per port: a second
 * platform on another port must not hide the first from the ops commands.
 */
export const PLATFORMS_DIR = join(LOCAL_DIR, 'platforms');

export interface PlatformInfo {
  dynamoEndpoint: string;
  url: string;
  port: number;
  pid: number;
  /** Where this platform's audit anchors are (a folder per borough): beside `--data`, or one folder per in-memory run. */
  anchorsDir?: string;
}

/** Raised when the ops commands cannot tell which local platform to use; the message says what to do. */
export class PlatformChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformChoiceError';
  }
}

const platformFile = (dir: string, port: number): string => join(dir, `${port}.json`);

export const writePlatformFile = (info: PlatformInfo, dir: string = PLATFORMS_DIR): void => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(platformFile(dir, info.port), JSON.stringify(info));
};

export const removePlatformFile = (port: number, dir: string = PLATFORMS_DIR): void => rmSync(platformFile(dir, port), { force: true });

/** Every local platform whose process still runs, by port (a file left by a killed one is skipped). */
export const runningPlatforms = (dir: string = PLATFORMS_DIR): PlatformInfo[] => {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^\d+\.json$/.test(name))
    .flatMap((name) => {
      try {
        return [JSON.parse(readFileSync(join(dir, name), 'utf8')) as PlatformInfo];
      } catch {
        return []; // being written, or not ours
      }
    })
    .filter((info) => alive(info.pid))
    .sort((a, b) => a.port - b.port);
};

/**
 * The running local platform the ops commands work on: the one on `port` if given, else the only one
 * running. None, or several without a port, is a PlatformChoiceError naming the ports to choose from.
 * @example findPlatform(args.port === undefined ? undefined : Number(args.port))
 */
export const findPlatform = (port?: number, dir: string = PLATFORMS_DIR): PlatformInfo => {
  const running = runningPlatforms(dir);
  const ports = running.map((p) => p.port).join(', ');
  if (port !== undefined) {
    const chosen = running.find((p) => p.port === port);
    if (chosen) return chosen;
    throw new PlatformChoiceError(
      `No local platform is running on port ${port}${running.length ? ` (running: ${ports})` : ''}: start it with PORT=${port} npm start, or pass --endpoint URL or --aws.`,
    );
  }
  const [first, ...others] = running;
  if (first === undefined) throw new PlatformChoiceError('No local platform is running: start it with `npm start`, or pass --endpoint URL or --aws.');
  if (others.length === 0) return first;
  throw new PlatformChoiceError(`Local platforms are running on ports ${ports}: choose one with --port PORT (or --endpoint URL).`);
};

/** While this file names a live process, the local stream pollers wait (a bulk seed is writing). */
export const STREAM_PAUSE_FILE = join(LOCAL_DIR, 'streams-paused.json');

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Pauses the running platform's stream pollers until the returned function is called (or this
 * process ends): a bulk write then does not fight them for DynamoDB Local, and they catch up after.
 */
export const pauseLocalStreams = (): (() => void) => {
  mkdirSync(dirname(STREAM_PAUSE_FILE), { recursive: true });
  writeFileSync(STREAM_PAUSE_FILE, JSON.stringify({ pid: process.pid }));
  return () => rmSync(STREAM_PAUSE_FILE, { force: true });
};

export const localStreamsPaused = (): boolean => {
  if (!existsSync(STREAM_PAUSE_FILE)) return false;
  try {
    return alive((JSON.parse(readFileSync(STREAM_PAUSE_FILE, 'utf8')) as { pid: number }).pid);
  } catch {
    return false;
  }
};
