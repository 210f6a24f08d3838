import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where a running `npm start` says how to reach its DynamoDB Local, for the ops commands. */
export const PLATFORM_FILE = join(__dirname, '..', '..', '.local', 'platform.json');

/** Where the local platform puts stream records whose delivery kept failing (the AWS DLQ's stand-in). */
export const DEAD_LETTER_FILE = join(__dirname, '..', '..', '.local', 'dead-letters.jsonl');

/** Where the outcome aggregator's failed stream records go (fix, then `npm run outcomes:rebuild`). */
export const OUTCOME_DEAD_LETTER_FILE = join(__dirname, '..', '..', '.local', 'outcome-dead-letters.jsonl');

/** Where the local email and SMS channels put what they would send. */
export const MESSAGES_FILE = join(__dirname, '..', '..', '.local', 'messages.jsonl');

export interface PlatformInfo {
  dynamoEndpoint: string;
  url: string;
  pid: number;
}

export const writePlatformFile = (info: PlatformInfo): void => {
  mkdirSync(dirname(PLATFORM_FILE), { recursive: true });
  writeFileSync(PLATFORM_FILE, JSON.stringify(info));
};

export const removePlatformFile = (): void => rmSync(PLATFORM_FILE, { force: true });

/** The running local platform, if there is one. */
export const readPlatformFile = (): PlatformInfo | undefined => {
  if (!existsSync(PLATFORM_FILE)) return undefined;
  const info = JSON.parse(readFileSync(PLATFORM_FILE, 'utf8')) as PlatformInfo;
  return alive(info.pid) ? info : undefined;
};

/** While this file names a live process, the local stream pollers wait (a bulk seed is writing). */
export const STREAM_PAUSE_FILE = join(__dirname, '..', '..', '.local', 'streams-paused.json');

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
