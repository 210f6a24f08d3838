import { CRISIS_PLAN_CHECK_AFTER_MONTHS, needsChecking } from '../../shared/domain/crisis-plan';

describe('a crisis plan to be checked before it is relied on', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it.each([
    ['changed today', { version: 2, updatedAt: '2026-11-30T08:00:00Z' }, false],
    [`changed ${CRISIS_PLAN_CHECK_AFTER_MONTHS} months ago to the day`, { version: 2, updatedAt: '2026-05-30T08:00:00Z' }, false],
    ['changed a day before that', { version: 2, updatedAt: '2026-05-29T08:00:00Z' }, true],
    ['changed at 23:30 UTC on 29 May, which is 30 May in London', { version: 2, updatedAt: '2026-05-29T23:30:00Z' }, false],
    ['written, but when is not recorded', { version: 1 }, true],
    ['never written', { version: 0 }, false],
  ])('%s: %s', (_what, plan, expected) => {
    expect(needsChecking(plan, now)).toBe(expected);
  });
});
