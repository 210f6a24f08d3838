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
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return undefined;
  }
};
