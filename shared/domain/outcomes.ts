import * as z from 'zod/mini';
import { disclosable, WITHHOLDING_NOTE, withheldCount } from './disclosure';
import type { Achievement, Goal } from './plan';
import { financialYear, londonDay, type PhbRequest } from './phb';
import { daysBetween, histogramSize, percentileOf } from './percentile';
import type { ReqolThresholds } from './reqol';

/**
 * The borough's outcome report, from aggregates: each patient contributes counters (facts, never
 * their words or scores) to a few borough items, and the report only adds those items up.
 *
 * - Active: the patient wrote something (a RAG update, comment, log entry, measurement, ReQoL-10
 *   response or PHB request) in the month. Calendar months (UTC), as NHS monthly activity is reported.
 * - On the platform since: the patient's first such activity.
 * - Goals: the patient's closed goals by achievement.
 * - ReQoL-10: the first response against the latest, for patients with two or more.
 * - PHB: per financial year of the approval, the requests approved and not withdrawn, by category,
 *   and of those the ones bought (ordered, then delivered and closed) with what they really cost; a
 *   user is a patient with at least one approved. Per financial year of the delivery, the whole days
 *   from submission (its day in London) to delivery of each request delivered.
 */
export interface PatientOutcomeFacts {
  firstActiveAt?: string;
  /** YYYY-MM, sorted. */
  activeMonths: string[];
  goals: { closed: number; achieved: number; partly: number };
  reqol?: { first: number; latest: number; responses: 'one' | 'several' };
  /** financial year of the approval -> category -> its cell */
  phb: Record<string, Record<string, PhbCell>>;
  /** financial year of the delivery -> whole days from submission to delivery -> requests. */
  phbDeliveryDays?: Record<string, Record<string, number>>;
  /** month (YYYY-MM) -> the patient's conversations with a message in it (a count: never who, never what). */
  conversationMonths?: Record<string, number>;
  /** The library programmes the patient's plan has a step about (ids, sorted; absent for none): their uptake. */
  programmes?: string[];
}

/** Approved items and pence; of them, bought items and what they cost (absent in facts kept before purchases were counted: none). */
export interface PhbCell {
  items: number;
  pence: number;
  bought?: number;
  spentPence?: number;
}

export const emptyFacts = (): PatientOutcomeFacts => ({ activeMonths: [], goals: { closed: 0, achieved: 0, partly: 0 }, phb: {} });

export const monthOf = (at: string): string => at.slice(0, 7);

/** The facts with one more activity: a set union and a minimum, so applying it twice changes nothing. */
export const withActivity = (facts: PatientOutcomeFacts, at: string): PatientOutcomeFacts => {
  const month = monthOf(at);
  const first = facts.firstActiveAt === undefined || at < facts.firstActiveAt ? at : facts.firstActiveAt;
  return { ...facts, firstActiveAt: first, activeMonths: [...new Set([...facts.activeMonths, month])].sort() };
};

const ACHIEVEMENT_COUNTER: Record<Achievement, 'achieved' | 'partly' | undefined> = { achieved: 'achieved', 'partly-achieved': 'partly', 'not-achieved': undefined };

export const goalFacts = (goals: readonly Goal[]): PatientOutcomeFacts['goals'] => {
  const counts = { closed: 0, achieved: 0, partly: 0 };
  for (const goal of goals) {
    if (goal.status !== 'closed' || !goal.achievement) continue;
    counts.closed += 1;
    const counter = ACHIEVEMENT_COUNTER[goal.achievement];
    if (counter) counts[counter] += 1;
  }
  return counts;
};

/** The library programmes a plan's steps are about, each once: the plan part of a patient's facts with `goalFacts`. */
export const programmeFacts = (goals: readonly Goal[]): Pick<PatientOutcomeFacts, 'programmes'> => {
  const ids = [...new Set(goals.flatMap((g) => g.steps.flatMap((step) => (step.programme ? [step.programme.programmeId] : []))))].sort();
  return ids.length > 0 ? { programmes: ids } : {};
};

/** From the first and the latest response (the same one when there is only one). */
export const reqolFacts = (first: { total: number; responseId: string } | undefined, latest: { total: number; responseId: string } | undefined): PatientOutcomeFacts['reqol'] =>
  first && latest ? { first: first.total, latest: latest.total, responses: first.responseId === latest.responseId ? 'one' : 'several' } : undefined;

/** How many conversations had a message in each month, from the months each conversation was active in. */
export const conversationMonthFacts = (conversations: readonly { months?: Iterable<string> }[]): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const c of conversations) for (const month of new Set(c.months ?? [])) counts[month] = (counts[month] ?? 0) + 1;
  return counts;
};

/** A request counts as approved once approved, and stays so when bought or closed; a withdrawal takes it back. */
export const countsAsApproved = (r: Pick<PhbRequest, 'status' | 'financialYear'>): boolean => r.financialYear !== undefined && ['approved', 'ordered', 'delivered', 'closed'].includes(statusOf(r));

/** Before orders were recorded, a bought request was `purchased`: it counts as ordered (shared/store/phb-repository.ts reads it so). */
const statusOf = (r: Pick<PhbRequest, 'status'>): string => ((r.status as string) === 'purchased' ? 'ordered' : r.status);

/** Bought: an order was recorded (ordered, delivered, or closed after delivery). */
export const isBought = <R extends Pick<PhbFactSource, 'status' | 'order'>>(r: R): r is R & { order: NonNullable<R['order']> } =>
  r.order !== undefined && ['ordered', 'delivered', 'closed'].includes(statusOf(r));

/** What the PHB facts are read from: a request's figures, never its words. */
export type PhbFactSource = Pick<PhbRequest, 'status' | 'financialYear' | 'category' | 'amountPence'> &
  Partial<Pick<PhbRequest, 'submittedAt' | 'deliveredOn'>> & { order?: Pick<NonNullable<PhbRequest['order']>, 'actualCostPence'> };

export const phbFacts = (requests: readonly PhbFactSource[]): PatientOutcomeFacts['phb'] => {
  const byYear: PatientOutcomeFacts['phb'] = {};
  for (const r of requests.filter(countsAsApproved)) {
    const year = (byYear[String(r.financialYear)] ??= {});
    const cell = (year[r.category] ??= { items: 0, pence: 0, bought: 0, spentPence: 0 });
    cell.items += 1;
    cell.pence += r.amountPence;
    if (isBought(r)) {
      cell.bought = (cell.bought ?? 0) + 1;
      cell.spentPence = (cell.spentPence ?? 0) + r.order.actualCostPence;
    }
  }
  return byYear;
};

/**
 * Whole days from submission (the day in London, where it was asked) to delivery, by the financial
 * year of the delivery. A delivery recorded on the day of a late-evening submission counts 0, never less.
 */
export const deliveryDayFacts = (requests: readonly PhbFactSource[]): NonNullable<PatientOutcomeFacts['phbDeliveryDays']> => {
  const byYear: NonNullable<PatientOutcomeFacts['phbDeliveryDays']> = {};
  for (const r of requests) {
    if (!r.deliveredOn || !r.submittedAt || !['delivered', 'closed'].includes(statusOf(r))) continue;
    const days = Math.max(0, daysBetween(londonDay(new Date(r.submittedAt)), r.deliveredOn));
    const year = (byYear[String(financialYear(new Date(`${r.deliveredOn}T00:00:00Z`)))] ??= {});
    year[String(days)] = (year[String(days)] ?? 0) + 1;
  }
  return byYear;
};

/** Both PHB parts of a patient's facts, from all their requests. */
export const phbPartFacts = (requests: readonly PhbFactSource[]): Pick<PatientOutcomeFacts, 'phb' | 'phbDeliveryDays'> => ({ phb: phbFacts(requests), phbDeliveryDays: deliveryDayFacts(requests) });

const canonical = (value: unknown): unknown =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, v]) => [k, canonical(v)]),
      )
    : value;

/** Equal facts, whatever order their keys came back from the database in. */
export const sameFacts = (a: PatientOutcomeFacts, b: PatientOutcomeFacts): boolean => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** Counters added to borough aggregate items, by aggregate name. */
export type Counters = Record<string, number>;

export const AGGREGATE = {
  active: (month: string) => `ACTIVE#${month}`,
  /** Patients by the day they started: the 9-month cohort is a range of these. */
  cohort: (day: string) => `COHORT#${day}`,
  phb: (fy: string) => `PHB#${fy}`,
  /** Patients per library programme (`programme#<id>`): those whose plan has a step about it. */
  uptake: 'UPTAKE',
} as const;

/** What one patient's facts add to the borough's aggregates. */
export const contributionOf = (facts: PatientOutcomeFacts, t: ReqolThresholds): Map<string, Counters> => {
  const out = new Map<string, Counters>();
  for (const month of facts.activeMonths) out.set(AGGREGATE.active(month), { patients: 1 });
  for (const [month, conversations] of Object.entries(facts.conversationMonths ?? {})) out.set(AGGREGATE.active(month), { ...out.get(AGGREGATE.active(month)), conversations });
  if (facts.firstActiveAt) {
    const r = facts.reqol?.responses === 'several' ? facts.reqol : undefined;
    out.set(AGGREGATE.cohort(facts.firstActiveAt.slice(0, 10)), {
      patients: 1,
      closedGoals: facts.goals.closed,
      achieved: facts.goals.achieved,
      partly: facts.goals.partly,
      reqolPatients: r ? 1 : 0,
      reqolImproved: r && r.latest > r.first ? 1 : 0,
      reqolReliablyImproved: r && r.latest - r.first >= t.reliableChange ? 1 : 0,
    });
  }
  for (const [fy, categories] of Object.entries(facts.phb)) {
    const counters: Counters = { users: 1 };
    for (const [category, cell] of Object.entries(categories)) {
      counters[`approved#${category}`] = cell.items;
      counters[`approvedPence#${category}`] = cell.pence;
      counters[`bought#${category}`] = cell.bought ?? 0;
      counters[`spentPence#${category}`] = cell.spentPence ?? 0;
    }
    out.set(AGGREGATE.phb(fy), counters);
  }
  if (facts.programmes?.length) out.set(AGGREGATE.uptake, Object.fromEntries(facts.programmes.map((id) => [`programme#${id}`, 1])));
  // A histogram of days, one counter per whole day: counters add up, so the median stays exact.
  for (const [fy, days] of Object.entries(facts.phbDeliveryDays ?? {})) {
    const counters: Counters = { ...out.get(AGGREGATE.phb(fy)) };
    for (const [day, n] of Object.entries(days)) counters[`deliveryDays#${day}`] = n;
    out.set(AGGREGATE.phb(fy), counters);
  }
  return out;
};

/** after - before, per aggregate and counter, without the zeros: what to ADD to move from one to the other. */
export const deltaBetween = (before: Map<string, Counters>, after: Map<string, Counters>): Map<string, Counters> => {
  const delta = new Map<string, Counters>();
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(name) ?? {};
    const a = after.get(name) ?? {};
    const counters: Counters = {};
    for (const counter of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const d = (a[counter] ?? 0) - (b[counter] ?? 0);
      if (d !== 0) counters[counter] = d;
    }
    if (Object.keys(counters).length > 0) delta.set(name, counters);
  }
  return delta;
};

/** The same instant `months` calendar months earlier, on the last day of a shorter month if need be (UTC). */
export const monthsBefore = (at: Date, months: number): Date => {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - months, 1, at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  return target;
};

export const COHORT_MONTHS = 9;

/** A count as the report shows it. */
const Count = z.nullable(z.int()).check(z.describe('null: withheld (a count of 1 to 4, or one from which such a count could be worked out)'));

const ShareView = z.strictObject({
  of: Count,
  count: Count,
  /** count / of, to 3 decimals; null when withheld or nothing to divide by. */
  share: z.nullable(z.number()),
  withheld: z.boolean(),
});
export type Share = z.infer<typeof ShareView>;

const Pence = z.nullable(z.int()).check(z.describe('null: withheld with the number of items'));
export const PhbCategoryView = z.strictObject({
  approved: Count,
  approvedPence: Pence,
  /** Of the approved, those bought (an order recorded), and what they really cost. */
  bought: Count,
  spentPence: Pence,
});
export const PhbSectionView = z.strictObject({ financialYear: z.int(), users: Count, byCategory: z.record(z.string(), PhbCategoryView) });
const Days = z.nullable(z.number()).check(z.describe('null: fewer than 5 deliveries'));
/** Requests delivered in the financial year: how many days from submission to delivery. */
export const PhbDeliveryView = z.strictObject({ delivered: Count, medianDays: Days, p90Days: Days });
const PhbReportSectionView = z.extend(PhbSectionView, { timeToDelivery: PhbDeliveryView });

export const OutcomeReportView = z.strictObject({
  asOf: z.string(),
  withholding: z.string(),
  patients: z.strictObject({ activeThisMonth: Count, month: z.string(), activeByMonth: z.array(z.strictObject({ month: z.string(), patients: Count })), onPlatform: Count }),
  cohort: z.strictObject({
    description: z.string(),
    since: z.string(),
    patients: Count,
    closedGoals: Count,
    fullyAchieved: ShareView,
    partlyAchieved: ShareView,
    reqol: z.strictObject({ withTwoOrMoreResponses: Count, improved: ShareView, reliablyImproved: ShareView, reliableChangeThreshold: z.number() }),
  }),
  phb: PhbReportSectionView,
  /** Conversations between patients and their care teams with a message in each month: counts only, never who or what. */
  messages: z.strictObject({ activeConversationsThisMonth: Count, activeConversationsByMonth: z.array(z.strictObject({ month: z.string(), conversations: Count })) }),
  /** Per programme of the library (retired ones too), by name: the patients whose plan has a step about it; never who. */
  library: z.strictObject({ uptake: z.array(z.strictObject({ programmeId: z.string(), name: z.string(), status: z.enum(['active', 'retired']), patients: Count })) }),
});
export type OutcomeReport = z.infer<typeof OutcomeReportView>;

const sum = (ns: readonly number[]): number => ns.reduce((a, b) => a + b, 0);

const lastMonths = (now: Date, n: number): string[] => Array.from({ length: n }, (_, i) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (n - 1 - i), 1)).toISOString().slice(0, 7));

/** Shares of a total split into disjoint cells, each share adding up some of them; all withheld when the total is (`of` null). */
const sharesOf = <K extends string>(cells: Readonly<Record<string, number>>, shares: Readonly<Record<K, readonly string[]>>, of: number | null): Record<K, Share> => {
  const total = sum(Object.values(cells));
  const shown = of === null ? new Set<K>() : disclosable(cells, shares);
  const entries = (Object.keys(shares) as K[]).map((k): [K, Share] => {
    const count = sum(shares[k].map((cell) => cells[cell] ?? 0));
    return [k, shown.has(k) ? { of, count, share: total === 0 ? null : Math.round((count / total) * 1000) / 1000, withheld: false } : { of, count: null, share: null, withheld: true }];
  });
  return Object.fromEntries(entries) as Record<K, Share>;
};

interface PatientCounts {
  onPlatform: number;
  cohort: number;
  reqolPairs: number;
  active: readonly { month: string; patients: number }[];
}

/**
 * The counts of patients as shown. They nest: everyone on the platform holds the cohort, which holds
 * those with two ReQoL-10 responses; everyone holds those active in a month, and the cohort does too
 * for a month before its first (they had started by then). A count is withheld where it, or what is
 * left when it is taken from one that holds it, is 1 to 4.
 */
const shownPatientCounts = ({ onPlatform, cohort, reqolPairs, active }: PatientCounts, since: string) => {
  const newer = onPlatform - cohort;
  const chain = disclosable({ pairs: reqolPairs, cohortRest: cohort - reqolPairs, newer }, { cohort: ['pairs', 'cohortRest'], pairs: ['pairs'] });
  const activeShown = (month: string, patients: number): boolean =>
    month < since.slice(0, 7)
      ? disclosable({ active: patients, cohortRest: cohort - patients, newer }, { cohort: ['active', 'cohortRest'], active: ['active'] }).has('active')
      : disclosable({ active: patients, others: onPlatform - patients }, { active: ['active'] }).has('active');
  return {
    onPlatform: withheldCount(onPlatform),
    cohort: chain.has('cohort') ? cohort : null,
    reqolPairs: chain.has('pairs') ? reqolPairs : null,
    activeByMonth: active.map(({ month, patients }) => ({ month, patients: activeShown(month, patients) ? patients : null })),
  };
};

/** Adds the aggregates up into the report (as of `now`, PHB for financial year `fy`), with small numbers withheld. */
/** A programme of the library as the report names it. */
export interface UptakeProgramme {
  programmeId: string;
  name: string;
  status: 'active' | 'retired';
}

/** Patients per programme, in name order, small numbers withheld. */
const uptakeOf = (aggregates: ReadonlyMap<string, Counters>, programmes: readonly UptakeProgramme[]): OutcomeReport['library']['uptake'] =>
  [...programmes]
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
    .map((p) => ({ programmeId: p.programmeId, name: p.name, status: p.status, patients: withheldCount(aggregates.get(AGGREGATE.uptake)?.[`programme#${p.programmeId}`] ?? 0) }));

export const outcomeReport = (
  aggregates: ReadonlyMap<string, Counters>,
  now: Date,
  fy: number,
  t: ReqolThresholds,
  categories: readonly string[],
  programmes: readonly UptakeProgramme[] = [],
): OutcomeReport => {
  const get = (name: string, counter: string): number => aggregates.get(name)?.[counter] ?? 0;
  const since = monthsBefore(now, COHORT_MONTHS).toISOString().slice(0, 10);
  const cohort = { patients: 0, closedGoals: 0, achieved: 0, partly: 0, reqolPatients: 0, reqolImproved: 0, reqolReliablyImproved: 0 };
  let onPlatform = 0;
  for (const [name, counters] of aggregates) {
    if (!name.startsWith('COHORT#')) continue;
    onPlatform += counters.patients ?? 0;
    // Started on or before the day nine months ago: nine full months on the platform by now.
    if (name.slice('COHORT#'.length) > since) continue;
    for (const key of Object.keys(cohort) as (keyof typeof cohort)[]) cohort[key] += counters[key] ?? 0;
  }
  const months = lastMonths(now, 12);
  const people = shownPatientCounts(
    { onPlatform, cohort: cohort.patients, reqolPairs: cohort.reqolPatients, active: months.map((m) => ({ month: m, patients: get(AGGREGATE.active(m), 'patients') })) },
    since,
  );
  const closedGoals = withheldCount(cohort.closedGoals);
  const goals = sharesOf(
    { achieved: cohort.achieved, partly: cohort.partly, notAchieved: cohort.closedGoals - cohort.achieved - cohort.partly },
    { fullyAchieved: ['achieved'], partlyAchieved: ['partly'] },
    closedGoals,
  );
  const reqol = sharesOf(
    { reliably: cohort.reqolReliablyImproved, improvedOnly: cohort.reqolImproved - cohort.reqolReliablyImproved, notImproved: cohort.reqolPatients - cohort.reqolImproved },
    { improved: ['reliably', 'improvedOnly'], reliablyImproved: ['reliably'] },
    people.reqolPairs,
  );
  const thisMonth = people.activeByMonth.at(-1);
  if (!thisMonth) throw new Error('The outcome report counts no month');
  return {
    asOf: now.toISOString(),
    withholding: WITHHOLDING_NOTE,
    patients: { activeThisMonth: thisMonth.patients, month: thisMonth.month, activeByMonth: people.activeByMonth, onPlatform: people.onPlatform },
    cohort: {
      description: `Patients whose first activity was on or before ${since} (${COHORT_MONTHS}+ months on the platform)`,
      since,
      patients: people.cohort,
      closedGoals,
      ...goals,
      reqol: { withTwoOrMoreResponses: people.reqolPairs, ...reqol, reliableChangeThreshold: t.reliableChange },
    },
    phb: phbSection(aggregates, fy, categories),
    messages: {
      activeConversationsThisMonth: withheldCount(get(AGGREGATE.active(thisMonth.month), 'conversations')),
      activeConversationsByMonth: months.map((month) => ({ month, conversations: withheldCount(get(AGGREGATE.active(month), 'conversations')) })),
    },
    library: { uptake: uptakeOf(aggregates, programmes) },
  };
};

/**
 * PHB users, and approved and bought items and pence by category in a financial year, with small
 * numbers withheld; and how long the year's deliveries took (none shown below 5 deliveries).
 */
export const phbSection = (aggregates: ReadonlyMap<string, Counters>, fy: number, categories: readonly string[]): OutcomeReport['phb'] => {
  const cell = aggregates.get(AGGREGATE.phb(String(fy))) ?? {};
  const category = (c: string): z.infer<typeof PhbCategoryView> => {
    const approvedItems = cell[`approved#${c}`] ?? 0;
    const boughtItems = cell[`bought#${c}`] ?? 0;
    const approved = withheldCount(approvedItems);
    // Bought is part of approved: shown only if what is left (approved, not yet bought) points at nobody either.
    const bought =
      approved === null ? withheldCount(boughtItems) : disclosable({ bought: boughtItems, waiting: approvedItems - boughtItems }, { bought: ['bought'] }).has('bought') ? boughtItems : null;
    // A few items' pence is a few people's spend.
    return {
      approved,
      approvedPence: approved === null ? null : (cell[`approvedPence#${c}`] ?? 0),
      bought,
      spentPence: bought === null ? null : (cell[`spentPence#${c}`] ?? 0),
    };
  };
  return {
    financialYear: fy,
    users: withheldCount(cell.users ?? 0),
    byCategory: Object.fromEntries(categories.map((c) => [c, category(c)])),
    timeToDelivery: timeToDelivery(cell),
  };
};

/** Median and 90th percentile of the days from submission to delivery, from the `deliveryDays#<n>` counters. */
const timeToDelivery = (cell: Counters): z.infer<typeof PhbDeliveryView> => {
  const prefix = 'deliveryDays#';
  const days = new Map(
    Object.entries(cell)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, n]) => [Number(name.slice(prefix.length)), n] as const),
  );
  const delivered = histogramSize(days);
  if (withheldCount(delivered) === null) return { delivered: null, medianDays: null, p90Days: null };
  return { delivered, medianDays: percentileOf(days, 0.5) ?? null, p90Days: percentileOf(days, 0.9) ?? null };
};
