import { addWorkingHours, WorkingHours } from '../../shared/domain/working-hours';
import * as z from 'zod/mini';
import { loadBoroughs } from '../../infra/boroughs';
import { compactBoroughConfig, parseBoroughConfig } from '../../shared/domain/borough-config';

const OFFICE: WorkingHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/London' };
const due = (from: string, hours = 4, working = OFFICE): string => addWorkingHours(new Date(from), hours, working).toISOString();

describe('addWorkingHours: when an unanswered red alert is due', () => {
  it('counts hours within one working day', () => {
    // Wednesday 25 Nov 2026, 10:00 GMT
    expect(due('2026-11-25T10:00:00Z')).toBe('2026-11-25T14:00:00.000Z');
  });

  it('carries what is left of the day over the night', () => {
    expect(due('2026-11-25T15:30:00Z')).toBe('2026-11-26T11:30:00.000Z');
  });

  it('starts counting at opening time when raised in the night', () => {
    expect(due('2026-11-25T02:00:00Z')).toBe('2026-11-25T13:00:00.000Z');
  });

  it('skips the weekend: Friday afternoon is due on Monday', () => {
    expect(due('2026-11-27T16:00:00Z')).toBe('2026-11-30T12:00:00.000Z');
    // Saturday counts nothing at all
    expect(due('2026-11-28T12:00:00Z')).toBe('2026-11-30T13:00:00.000Z');
  });

  it('follows British Summer Time: working hours are wall-clock hours, an hour earlier in UTC', () => {
    // Wednesday 10 June 2026, 10:00 BST = 09:00 UTC
    expect(due('2026-06-10T09:00:00Z')).toBe('2026-06-10T13:00:00.000Z');
    // Friday 27 March 2026 16:00 GMT; clocks go forward on Sunday 29 March: Monday 09:00 is 08:00 UTC
    expect(due('2026-03-27T16:00:00Z')).toBe('2026-03-30T11:00:00.000Z');
    // Friday 23 October 2026 16:00 BST (15:00 UTC); clocks go back on Sunday 25 October: Monday 09:00 is 09:00 UTC
    expect(due('2026-10-23T15:00:00Z')).toBe('2026-10-26T12:00:00.000Z');
  });

  it('a team working every day round the clock counts elapsed time', () => {
    expect(due('2026-11-28T22:00:00Z', 4, { days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59', timeZone: 'UTC' })).toBe('2026-11-29T02:01:00.000Z');
  });

  it('refuses working hours that end before they start, or an unknown time zone', () => {
    expect(z.safeParse(WorkingHours, { ...OFFICE, start: '17:00', end: '09:00' }).success).toBe(false);
    expect(z.safeParse(WorkingHours, { ...OFFICE, timeZone: 'Mars/Olympus' }).success).toBe(false);
    expect(z.safeParse(WorkingHours, { ...OFFICE, days: [] }).success).toBe(false);
  });

  it("every borough file's alert settings survive the function environment's compact form", () => {
    for (const borough of loadBoroughs()) expect(parseBoroughConfig(JSON.parse(JSON.stringify(compactBoroughConfig(borough))), 'env')).toEqual(borough);
  });
});
