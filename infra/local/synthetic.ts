import type { Grant, Grantee, Scope } from '../../shared/domain/grant';
import { withCheckDigit } from '../../shared/domain/nhs-number';
import { ACHIEVEMENTS, GOAL_CATEGORIES, RAG, type Achievement, type Goal, type Plan, type Rag } from '../../shared/domain/plan';
import { financialYear, PHB_CATEGORIES, type Budget, type PhbRequest, type PhbState } from '../../shared/domain/phb';
import type { Measurement } from '../../shared/domain/health';
import type { Store } from '../../shared/runtime/deps';
import { batchWriteAll } from '../../shared/store/batch-write';
import { directoryUserItem } from '../../shared/store/directory-repository';
import { toGrantItem } from '../../shared/store/grants-repository';
import { nhsNumberKey } from '../../shared/store/keys';
import { putMeasurementItem, putReqolItem } from '../../shared/store/measurements-repository';
import { budgetKey, putNewRequestItems } from '../../shared/store/phb-repository';
import { planKey, putLogItem, putRagItem } from '../../shared/store/plan-repository';
import { required } from '../required';

type Item = Record<string, unknown>;
const DAY = 86_400_000;

/** A small seeded generator (mulberry32): the same seed gives the same borough, run after run. */
export const randomSource = (seed: number) => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => required(xs[Math.floor(next() * xs.length)], 'a choice (from an empty list)');
  const chance = (p: number): boolean => next() < p;
  return { next, int, pick, chance };
};
type Random = ReturnType<typeof randomSource>;

/** Synthetic ids: never a real person's. */
export const syntheticPatientId = (i: number): string => `synth-${String(i).padStart(5, '0')}`;

/**
 * NHS numbers from the range reserved for testing (999 prefix), after the demo patients' ones;
 * stems whose check digit does not exist are skipped.
 */
export const syntheticNhsNumber = (i: number): string => {
  for (let stem = 999_100_000 + i * 2; ; stem++) {
    const nhs = withCheckDigit(String(stem));
    if (nhs) return nhs;
  }
};

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
const achievementOf = (r: Random): Achievement => {
  const x = r.next();
  return x < 0.45 ? ACHIEVEMENTS[0] : x < 0.8 ? ACHIEVEMENTS[1] : ACHIEVEMENTS[2];
};

/**
 * One synthetic patient's items, as the platform itself writes them (the same item builders): a plan
 * with goals (some closed, with achievement), RAG history mostly by the patient, log entries,
 * measurements, ReQoL-10 responses drifting towards recovery, a budget and PHB requests within it,
 * an NHS number, a few petals for the demo care team and a directory entry. No words of a real person.
 */
export const syntheticPatient = (store: Store, borough: string, i: number, now: Date, seed: number): Item[] => {
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
    const updates = r.int(0, 6);
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

  for (let m = r.int(0, 3); m > 0; m--) {
    const mine = r.chance(0.6);
    const measurement: Measurement = {
      measurementId: `m${m}`,
      patientId,
      type: 'exercise',
      value: r.int(0, 600),
      unit: 'min/wk',
      at: iso(at(joined)),
      source: mine ? 'self' : 'care-team',
      author: mine ? { userId: patientId } : { userId: 'coach', org: 'core-sport' },
      flags: [],
    };
    put(putMeasurementItem(store, borough, measurement));
  }

  // ReQoL-10: a first response when joining, then a few more that drift up on average.
  const responses = r.chance(0.8) ? r.int(1, 5) : 0;
  let total = r.int(8, 30);
  let t = joined + r.int(0, 7) * DAY;
  for (let q = 0; q < responses && t < nowMs; q++) {
    const scores = spread(r, total);
    put(putReqolItem(store, borough, { responseId: `q${q + 1}`, patientId, scores, total, clinicalRange: total <= 24, at: iso(t) }));
    total = Math.max(0, Math.min(40, total + r.int(-5, 8)));
    t += r.int(30, 120) * DAY;
  }

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
      const status: PhbState = fits ? r.pick(['submitted', 'approved', 'approved', 'purchased', 'declined', 'withdrawn'] as const) : r.pick(['submitted', 'declined'] as const);
      const approved = status === 'approved' || status === 'purchased';
      if (status === 'approved') committed += amount;
      if (status === 'purchased') spent += amount;
      const request: PhbRequest = {
        requestId: `${patientId}-r${p}`,
        patientId,
        category: r.pick(PHB_CATEGORIES),
        item: 'A synthetic item',
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
  if (r.chance(0.15)) petals.push([{ type: 'person', userId: 'coach' }, ['plan:read']]);
  if (r.chance(0.2)) petals.push([{ type: 'organisation', org: 'beechwood-practice' }, ['health:read', 'health:contribute']]);
  petals.forEach(([grantee, scopes], k) => {
    const grant: Grant = { grantId: `${patientId}-grant${k + 1}`, patientId, grantee, scopes, startsAt: iso(joined), createdAt: iso(joined), updatedAt: iso(joined), version: 1 };
    items.push(toGrantItem(borough, grant));
  });
  items.push({ ...nhsNumberKey(borough, syntheticNhsNumber(i)), entity: 'nhs-number', patientId });
  // In the borough's directory, as after their first sign-in: staff find only patients who exist.
  items.push(directoryUserItem(borough, { userId: patientId, roles: ['patient'] }));
  return items;
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

/** Seeds `patients` synthetic patients (ids synth-00001...), `from` the given index. Returns the items written. */
export const seedSynthetic = async (store: Store, borough: string, options: { patients: number; now: Date; seed?: number; from?: number; progress?: (done: number) => void }): Promise<number> => {
  let written = 0;
  const from = options.from ?? 1;
  for (let start = from; start < from + options.patients; start += 200) {
    const items: Item[] = [];
    for (let i = start; i < Math.min(start + 200, from + options.patients); i++) items.push(...syntheticPatient(store, borough, i, options.now, options.seed ?? 1));
    await batchWriteAll(
      store,
      items.map((Item) => ({ PutRequest: { Item } })),
    );
    written += items.length;
    options.progress?.(Math.min(start + 200, from + options.patients) - from);
  }
  return written;
};
