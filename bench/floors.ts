// Each route's own floor: the DynamoDB calls it makes, recorded once, then made raw from the same
// process (no HTTP, token, validation or consent decision), so that a route is compared with the
// shape of its own work (issue 17 item 5): a GetItem, a BatchGetItem then a TransactWriteItems, ...
import { BatchWriteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { performance } from 'node:perf_hooks';
import type { StoreClients } from '../shared/store/client';
import { median, ms, quantile } from './stats';

interface SdkCommand {
  readonly input: object;
}
type SendFn = (command: SdkCommand, ...rest: unknown[]) => Promise<unknown>;
type Via = keyof StoreClients;

/** One DynamoDB call a route made: its command, through which client, and when. */
export interface RecordedCall {
  name: string;
  command: SdkCommand;
  via: Via;
  start: number;
  end: number;
}

/** Records every call made through the store's clients while `during` runs (nothing else may run meanwhile). */
export const recordCalls = async (clients: StoreClients, during: () => Promise<void>): Promise<RecordedCall[]> => {
  const calls: RecordedCall[] = [];
  const restore = (['doc', 'client'] as const).map((via) => {
    const target = clients[via] as unknown as { send: SendFn };
    const original = target.send;
    target.send = async function (this: unknown, command, ...rest) {
      const call: RecordedCall = { name: command.constructor.name.replace(/Command$/, ''), command, via, start: performance.now(), end: Number.POSITIVE_INFINITY };
      calls.push(call);
      try {
        return await original.call(this, command, ...rest);
      } finally {
        call.end = performance.now();
      }
    };
    return () => void (target.send = original);
  });
  try {
    await during();
  } finally {
    restore.forEach((undo) => undo());
  }
  return calls;
};

/** Calls that ran at the same time (each started before the first of its group ended), in order. */
const concurrentGroups = (calls: readonly RecordedCall[]): RecordedCall[][] => {
  const groups: RecordedCall[][] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const last = groups.at(-1);
    if (last && call.start < Math.min(...last.map((c) => c.end))) last.push(call);
    else groups.push([call]);
  }
  return groups;
};

const API_NAMES: Record<string, string> = {
  Get: 'GetItem',
  BatchGet: 'BatchGetItem',
  TransactWrite: 'TransactWriteItems',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchWrite: 'BatchWriteItem',
};
const apiName = (call: RecordedCall): string => API_NAMES[call.name] ?? call.name;

/** How many items a call reads or writes, where it names them. */
const itemsOf = (call: RecordedCall): unknown[] | undefined => {
  const input = call.command.input as { TransactItems?: unknown[]; RequestItems?: Record<string, { Keys?: unknown[] } | unknown[]> };
  if (input.TransactItems) return input.TransactItems;
  const requests = Object.values(input.RequestItems ?? {})[0];
  if (requests) return Array.isArray(requests) ? requests : requests.Keys;
  return undefined;
};

/** The calls as a reader can check them: e.g. "BatchGetItem (3) then TransactWriteItems (2)"; parallel calls joined by "+". */
export const shapeOf = (calls: readonly RecordedCall[]): string =>
  calls.length === 0
    ? 'no DynamoDB call'
    : concurrentGroups(calls)
        .map((group) => {
          const counts = new Map<string, number>();
          for (const call of group) {
            const items = itemsOf(call);
            const label = `${apiName(call)}${items ? ` (${items.length})` : ''}`;
            counts.set(label, (counts.get(label) ?? 0) + 1);
          }
          return [...counts].map(([label, n]) => (n > 1 ? `${n} × ${label}` : label)).join(' + ');
        })
        .join(' then ');

const SCRATCH = 'BENCH#floor';
const READS = /^(Get|BatchGet|Query|Scan)(Item)?$/;

/**
 * The floor of a route: its reads made again as they were, its writes as unconditional puts of as many
 * items of about the same size under a scratch partition (no index keys, so no other question sees
 * them; the stream handlers ignore them), calls that ran together run together again.
 */
export const floorOf = (calls: readonly RecordedCall[], clients: StoreClients, tableName: string): (() => Promise<void>) => {
  const scratch = (tag: string, body: unknown) => ({ pk: SCRATCH, sk: tag, body: JSON.stringify(body) });
  const commandFor = (call: RecordedCall, index: number): { via: Via; command: SdkCommand } => {
    if (READS.test(call.name)) {
      const Ctor = call.command.constructor as new (input: object) => SdkCommand;
      return { via: call.via, command: new Ctor(call.command.input) };
    }
    const items = itemsOf(call) ?? [call.command.input];
    if (/^TransactWrite/.test(call.name))
      return { via: 'doc', command: new TransactWriteCommand({ TransactItems: items.map((item, i) => ({ Put: { TableName: tableName, Item: scratch(`${index}-${i}`, item) } })) }) };
    if (/^BatchWrite/.test(call.name))
      return { via: 'doc', command: new BatchWriteCommand({ RequestItems: { [tableName]: items.map((item, i) => ({ PutRequest: { Item: scratch(`${index}-${i}`, item) } })) } }) };
    if (/^(Put|Update|Delete)(Item)?$/.test(call.name)) return { via: 'doc', command: new PutCommand({ TableName: tableName, Item: scratch(`${index}`, call.command.input) }) };
    throw new Error(`bench: no floor for a ${call.name} call`);
  };
  const send = (via: Via, command: SdkCommand) => (clients[via] as unknown as { send: SendFn }).send(command);
  const groups = concurrentGroups(calls);
  return async () => {
    let index = 0;
    for (const group of groups) {
      await Promise.all(
        group.map((call) => {
          const { via, command } = commandFor(call, index++);
          return send(via, command);
        }),
      );
    }
  };
};

/** Issue 17 item 5: each route within this ratio of its own floor, median and p99. */
export const TARGET_FLOOR_RATIO = 1.3;

export interface LatencyRow {
  name: string;
  shape: string;
  samples: readonly number[];
  /** The samples of the route's floor, measured interleaved with it; none for a route that makes no call. */
  floor?: readonly number[];
}

/** The latency table of bench/RESULTS.md: each route beside the floor of its own shape. */
export const latencyTable = (rows: readonly LatencyRow[]): string[] => [
  '| route | DynamoDB calls (recorded) | median ms | p99 ms | floor median ms | floor p99 ms | median / floor | p99 / floor | within 1.3x |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  ...rows.map(({ name, shape, samples, floor }) => {
    const [m, p] = [median(samples), quantile(samples, 0.99)];
    if (!floor) return `| ${name} | ${shape} | ${ms(m)} | ${ms(p)} | — | — | — | — | — |`;
    const [fm, fp] = [median(floor), quantile(floor, 0.99)];
    const within = m / fm <= TARGET_FLOOR_RATIO && p / fp <= TARGET_FLOOR_RATIO;
    return `| ${name} | ${shape} | ${ms(m)} | ${ms(p)} | ${ms(fm)} | ${ms(fp)} | ${(m / fm).toFixed(2)}x | ${(p / fp).toFixed(2)}x | ${within ? 'yes' : 'no'} |`;
  }),
];
