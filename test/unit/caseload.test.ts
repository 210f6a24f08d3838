import { compareCases, matchesSearch } from '../../shared/domain/caseload';
import { attentionOf, EMPTY_GLANCE, glanceOf } from '../../shared/domain/glance';
import { emptyPlan, type Goal } from '../../shared/domain/plan';
import type { RedAlert } from '../../shared/domain/red-alerts';

const banner = (patientId: string, givenName: string, familyName: string, nhsNumber?: string) => ({
  patientId,
  name: `${givenName} ${familyName}`,
  givenName,
  familyName,
  ...(nhsNumber ? { nhsNumber } : {}),
});
const sally = banner('sally', 'Sally', 'Brown', '999 000 0018');

describe('finding a patient in the caseload', () => {
  it.each([
    ['bro', true],
    ['sal bro', true],
    ['SALLY', true],
    ['rown', false],
    ['sally green', false],
    ['999 000', true],
    ['9990000018', true],
    ['999-000-00', true],
    ['000', false],
  ])('%s finds Sally Brown: %s', (q, found) => {
    expect(matchesSearch(sally, q)).toBe(found);
  });

  it('matches names with accents, apostrophes and hyphens, whole or by part', () => {
    const zoe = banner('zoe', 'Zoë', "O'Brien-Smith");
    for (const q of ['zoe', 'ZOË', "o'brien", 'brien', 'smith', "o'brien-smith"]) expect([q, matchesSearch(zoe, q)]).toEqual([q, true]);
    expect(matchesSearch(zoe, '12')).toBe(false);
  });
});

describe('what needs attention first', () => {
  const goal = (goalId: string, order: number, rag?: 'red' | 'green', status: Goal['status'] = 'active'): Goal => ({
    goalId,
    category: 'physical',
    description: `Goal ${goalId}`,
    status,
    steps: [],
    createdAt: '2026-01-01T00:00:00Z',
    order,
    ...(rag ? { rag: { status: rag, at: '2026-11-01T00:00:00Z', updateId: `u-${goalId}` } } : {}),
  });
  const alert = (alertId: string, status: RedAlert['status']): RedAlert => ({
    alertId,
    goalId: 'a',
    updateId: alertId,
    raisedAt: `2026-11-0${alertId}T00:00:00Z`,
    dueAt: '2026-11-30T00:00:00Z',
    status,
  });
  const plan = { ...emptyPlan('sally'), goals: { b: goal('b', 2, 'green'), a: goal('a', 1, 'red'), c: goal('c', 3, 'red', 'closed') } };

  it('keeps the open goals in plan order and the unacknowledged alerts oldest first', () => {
    const glance = glanceOf(plan, [alert('3', 'escalated'), alert('1', 'open'), alert('2', 'acknowledged')], '2026-12-01');
    expect(glance.goals.map((g) => [g.goalId, g.rag?.status])).toEqual([
      ['a', 'red'],
      ['b', 'green'],
    ]);
    expect(glance.openAlerts.map((a) => [a.alertId, a.status])).toEqual([
      ['1', 'open'],
      ['3', 'escalated'],
    ]);
  });

  it('ranks an open alert, then an escalated one, then a red goal, then a review due, then the rest', () => {
    const today = '2026-11-30';
    expect(attentionOf(glanceOf(plan, [alert('1', 'open'), alert('2', 'escalated')], undefined), today)).toBe('alert-open');
    expect(attentionOf(glanceOf(plan, [alert('2', 'escalated')], undefined), today)).toBe('alert-escalated');
    expect(attentionOf(glanceOf(plan, [alert('1', 'acknowledged')], undefined), today)).toBe('red');
    expect(attentionOf({ ...EMPTY_GLANCE, reviewOn: '2026-12-03' }, today)).toBe('review');
    expect(attentionOf({ ...EMPTY_GLANCE, reviewOn: '2027-03-01' }, today)).toBe('none');
    expect(attentionOf(undefined, today)).toBe('none');
  });

  it('orders by attention, then family name, given name and id', () => {
    const rows = [
      { attention: 'none' as const, patient: banner('a', 'Amy', 'Able') },
      { attention: 'red' as const, patient: banner('z', 'Zed', 'Zulu') },
      { attention: 'alert-open' as const, patient: banner('y', 'Yan', 'Young') },
      { attention: 'none' as const, patient: banner('b', 'Al', 'Able') },
    ];
    expect([...rows].sort(compareCases).map((r) => r.patient.patientId)).toEqual(['y', 'z', 'b', 'a']);
  });
});
