import { londonDay, londonDayStart } from '../../shared/domain/calendar';

describe('the instant a London day begins', () => {
  it.each([
    ['2026-12-02', '2026-12-02T00:00:00.000Z'], // GMT
    ['2026-06-01', '2026-05-31T23:00:00.000Z'], // BST
    ['2026-03-29', '2026-03-29T00:00:00.000Z'], // clocks go forward at 01:00 GMT: the day began on GMT
    ['2026-03-30', '2026-03-29T23:00:00.000Z'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z'], // clocks go back at 02:00 BST: the day began on BST
    ['2026-10-26', '2026-10-26T00:00:00.000Z'],
  ])('%s begins at %s', (day, instant) => {
    const start = londonDayStart(day);
    expect(start.toISOString()).toBe(instant);
    // It is that day in London, and the millisecond before is the day before.
    expect(londonDay(start)).toBe(day);
    expect(londonDay(new Date(start.getTime() - 1))).not.toBe(day);
  });
});
