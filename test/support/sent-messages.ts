import { existsSync, readFileSync } from 'node:fs';
import type { Json } from './json';

/** What the local message sender (`fileSender`) wrote to its file: one email or SMS per line; none before the file exists. */
export const sentMessages = (file: string): Json[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Json)
    : [];
