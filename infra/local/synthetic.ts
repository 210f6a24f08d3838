import type { BoroughConfig } from '../../shared/domain/borough-config';
import type { Grant, Grantee, Scope } from '../../shared/domain/grant';
import { emptySummary, withMeasurement, withReqol } from '../../shared/domain/health';
import { ACHIEVEMENTS, GOAL_CATEGORIES, RAG, type Achievement, type Goal, type Plan, type Rag } from '../../shared/domain/plan';
import { addMonths, financialYear, londonDay, PHB_CATEGORIES, type Budget, type PhbCategory, type PhbRequest, type PhbState } from '../../shared/domain/phb';
import { inClinicalRange } from '../../shared/domain/reqol';
import { addDays } from '../../shared/domain/reviews';
import type { Store } from '../../shared/runtime/deps';
import { batchWriteAll } from '../../shared/store/batch-write';
import { batchGet, keyId } from '../../shared/store/batch-get';
import { directoryUserItem, directoryUserKey } from '../../shared/store/directory-repository';
import { toGrantItem } from '../../shared/store/grants-repository';
import { nhsNumberKey } from '../../shared/store/keys';
import { putMeasurementItem, putReqolItem, summaryKey, type ReqolResponse } from '../../shared/store/measurements-repository';
import { budgetKey, putNewRequestItems } from '../../shared/store/phb-repository';
import { planKey, putLogItem, putRagItem } from '../../shared/store/plan-repository';
import { required } from '../required';
import { randomSource, type Random } from './random-source';
import { syntheticMeasurements } from './synthetic-health';
import { syntheticPatientId, syntheticPerson } from './synthetic-people';

type Item = Record<string, unknown>;
const DAY = 86_400_000;

/** What of a borough's configuration synthetic data follows: its id, health thresholds (flags) and ReQoL-10 cut-off. */
export type SyntheticBorough = Pick<BoroughConfig, 'id' | 'healthThresholds' | 'reqol' | 'phb'>;

/** A synthetic patient: the items of their record, and their directory entry (written last: it makes them exist). */
export interface SyntheticPatient {
  patientId: string;
  nhsNumber: string;
  items: Item[];
  person: Item;
}

const GOAL_TEXT: Record<Goal['category'], readonly string[]> = {
  mental: ['Sleep at least seven hours most nights', 'Keep a mood diary', 'Go to the peer support group', 'Practise a breathing exercise daily'],
  physical: ['Walk for thirty minutes three times a week', 'Cook a fresh meal twice a week', 'Cut down on smoking', 'Go swimming on Saturdays'],
  social: ['Join a community art class', 'Call a friend every week', 'Volunteer at the food bank', 'Look into a college course'],
};
const STAFF: readonly Author[] = [
  { userId: 'miriam', org: 'elft', asPatient: false },
  { userId: 'coach', org: 'core-sport', asPatient: false },
];
type Author = { userId: string; org?: string; asPatient: boolean };

const iso = (t: number): string => new Date(t).toISOString();
const between = (r: Random, from: number, to: number): number => (to <= from ? from : from + Math.floor(r.next() * (to - from)));

/** An achievement with a realistic spread: more achieved than not. */
const PHB_ITEMS: Record<PhbCategory, string> = {
  phone: 'A smartphone',
  laptop: 'A refurbished laptop',
  tablet: 'A tablet',
  gym: 'Gym membership, three months',
  swimming: 'Swimming passes',
  class: 'Evening cookery class',
  'cinema-club': 'Cinema club membership',
  'therapy-app': 'A year of a therapy app',
  other: 'Art materials',
};

const achievementOf = (r: Random): Achievement => {
  const x = r.next();
  return x < 0.45 ? ACHIEVEMENTS[0] : x < 0.8 ? ACHIEVEMENTS[1] : ACHIEVEMENTS[2];
};

/**
 * One synthetic patient's items, as the platform itself writes them (the same item builders): a plan
 * with goals (some closed, with achievement), RAG history mostly by the patient, log entries,
 * physical health checks with the health summary they make, ReQoL-10 responses drifting towards
 * recovery, a budget and PHB requests within it, a few petals for the demo care team, a linked NHS
 * number and a directory entry with a fictional name. No words of a real person.
 */
export const syntheticPatient = (store: Store, config: SyntheticBorough, i: number, now: Date, seed: number): SyntheticPatient => {
  const borough = config.id;
  const r = randomSource(seed * 100_003 + i);
  const patientId = syntheticPatientId(i);
  const nowMs = now.getTime();
  const joined = nowMs - r.int(5, 730) * DAY;
  const at = (from: number) => between(r, from, nowMs - 60_000);
  const items: Item[] = [];
  const put = (t: { Put?: { Item?: Item } }) => items.push(required(t.Put?.Item, 'item of a put'));
  const self: Author = { userId: patientId, asPatient: true };

  // The plan, its goals and their RAG history.
  const goals: Plan['goals'] = {};
  const goalCount = r.int(1, 5);
  for (let g = 0; g < goalCount; g++) {
    const goalId = `g${g + 1}`;
    const category = r.pick(GOAL_CATEGORIES);
    const createdAt = at(joined);
    let last: { status: Rag; at: string; updateId: string } | undefined;
    const updates = r.int(0, 4);
    const times = Array.from({ length: updates }, () => at(createdAt)).sort((a, b) => a - b);
    times.forEach((t, u) => {
      const status = r.pick(RAG);
      const by = r.chance(0.85) ? self : r.pick(STAFF);
      const updateId = `${goalId}-u${u + 1}`;
      put(putRagItem(store, borough, patientId, { updateId, goalId, status, at: iso(t), by }));
      last = { status, at: iso(t), updateId };
    });
    const closed = r.chance(0.4);
    const closedAt = closed ? at(Math.max(createdAt, last ? Date.parse(last.at) : createdAt)) : undefined;
    goals[goalId] = {
      goalId,
      category,
      description: r.pick(GOAL_TEXT[category]),
      status: closed ? 'closed' : 'active',
      ...(closedAt !== undefined ? { achievement: achievementOf(r), closedAt: iso(closedAt) } : {}),
      ...(last ? { rag: last } : {}),
      steps: Array.from({ length: r.int(0, 3) }, (_, s) => ({
        stepId: `${goalId}-s${s + 1}`,
        text: `Step ${s + 1}`,
        done: r.chance(0.5),
        addedBy: r.chance(0.7) ? self : r.pick(STAFF),
        addedAt: iso(createdAt),
      })),
      createdAt: iso(createdAt),
      order: g + 1,
    };
  }
  const plan: Plan = {
    patientId,
    sections: { whatMattersToMe: 'Synthetic patient for demos and load tests.', whatHelpsMeStayWell: 'Routine and company.', mySupportNetwork: 'Family and the care team.' },
    goals,
    version: 1,
    updatedAt: iso(joined),
  };
  items.push({ ...planKey(borough, patientId), entity: 'plan', ...plan });

  for (let l = r.int(0, 4); l > 0; l--) {
    const t = at(joined);
    put(putLogItem(store, borough, patientId, { entryId: `log${l}`, date: iso(t).slice(0, 10), text: 'A synthetic day.', mood: r.int(1, 5), at: iso(t) }));
  }

  const measurements = syntheticMeasurements(r, patientId, joined, nowMs - 60_000, config.healthThresholds);
  for (const m of measurements) put(putMeasurementItem(store, borough, m));
  let summary = measurements.reduce(withMeasurement, emptySummary(patientId));

  // ReQoL-10: a first response when joining, then a few more that drift up on average.
  const responses = r.chance(0.8) ? r.int(1, 5) : 0;
  let total = r.int(8, 30);
  let t = joined + r.int(0, 7) * DAY;
  for (let q = 0; q < responses && t < nowMs; q++) {
    const response: ReqolResponse = { responseId: `q${q + 1}`, patientId, scores: spread(r, total), total, clinicalRange: inClinicalRange(total, config.reqol), at: iso(t) };
    put(putReqolItem(store, borough, response));
    summary = withReqol(summary, response);
    total = Math.max(0, Math.min(40, total + r.int(-5, 8)));
    t += r.int(30, 120) * DAY;
  }
  if (summary.version > 0) items.push({ ...summaryKey(borough, patientId), entity: 'health-summary', ...summary });

  // A budget this financial year, and requests within it.
  const fy = financialYear(now);
  if (r.chance(0.35)) {
    const allocated = r.int(4, 20) * 5_000;
    let committed = 0;
    let spent = 0;
    for (let p = r.int(0, 3); p > 0; p--) {
      const amount = r.int(10, 60) * 500;
      const submittedAt = iso(at(Math.max(joined, nowMs - 200 * DAY)));
      const fits = committed + spent + amount <= allocated;
      const status: PhbState = fits ? r.pick(['submitted', 'approved', 'approved', 'delivered', 'declined', 'withdrawn'] as const) : r.pick(['submitted', 'declined'] as const);
      const approved = status === 'approved' || status === 'delivered';
      if (status === 'approved') committed += amount;
      if (status === 'delivered') spent += amount;
      const category = r.pick(PHB_CATEGORIES);
      // Delivered 2 to 29 days after it was asked for (never after today), so that the report has days to delivery to show.
      const waited = addDays(submittedAt.slice(0, 10), 2 + ((i * 7 + p * 11) % 28));
      const deliveredOn = waited < londonDay(now) ? waited : londonDay(now);
      const request: PhbRequest = {
        requestId: `${patientId}-r${p}`,
        patientId,
        category,
        item: PHB_ITEMS[category],
        amountPence: amount,
        goalId: r.pick(Object.keys(goals)),
        whyItHelps: 'Synthetic reason.',
        alternativesConsidered: 'Synthetic alternatives.',
        status,
        submittedBy: r.chance(0.8) ? self : { userId: 'miriam', org: 'elft', asPatient: false },
        submittedAt,
        ...(approved || status === 'declined' ? { decidedBy: ['advisor'], decidedAt: submittedAt } : {}),
        ...(approved ? { financialYear: fy } : {}),
        ...(status === 'declined' ? { declineReason: 'Synthetic decision.' } : {}),
        // Bought at the price asked, the day it was asked for.
        ...(status === 'delivered'
          ? {
              order: { supplier: 'Synthetic supplier', orderReference: `${patientId}-o${p}`, actualCostPence: amount, orderedAt: submittedAt, by: 'advisor' },
              deliveredOn,
              reviewDueOn: addMonths(deliveredOn, config.phb.reviewAfterMonths),
            }
          : {}),
        version: 1,
      };
      for (const item of putNewRequestItems(store, borough, request)) put(item);
    }
    const budget: Budget = { patientId, financialYear: fy, allocatedPence: allocated, committedPence: committed, spentPence: spent, remainingPence: allocated - committed - spent, version: 1 };
    items.push({ ...budgetKey(borough, patientId, fy), entity: 'budget', ...budget });
  }

  // Petals: about a third share with miriam, some with coach and their GP practice.
  const petals: [Grantee, Scope[]][] = [];
  if (r.chance(0.3)) petals.push([{ type: 'person', userId: 'miriam' }, ['plan:read', 'plan:contribute', 'health:read']]);
  if (r.chance(0.15)) petals.push([{ type: 'person', userId: 'coach' }, ['plan:read', 'health:read']]);
  if (r.chance(0.2)) petals.push([{ type: 'organisation', org: 'beechwood-practice' }, ['health:read', 'health:contribute']]);
  petals.forEach(([grantee, scopes], k) => {
    const grant: Grant = { grantId: `${patientId}-grant${k + 1}`, patientId, grantee, scopes, startsAt: iso(joined), createdAt: iso(joined), updatedAt: iso(joined), version: 1 };
    items.push(toGrantItem(borough, grant));
  });
  const person = syntheticPerson(i, now, seed);
  const nhsNumber = required(person.nhsNumber, 'an NHS number');
  items.push({ ...nhsNumberKey(borough, nhsNumber), entity: 'nhs-number', patientId });
  // In the borough's directory, as after their first sign-in: staff find only patients who exist.
  return { patientId, nhsNumber, items, person: directoryUserItem(borough, person) };
};

/** Ten item scores (0-4) that add up to `total`. */
const spread = (r: Random, total: number): number[] => {
  const scores = Array.from({ length: 10 }, () => 0);
  for (let left = total; left > 0;) {
    const k = r.int(0, 9);
    const score = required(scores[k], `score ${k}`);
    if (score < 4) {
      scores[k] = score + 1;
      left -= 1;
    }
  }
  return scores;
};

/**
 * Which of these patients to leave alone: those already in the directory (seeded before, perhaps
 * changed since), and those whose NHS number is linked to someone else.
 */
const alreadyThere = async (store: Store, borough: string, patients: readonly SyntheticPatient[]): Promise<Set<string>> => {
  const there = new Set<string>();
  // BatchGetItem takes at most 100 keys: two per patient.
  for (let k = 0; k < patients.length; k += 50) {
    const some = patients.slice(k, k + 50);
    const found = await batchGet(
      store,
      some.flatMap((p) => [directoryUserKey(borough, p.patientId), nhsNumberKey(borough, p.nhsNumber)]),
    );
    for (const p of some) {
      const linked = found.get(keyId(nhsNumberKey(borough, p.nhsNumber)))?.patientId;
      if (found.has(keyId(directoryUserKey(borough, p.patientId))) || (linked !== undefined && linked !== p.patientId)) there.add(p.patientId);
    }
  }
  return there;
};

export interface SeedResult {
  /** Patients written, and those left as they were (already there). */
  seeded: number;
  skipped: number;
  items: number;
}

/**
 * Seeds `patients` synthetic patients (ids synth-00001...), `from` the given index, put once: a patient
 * already in the directory is left as they are, so seeding again adds nothing and undoes no change.
 * Each chunk's directory entries go in after its records, so a patient exists only once whole.
 */
export const seedSynthetic = async (
  store: Store,
  config: SyntheticBorough,
  options: { patients: number; now: Date; seed?: number; from?: number; progress?: (done: number) => void; written?: (fresh: readonly SyntheticPatient[]) => Promise<void> },
): Promise<SeedResult> => {
  const result: SeedResult = { seeded: 0, skipped: 0, items: 0 };
  const from = options.from ?? 1;
  const end = from + options.patients;
  for (let start = from; start < end; start += 200) {
    const chunk = Array.from({ length: Math.min(200, end - start) }, (_, k) => syntheticPatient(store, config, start + k, options.now, options.seed ?? 1));
    const there = await alreadyThere(store, config.id, chunk);
    const fresh = chunk.filter((p) => !there.has(p.patientId));
    const items = fresh.flatMap((p) => p.items);
    await batchWriteAll(
      store,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    await batchWriteAll(
      store,
      fresh.map((p) => ({ PutRequest: { Item: p.person } })),
    );
    await options.written?.(fresh);
    result.seeded += fresh.length;
    result.skipped += there.size;
    result.items += items.length + fresh.length;
    options.progress?.(Math.min(start + 200, end) - from);
  }
  return result;
};
