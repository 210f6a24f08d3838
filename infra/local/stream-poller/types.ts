import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { StoreClients } from '../../../shared/store/client';

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

export interface StreamPoller {
  /** Reads what is on the stream now and hands it to the handler; resolves when done (for tests). */
  drain(): Promise<number>;
  /** Where it is: for a test that waited too long to say why. */
  status(): PollerStatus;
  stop(): void;
}

export interface PollerStatus {
  poller: string;
  /** Records waiting in lanes, and lanes at work. */
  queued: number;
  working: number;
  /** Records read and not yet passed by the checkpoint, over all shards. */
  unfinished: number;
  /** Milliseconds since the last read that worked, and the last read's error, if any. */
  sinceLastRead?: number;
  lastError?: string;
}

/**
 * A step of the poller that took longer than this is reported (`onSlow`). DynamoDB Local rounds a
 * record's creation time down to the minute, so the age of a record cannot say where a delay came
 * from; the time of each step can: the pause between ticks (the process starved), reading the
 * stream, or the handler.
 */
export const SLOW_STEP_MS = 2_000;

export interface SlowStep {
  poller: string;
  tableName: string;
  step: 'tick' | 'discover' | 'read' | 'handle';
  ms: number;
  records: number;
}

export interface StreamPollerOptions {
  endpoint: string;
  clients: StoreClients;
  tableName: string;
  handler: StreamHandler;
  deadLetterFile: string;
  intervalMs?: number;
  functionName?: string;
  /** Asked before each tick: while true, the loop waits (records stay on the stream). */
  paused?: () => boolean;
  /** Where to start on shards it finds: the oldest record (default), or only what comes after now. */
  startAt?: 'TRIM_HORIZON' | 'LATEST';
  /** Told of each step slower than `slowStepMs` (SLOW_STEP_MS); by default a line on stderr. */
  onSlow?: (slow: SlowStep) => void;
  slowStepMs?: number;
  /** Batches handled at once, by partition key (Lambda's parallelization factor, 1-10); default 1. */
  lanes?: number;
}
