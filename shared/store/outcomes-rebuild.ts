import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { contributionOf, withActivity, type Counters, type PatientOutcomeFacts } from '../domain/outcomes';
import type { ReqolThresholds } from '../domain/reqol';
import type { Store } from '../runtime/deps';
import { batchWriteAll, eachLimited } from './batch-write';
import { boroughPrefix } from './keys';
import { factsFromItems, patientItemsForOutcomes, patientOfKey } from './outcome-sources';
import { addToAggregate, applyPatientChange, metaKey, putFirstState, outcomesPartition, outcomeStateKey, readGenerations, type Generations } from './outcomes-repository';
import { queryAll, scanAll } from './query-all';
import { rebuildGlance } from './glance-repository';
import { openStatements } from './budget-ledger-repository';

export class RebuildInProgressError extends Error {
  constructor(building: string) {
    super(`A rebuild (generation ${building}) is already in progress; wait for it, or pass --force if it died.`);
    this.name = 'RebuildInProgressError';
  }
}

/** Every patient with an item in the borough (an offline Scan of keys only). */
const patientsOf = async (store: Store, borough: string): Promise<string[]> => {
  const keys = await scanAll(store, { ProjectionExpression: 'pk', FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': `${boroughPrefix(borough)}#P#` } });
  return [...new Set(keys.map((k) => patientOfKey(borough, String(k.pk))).filter((p): p is string => p !== undefined))].sort();
};

export interface RebuildResult {
  generation: string;
  previous: string;
  patients: number;
}

/**
 * Rebuilds a borough's outcome aggregates (and each patient's glance) from the raw items, while the stream keeps running: a new
 * generation is filled patient by patient (the stream also writes to it meanwhile, and both only
 * ever converge on the facts the raw items give), then made current; the old one is deleted.
 */
export const rebuildOutcomes = async (store: Store, borough: string, t: ReqolThresholds, options: { force?: boolean; concurrency?: number; now?: () => Date } = {}): Promise<RebuildResult> => {
  const before: Generations = await readGenerations(store, borough);
  if (before.building && !options.force) throw new RebuildInProgressError(before.building);
  const generation = String((options.now ?? (() => new Date()))().getTime());
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...metaKey(borough), entity: 'outcome-meta', current: before.current, building: generation } }));

  const patients = await patientsOf(store, borough);
  await countInto(
    store,
    borough,
    generation,
    patients,
    async (patientId) => {
      const items = await patientItemsForOutcomes(store, borough, patientId);
      // The care team's glance of the patient is rebuilt on the way (after a restore, or items written without the stream).
      await rebuildGlance(store, borough, patientId, items);
      // So are the statements of budgets from before statements were kept.
      await openStatements(store, borough, patientId);
      return factsFromItems(items);
    },
    t,
    options.concurrency ?? 8,
  );

  await store.doc.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...metaKey(borough), entity: 'outcome-meta', current: generation },
      ConditionExpression: 'building = :g',
      ExpressionAttributeValues: { ':g': generation },
    }),
  );
  // The old generation, and a dead rebuild's half-built one, go.
  for (const old of [before.current, ...(before.building ? [before.building] : [])]) {
    const stale = await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :g)',
      ExpressionAttributeValues: { ':pk': outcomesPartition(borough), ':g': `G#${old}#` },
      ProjectionExpression: 'pk, sk',
    });
    const doomed = [...stale.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })), ...patients.map((p) => outcomeStateKey(borough, p, old))];
    await batchWriteAll(
      store,
      doomed.map((Key) => ({ DeleteRequest: { Key } })),
    );
  }
  return { generation, previous: before.current, patients: patients.length };
};

/**
 * Counts patients into a generation from their facts. Those the stream has not reached there yet are
 * summed and added at the end in bulk (ADD commutes with the stream's own deltas); the others go
 * through the usual delta path.
 */
const countInto = async (
  store: Store,
  borough: string,
  generation: string,
  patients: readonly string[],
  factsOf: (patientId: string) => Promise<PatientOutcomeFacts>,
  t: ReqolThresholds,
  concurrency: number,
): Promise<void> => {
  const totals = new Map<string, Counters>();
  await eachLimited(patients, concurrency, async (patientId) => {
    const facts = await factsOf(patientId);
    if (await putFirstState(store, borough, generation, patientId, facts)) {
      for (const [name, counters] of contributionOf(facts, t)) totals.set(name, sumCounters(totals.get(name) ?? {}, counters));
      return;
    }
    // Activity the stream already put in this generation stays (a union); the rest is replaced.
    await applyPatientChange(store, borough, patientId, (existing) => mergeActivity(facts, existing), t, generation);
  });
  await eachLimited([...totals], concurrency, ([name, counters]) => addToAggregate(store, borough, generation, name, counters));
};

/**
 * Counts patients just written in bulk, whose items are at hand, into the live generations, as the
 * stream will once it reaches their records (it then finds nothing to change): a bulk seed's report
 * is right at once without a rebuild reading everything back.
 * @example await countWrittenPatients(store, 'city-and-hackney', config.reqol, new Map([['synth-00001', items]]))
 */
export const countWrittenPatients = async (store: Store, borough: string, t: ReqolThresholds, written: ReadonlyMap<string, readonly Record<string, unknown>[]>): Promise<void> => {
  const { current, building } = await readGenerations(store, borough);
  // A bulk seed's budgets get their opening statement lines on the way.
  await eachLimited([...written.keys()], 8, async (patientId) => {
    await openStatements(store, borough, patientId);
  });
  const factsOf = (patientId: string) => Promise.resolve(factsFromItems(written.get(patientId) ?? []));
  for (const generation of [current, ...(building ? [building] : [])]) await countInto(store, borough, generation, [...written.keys()], factsOf, t, 8);
};

const sumCounters = (a: Counters, b: Counters): Counters => {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
};

const mergeActivity = (rebuilt: PatientOutcomeFacts, existing: PatientOutcomeFacts): PatientOutcomeFacts => {
  let merged = rebuilt;
  for (const month of existing.activeMonths) merged = { ...merged, activeMonths: [...new Set([...merged.activeMonths, month])].sort() };
  return existing.firstActiveAt ? withActivity(merged, existing.firstActiveAt) : merged;
};
