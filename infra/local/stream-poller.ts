/**
 * The local stand-in for Lambda's DynamoDB stream event source, in parts under `stream-poller/`:
 * the shards of the stream with their iterators and checkpoints (shards.ts), lanes by partition key
 * (lanes.ts), a batch handed to the handler with retries and dead letters (batches.ts), the records
 * as Lambda's event carries them (records.ts), slow steps (slow-steps.ts), and the loop that reads
 * into the lanes, drains and reports (poller.ts).
 */
export { startStreamPoller } from './stream-poller/poller';
export { repairEmptyMaps } from './stream-poller/records';
export { SLOW_STEP_MS, type PollerStatus, type SlowStep, type StreamHandler, type StreamPoller, type StreamPollerOptions } from './stream-poller/types';
