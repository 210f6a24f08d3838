import {
  contributionOf,
  deltaBetween,
  deliveryDayFacts,
  emptyFacts,
  goalFacts,
  monthsBefore,
  outcomeReport,
  phbFacts,
  phbSection,
  reqolFacts,
  sameFacts,
  withActivity,
} from '../../shared/domain/outcomes';
import { daysBetween, percentileOf } from '../../shared/domain/percentile';
import type { Goal } from '../../shared/domain/plan';

const T = { clinicalCutoff: 24, reliableChange: 5 };
const goal = (status: Goal['status'], achievement?: Goal['achievement']): Goal => ({
  goalId: 'g',
  category: 'mental',
  description: 'd',
  status,
  ...(achievement ? { achievement } : {}),
  steps: [],
  createdAt: '2026-01-01T00:00:00Z',
  order: 1,
});

describe('outcome facts', () => {
  it('counts closed goals by achievement, and open ones not at all', () => {
    expect(goalFacts([goal('active'), goal('closed', 'achieved'), goal('closed', 'partly-achieved'), goal('closed', 'not-achieved'), goal('closed', 'achieved')])).toEqual({
      closed: 4,
      achieved: 2,
      partly: 1,
    });
  });

  it('adds activity as a set and keeps the earliest instant, so applying it twice changes nothing', () => {
    const once = withActivity(withActivity(emptyFacts(), '2026-03-05T10:00:00Z'), '2026-01-20T10:00:00Z');
    expect(once).toMatchObject({ firstActiveAt: '2026-01-20T10:00:00Z', activeMonths: ['2026-01', '2026-03'] });
    expect(sameFacts(withActivity(once, '2026-03-05T10:00:00Z'), once)).toBe(true);
  });

  it('counts a PHB request as approved until it is withdrawn', () => {
    const r = (status: 'approved' | 'delivered' | 'withdrawn' | 'declined', fy?: number) => ({ status, category: 'phone' as const, amountPence: 100, ...(fy ? { financialYear: fy } : {}) });
    expect(phbFacts([r('approved', 2026), r('delivered', 2026), r('withdrawn', 2026), r('declined')])).toEqual({ '2026': { phone: { items: 2, pence: 200, bought: 0, spentPence: 0 } } });
  });

  it('counts as bought what has an order, at what it really cost; approved stays the amount approved', () => {
    const order = (actualCostPence: number) => ({ actualCostPence });
    const requests = [
      { status: 'approved' as const, financialYear: 2026, category: 'laptop' as const, amountPence: 50_000 },
      { status: 'ordered' as const, financialYear: 2026, category: 'laptop' as const, amountPence: 40_000, order: order(35_999) },
      { status: 'closed' as const, financialYear: 2026, category: 'laptop' as const, amountPence: 30_000, order: order(30_000) },
      { status: 'delivered' as const, financialYear: 2025, category: 'gym' as const, amountPence: 12_000, order: order(11_000) },
      // Legacy: bought before orders were recorded, it counts as approved (nothing says what it cost).
      { status: 'purchased' as unknown as 'ordered', financialYear: 2026, category: 'gym' as const, amountPence: 5_000 },
    ];
    expect(phbFacts(requests)).toEqual({
      '2026': { laptop: { items: 3, pence: 120_000, bought: 2, spentPence: 65_999 }, gym: { items: 1, pence: 5_000, bought: 0, spentPence: 0 } },
      '2025': { gym: { items: 1, pence: 12_000, bought: 1, spentPence: 11_000 } },
    });
  });

  it('counts whole days from the submission day in London to delivery, in the financial year of the delivery', () => {
    const delivered = (submittedAt: string, deliveredOn: string, status: 'delivered' | 'closed' | 'ordered' = 'delivered') => ({
      status,
      financialYear: 2025,
      category: 'phone' as const,
      amountPence: 100,
      submittedAt,
      deliveredOn,
    });
    expect(
      deliveryDayFacts([
        delivered('2026-03-20T10:00:00Z', '2026-03-30'),
        // 23:30 UTC on 1 June is 2 June in London: one day, not two.
        delivered('2026-06-01T23:30:00Z', '2026-06-03', 'closed'),
        delivered('2026-03-25T10:00:00Z', '2026-04-04'),
        // Synthetic data: delivered "the day it was asked", a UTC day behind London's.
        delivered('2026-06-01T23:30:00Z', '2026-06-01'),
      ]),
    ).toEqual({ '2025': { '10': 1 }, '2026': { '1': 1, '10': 1, '0': 1 } });
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });

  it('knows one questionnaire from several', () => {
    expect(reqolFacts({ total: 10, responseId: 'a' }, { total: 10, responseId: 'a' })).toEqual({ first: 10, latest: 10, responses: 'one' });
    expect(reqolFacts(undefined, undefined)).toBeUndefined();
  });
});

describe('percentiles from a histogram', () => {
  it('gives the median and 90th percentile of the values it counts, as PERCENTILE.INC does from the list', () => {
    // 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    const tens = new Map(Array.from({ length: 10 }, (_, i) => [i + 1, 1] as const));
    expect([percentileOf(tens, 0.5), percentileOf(tens, 0.9)]).toEqual([5.5, 9.1]);
    // 2, 2, 2, 3, 30
    const skewed = new Map([
      [30, 1],
      [2, 3],
      [3, 1],
    ]);
    expect([percentileOf(skewed, 0.5), percentileOf(skewed, 0.9)]).toEqual([2, 19.2]);
    expect(percentileOf(new Map([[4, 7]]), 0.9)).toBe(4);
    expect(percentileOf(new Map(), 0.5)).toBeUndefined();
  });
});

describe('contributions and deltas', () => {
  const facts = {
    ...withActivity(emptyFacts(), '2026-01-20T10:00:00Z'),
    goals: { closed: 2, achieved: 1, partly: 1 },
    reqol: { first: 10, latest: 15, responses: 'several' as const },
    phb: { '2026': { phone: { items: 1, pence: 9000, bought: 1, spentPence: 8999 } } },
    phbDeliveryDays: { '2026': { '12': 1 }, '2027': { '3': 1 } },
  };

  it('puts a patient in the month they were active, the day they started and the PHB year', () => {
    const c = contributionOf(facts, T);
    expect(c.get('ACTIVE#2026-01')).toEqual({ patients: 1 });
    expect(c.get('COHORT#2026-01-20')).toEqual({ patients: 1, closedGoals: 2, achieved: 1, partly: 1, reqolPatients: 1, reqolImproved: 1, reqolReliablyImproved: 1 });
    expect(c.get('PHB#2026')).toEqual({ users: 1, 'approved#phone': 1, 'approvedPence#phone': 9000, 'bought#phone': 1, 'spentPence#phone': 8999, 'deliveryDays#12': 1 });
    // Delivered in a year where nothing of theirs was approved: a delivery, not a user of that year.
    expect(c.get('PHB#2027')).toEqual({ 'deliveryDays#3': 1 });
  });

  it('reads facts kept before purchases were counted as buying nothing', () => {
    const old = { ...facts, phb: { '2026': { phone: { items: 1, pence: 9000 } } }, phbDeliveryDays: undefined };
    expect(contributionOf(old, T).get('PHB#2026')).toEqual({ users: 1, 'approved#phone': 1, 'approvedPence#phone': 9000, 'bought#phone': 0, 'spentPence#phone': 0 });
    expect([...deltaBetween(contributionOf(old, T), contributionOf(facts, T))]).toEqual([
      ['PHB#2026', { 'bought#phone': 1, 'spentPence#phone': 8999, 'deliveryDays#12': 1 }],
      ['PHB#2027', { 'deliveryDays#3': 1 }],
    ]);
  });

  it('an improvement below the reliable change threshold is an improvement, not a reliable one', () => {
    expect(contributionOf({ ...facts, reqol: { first: 10, latest: 14, responses: 'several' } }, T).get('COHORT#2026-01-20')).toMatchObject({ reqolImproved: 1, reqolReliablyImproved: 0 });
  });

  it('moves only what changed, and nothing for the same facts', () => {
    const after = { ...facts, goals: { closed: 3, achieved: 2, partly: 1 } };
    expect([...deltaBetween(contributionOf(facts, T), contributionOf(after, T))]).toEqual([['COHORT#2026-01-20', { closedGoals: 1, achieved: 1 }]]);
    expect(deltaBetween(contributionOf(facts, T), contributionOf(facts, T)).size).toBe(0);
  });
});

describe('the report', () => {
  it('takes nine calendar months back, to the last day of a shorter month', () => {
    expect(monthsBefore(new Date('2026-11-20T12:00:00Z'), 9).toISOString()).toBe('2026-02-20T12:00:00.000Z');
    expect(monthsBefore(new Date('2026-11-30T12:00:00Z'), 9).toISOString()).toBe('2026-02-28T12:00:00.000Z');
  });

  it('counts the cohort up to the day nine months ago, withholds shares of fewer than 5 people', () => {
    const aggregates = new Map<string, Record<string, number>>([
      ['COHORT#2026-02-20', { patients: 30, closedGoals: 10, achieved: 5, partly: 5, reqolPatients: 3, reqolImproved: 2, reqolReliablyImproved: 1 }],
      ['COHORT#2026-02-21', { patients: 50, closedGoals: 100, achieved: 100, partly: 0, reqolPatients: 40, reqolImproved: 40, reqolReliablyImproved: 40 }],
      ['ACTIVE#2026-11', { patients: 12 }],
    ]);
    const r = outcomeReport(aggregates, new Date('2026-11-20T12:00:00Z'), 2026, T, ['phone']);
    expect(r.cohort).toMatchObject({ since: '2026-02-20', patients: 30, closedGoals: 10, fullyAchieved: { of: 10, count: 5, share: 0.5, withheld: false }, partlyAchieved: { share: 0.5 } });
    expect(r.cohort.reqol.improved).toEqual({ of: null, count: null, share: null, withheld: true });
    expect(r.patients).toMatchObject({ activeThisMonth: 12, month: '2026-11', onPlatform: 80 });
    expect(r.phb).toEqual({
      financialYear: 2026,
      users: 0,
      byCategory: { phone: { approved: 0, approvedPence: 0, bought: 0, spentPence: 0 } },
      timeToDelivery: { delivered: 0, medianDays: null, p90Days: null },
    });
  });
});

describe('small numbers in the report', () => {
  const NOW = new Date('2026-11-20T12:00:00Z');
  const report = (entries: [string, Record<string, number>][], categories: string[] = ['phone']) => outcomeReport(new Map(entries), NOW, 2026, T, categories);
  const WITHHELD = { of: null, count: null, share: null, withheld: true };

  it('withholds every count of 1 to 4 (null), keeps 0, and withholds the pence of a withheld number of items', () => {
    const r = report(
      [
        ['COHORT#2026-01-10', { patients: 2, closedGoals: 4, achieved: 1, partly: 1, reqolPatients: 2, reqolImproved: 1, reqolReliablyImproved: 0 }],
        ['COHORT#2026-06-01', { patients: 48 }],
        ['ACTIVE#2026-09', { patients: 40 }],
        ['ACTIVE#2026-11', { patients: 3 }],
        ['PHB#2026', { users: 3, 'approved#phone': 4, 'approvedPence#phone': 36_000, 'bought#phone': 4, 'approved#gym': 12, 'approvedPence#gym': 30_000, 'bought#gym': 7, 'spentPence#gym': 17_500 }],
      ],
      ['phone', 'gym', 'laptop'],
    );
    expect(r.patients).toMatchObject({ activeThisMonth: null, onPlatform: 50 });
    expect(r.patients.activeByMonth.slice(-3)).toEqual([
      { month: '2026-09', patients: 40 },
      { month: '2026-10', patients: 0 },
      { month: '2026-11', patients: null },
    ]);
    expect(r.cohort).toMatchObject({ patients: null, closedGoals: null, fullyAchieved: WITHHELD, partlyAchieved: WITHHELD });
    expect(r.cohort.reqol).toMatchObject({ withTwoOrMoreResponses: null, improved: WITHHELD, reliablyImproved: WITHHELD });
    expect(r.phb).toEqual({
      financialYear: 2026,
      users: null,
      byCategory: {
        phone: { approved: null, approvedPence: null, bought: null, spentPence: null },
        gym: { approved: 12, approvedPence: 30_000, bought: 7, spentPence: 17_500 },
        laptop: { approved: 0, approvedPence: 0, bought: 0, spentPence: 0 },
      },
      timeToDelivery: { delivered: 0, medianDays: null, p90Days: null },
    });
    expect(r.withholding).toMatch(/1 to 4 are withheld/);
  });

  it('withholds a second figure where a small count could be worked out from two shown ones', () => {
    const r = report([
      // 52 on the platform, 50 in the cohort: 2 started in the last nine months.
      ['COHORT#2026-01-10', { patients: 50, closedGoals: 20, achieved: 10, partly: 8, reqolPatients: 30, reqolImproved: 28, reqolReliablyImproved: 20 }],
      ['COHORT#2026-06-01', { patients: 2 }],
    ]);
    expect(r.patients.onPlatform).toBe(52);
    expect(r.cohort.patients).toBeNull();
    // Of 20 closed goals, 10 achieved and 8 partly leave 2 not achieved: one of the two shares goes.
    expect(r.cohort.fullyAchieved).toEqual({ of: 20, count: 10, share: 0.5, withheld: false });
    expect(r.cohort.partlyAchieved).toEqual({ of: 20, count: null, share: null, withheld: true });
    // 28 of 30 improved leaves 2 who did not; 20 reliably improved leaves 10 who did not.
    expect(r.cohort.reqol.withTwoOrMoreResponses).toBe(30);
    expect(r.cohort.reqol.improved).toEqual({ of: 30, count: null, share: null, withheld: true });
    expect(r.cohort.reqol.reliablyImproved).toEqual({ of: 30, count: 20, share: 0.667, withheld: false });
  });

  it('withholds a month whose active patients fall short of everyone, or of the cohort they all belong to, by 1 to 4', () => {
    const r = report([
      ['COHORT#2026-01-10', { patients: 50 }],
      ['COHORT#2026-06-01', { patients: 10 }],
      // Before the cohort's first month: all 47 are in the cohort of 50.
      ['ACTIVE#2026-01', { patients: 47 }],
      // Later months hold newer patients too: 47 of 60.
      ['ACTIVE#2026-03', { patients: 47 }],
      ['ACTIVE#2026-11', { patients: 58 }],
    ]);
    const month = (m: string) => r.patients.activeByMonth.find((a) => a.month === m)?.patients;
    expect([r.patients.onPlatform, r.cohort.patients]).toEqual([60, 50]);
    expect([month('2026-01'), month('2026-03'), month('2026-11'), r.patients.activeThisMonth]).toEqual([null, 47, null, null]);
  });
});

describe('the PHB figures', () => {
  const section = (counters: Record<string, number>) => phbSection(new Map([['PHB#2026', counters]]), 2026, ['laptop']);

  it('withholds bought items (and their spend) where the approved ones not yet bought would be 1 to 4', () => {
    expect(section({ 'approved#laptop': 12, 'approvedPence#laptop': 600_000, 'bought#laptop': 9, 'spentPence#laptop': 420_000 }).byCategory.laptop).toEqual({
      approved: 12,
      approvedPence: 600_000,
      bought: null,
      spentPence: null,
    });
    expect(section({ 'approved#laptop': 12, 'approvedPence#laptop': 600_000, 'bought#laptop': 12, 'spentPence#laptop': 580_000 }).byCategory.laptop).toMatchObject({ bought: 12, spentPence: 580_000 });
    expect(section({ 'approved#laptop': 12, 'approvedPence#laptop': 600_000, 'bought#laptop': 3, 'spentPence#laptop': 150_000 }).byCategory.laptop).toMatchObject({ bought: null, spentPence: null });
    expect(section({ 'approved#laptop': 12, 'approvedPence#laptop': 600_000, 'bought#laptop': 7, 'spentPence#laptop': 350_000 }).byCategory.laptop).toMatchObject({ bought: 7, spentPence: 350_000 });
  });

  it('gives the median and 90th percentile of days to delivery from 5 deliveries, and nothing below', () => {
    expect(section({ 'deliveryDays#3': 2, 'deliveryDays#10': 1, 'deliveryDays#40': 1 }).timeToDelivery).toEqual({ delivered: null, medianDays: null, p90Days: null });
    // 3, 3, 10, 12, 40
    expect(section({ 'deliveryDays#3': 2, 'deliveryDays#10': 1, 'deliveryDays#12': 1, 'deliveryDays#40': 1 }).timeToDelivery).toEqual({ delivered: 5, medianDays: 10, p90Days: 28.8 });
  });
});
