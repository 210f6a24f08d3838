import { addDays, daysUntil, reminderDue, reviewDateProblem, reviewDateWords, reviewStatus } from '../../shared/domain/reviews';

describe('plan reviews', () => {
  it('counts calendar days, across months and years', () => {
    expect(daysUntil('2026-12-01', '2026-11-30')).toBe(1);
    expect(daysUntil('2027-01-02', '2026-12-31')).toBe(2);
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
  });

  it('sends the week reminder from a week before, the day reminder the day before and on the day, nothing after', () => {
    // Prepare: a review on 10 December.
    const on = '2026-12-10';
    // Act / Assess: what each day's sweep sends (the caller sends each kind once).
    expect(reminderDue(on, '2026-12-02')).toBeUndefined();
    expect(reminderDue(on, '2026-12-03')).toBe('week');
    expect(reminderDue(on, '2026-12-08')).toBe('week');
    expect(reminderDue(on, '2026-12-09')).toBe('day');
    expect(reminderDue(on, '2026-12-10')).toBe('day');
    expect(reminderDue(on, '2026-12-11')).toBeUndefined();
  });

  it("says where a review stands for the care team's list, and refuses dates in the past", () => {
    expect(reviewStatus('2026-12-10', '2026-12-02')).toBeUndefined();
    expect(reviewStatus('2026-12-10', '2026-12-03')).toBe('due');
    expect(reviewStatus('2026-12-10', '2026-12-11')).toBe('overdue');
    expect(reviewDateProblem('2026-11-29', '2026-11-30')).toBe('must be today or later');
    expect(reviewDateProblem('2026-11-30', '2026-11-30')).toBeUndefined();
    expect(reviewDateWords('2027-01-12')).toBe('12 January 2027');
  });
});
