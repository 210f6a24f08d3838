import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { contributionOf, deltaBetween, emptyFacts, sameFacts, type Counters, type PatientOutcomeFacts } from '../domain/outcomes';
import type { ReqolThresholds } from '../domain/reqol';
import type { Store } from '../runtime/deps';
import { boroughPartition, patientPartition, type ItemKey } from './keys';
import { queryAll } from './query-all';
import { cancellationCodes, conditionFailed } from './transaction-errors';
import type { TransactItem } from './transact';
import { withoutKeys } from './table-definition';

type Item = Record<string, unknown>;

/**
 * The outcome aggregates of a borough live in one partition, by generation: the stream keeps the
 * current generation (and, during a rebuild, the one being built) up to date; a rebuild fills a new
 * generation from the raw items and then makes it current, so the report never reads a half-built one.
 */
export const outcomesPartition = (borough: string): string => boroughPartition(borough, 'STATS#OUTCOMES');
const META = 'META' as const;
const aggregateSk = (generation: string, name: string): string => `G#${generation}#${name}`;
export const INITIAL_GENERATION = '0';

export interface Generations {
  current: string;
  /** A rebuild in progress fills this one. */
  building?: string;
}

export const metaKey = (borough: string): ItemKey => ({ pk: outcomesPartition(borough), sk: META });

/** A patient's facts as counted in a generation (the "before" of the next change). */
export const outcomeStateKey = (borough: string, patientId: string, generation: string): ItemKey => ({ pk: patientPartition(borough, patientId), sk: `OUTCOME#${generation}` });

const generationsOf = (item: Item | undefined): Generations =>
  item ? { current: String(item.current), ...(typeof item.building === 'string' ? { building: item.building } : {}) } : { current: INITIAL_GENERATION };

export const readGenerations = async (store: Store, borough: string): Promise<Generations> => {
  const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: metaKey(borough), ConsistentRead: true }));
  return generationsOf(Item);
};

/** The counters of the current generation, in one Query of the borough's outcome partition. */
export const readCurrentAggregates = async (store: Store, borough: string): Promise<Map<string, Counters>> => {
  const items = await queryAll(store, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': outcomesPartition(borough) } });
  const { current } = generationsOf(items.find((i) => i.sk === META));
  const prefix = aggregateSk(current, '');
  const out = new Map<string, Counters>();
  for (const item of items) {
    const sk = String(item.sk);
    if (!sk.startsWith(prefix)) continue;
    out.set(sk.slice(prefix.length), withoutKeys(item) as Counters);
  }
  return out;
};

/** Adds counters to one aggregate item outside any transaction (the rebuild's bulk totals). */
export const addToAggregate = async (store: Store, borough: string, generation: string, name: string, counters: Counters): Promise<void> => {
  const { Update } = addCounters(store, borough, generation, name, counters);
  if (!Update) throw new Error('addCounters gave no Update');
  await store.doc.send(new UpdateCommand(Update));
};

/** Raised when a rebuild moved the generations under a write: read them again and re-apply. */
class GenerationsMovedError extends Error {
  constructor() {
    super('The outcome generations changed during the write.');
    this.name = 'GenerationsMovedError';
  }
}

export const addCounters = (store: Store, borough: string, generation: string, name: string, counters: Counters): TransactItem => {
  const entries = Object.entries(counters);
  return {
    Update: {
      TableName: store.tableName,
      Key: { pk: outcomesPartition(borough), sk: aggregateSk(generation, name) },
      UpdateExpression: `ADD ${entries.map((_, i) => `#c${i} :c${i}`).join(', ')} SET entity = :entity`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([c], i) => [`#c${i}`, c])),
      ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, v], i) => [`:c${i}`, v])), ':entity': 'outcome-aggregate' },
    },
  };
};

/**
 * The rebuild's first write of a patient in a new generation: their state only, if the stream has not
 * put one there first (their counters are then added in bulk by the rebuild). Returns false when it had.
 */
export const putFirstState = async (store: Store, borough: string, generation: string, patientId: string, facts: PatientOutcomeFacts): Promise<boolean> => {
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...outcomeStateKey(borough, patientId, generation), entity: 'outcome-state', facts, version: 1 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

/** The write is for a generation that is still current or being built. */
const generationStillLive = (store: Store, borough: string, generation: string): TransactItem => ({
  ConditionCheck: {
    TableName: store.tableName,
    Key: metaKey(borough),
    ConditionExpression: generation === INITIAL_GENERATION ? 'attribute_not_exists(pk) OR #cur = :g OR building = :g' : '#cur = :g OR building = :g',
    ExpressionAttributeNames: { '#cur': 'current' },
    ExpressionAttributeValues: { ':g': generation },
  },
});

const MAX_ATTEMPTS = 25;
const pause = (attempt: number) => new Promise((r) => setTimeout(r, Math.min(500, 5 * 2 ** attempt) * (0.5 + Math.random())));

/**
 * Moves one patient's facts in one generation: the state item and the borough counters change in one
 * transaction, by the difference between what the patient contributed before and after. `change`
 * must give the same result when applied again (it recomputes from the raw items, or takes a set
 * union), so a record delivered twice, or a rebuild racing the stream, counts once.
 */
const applyInGeneration = async (
  store: Store,
  borough: string,
  generation: string,
  patientId: string,
  change: (f: PatientOutcomeFacts) => PatientOutcomeFacts,
  t: ReqolThresholds,
): Promise<boolean> => {
  const key = outcomeStateKey(borough, patientId, generation);
  for (let attempt = 0; ; attempt++) {
    const { Item } = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: key, ConsistentRead: true }));
    const before = (Item?.facts as PatientOutcomeFacts | undefined) ?? emptyFacts();
    const version = Number(Item?.version ?? 0);
    const after = change(before);
    const delta = deltaBetween(contributionOf(before, t), contributionOf(after, t));
    if (delta.size === 0 && sameFacts(before, after)) return false;
    if (delta.size + 2 > 100) throw new Error(`An outcome change of patient ${patientId} touches ${delta.size} aggregates, more than one transaction holds.`);
    const items: TransactItem[] = [
      generationStillLive(store, borough, generation),
      {
        Put: {
          TableName: store.tableName,
          Item: { ...key, entity: 'outcome-state', facts: after, version: version + 1 },
          ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
        },
      },
      ...[...delta].map(([name, counters]) => addCounters(store, borough, generation, name, counters)),
    ];
    try {
      await store.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') throw new GenerationsMovedError();
      if (attempt + 1 >= MAX_ATTEMPTS) throw error;
      await pause(attempt);
    }
  }
};

/**
 * Applies a change of one patient's facts to every live generation (the current one and, during a
 * rebuild, the one being built), or to `only` that one. Returns whether anything was written.
 */
export const applyPatientChange = async (
  store: Store,
  borough: string,
  patientId: string,
  change: (f: PatientOutcomeFacts) => PatientOutcomeFacts,
  t: ReqolThresholds,
  only?: string,
): Promise<boolean> => {
  for (let attempt = 0; ; attempt++) {
    const generations = await readGenerations(store, borough);
    const targets = only ? [only] : [generations.current, ...(generations.building ? [generations.building] : [])];
    try {
      let wrote = false;
      for (const generation of targets) wrote = (await applyInGeneration(store, borough, generation, patientId, change, t)) || wrote;
      return wrote;
    } catch (error) {
      if (!(error instanceof GenerationsMovedError) || attempt >= 5 || only) throw error;
    }
  }
};
