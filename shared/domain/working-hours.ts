import * as z from 'zod/mini';

/** A clock time of the day, "HH:MM" (24 hours). */
const ClockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day, HH:MM'));

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** When a team works: ISO weekdays (1 Monday ... 7 Sunday), from `start` to `end` local time in `timeZone`. */
export const WorkingHours = z
  .strictObject({
    days: z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1), z.maxLength(7)),
    start: ClockTime,
    end: ClockTime,
    timeZone: z.string().check(z.refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/London')),
  })
  .check(z.refine((w) => w.start < w.end, { error: 'must end after it starts', path: ['end'] }));
export type WorkingHours = z.infer<typeof WorkingHours>;

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

interface LocalDay {
  year: number;
  month: number;
  day: number;
  weekday: number;
}

/** The calendar day (and weekday) an instant falls on in a time zone. */
const localDayOf = (at: Date, timeZone: string): LocalDay => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' }).formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { year: Number(part('year')), month: Number(part('month')), day: Number(part('day')), weekday: WEEKDAYS[part('weekday')] ?? 0 };
};

/** How far a time zone's wall clock is ahead of UTC at an instant, in milliseconds (British Summer Time: an hour). */
const offsetAt = (at: Date, timeZone: string): number => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const n = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(at.getTime() / 1000) * 1000;
};

/** The instant a wall-clock time of a local day happens (twice corrected, so that a DST change between guess and answer is found). */
const instantOf = (day: Pick<LocalDay, 'year' | 'month' | 'day'>, minutes: number, timeZone: string): number => {
  const wall = Date.UTC(day.year, day.month - 1, day.day, 0, minutes);
  let at = wall - offsetAt(new Date(wall), timeZone);
  at = wall - offsetAt(new Date(at), timeZone);
  return at;
};

const minutesOf = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The local day after `day` (calendar arithmetic on the date alone). */
const nextDay = (day: LocalDay): Pick<LocalDay, 'year' | 'month' | 'day'> => {
  const next = new Date(Date.UTC(day.year, day.month - 1, day.day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

/**
 * The instant `hours` working hours after `from`: time outside the working days and hours does not
 * count, so an alert raised on Friday evening is due on Monday morning. Local time follows the zone's
 * summer time changes (a working day is always its wall-clock hours).
 * @example addWorkingHours(new Date('2026-11-27T16:00:00Z'), 4, { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/London' }) // Monday 12:00
 */
export const addWorkingHours = (from: Date, hours: number, working: WorkingHours): Date => {
  let remaining = Math.round(hours * 3_600_000);
  let cursor = from.getTime();
  const start = minutesOf(working.start);
  const end = minutesOf(working.end);
  // A year of days at most: the schema requires at least one working day a week.
  for (let i = 0; i < 400; i++) {
    const day = localDayOf(new Date(cursor), working.timeZone);
    if (working.days.includes(day.weekday)) {
      const open = Math.max(cursor, instantOf(day, start, working.timeZone));
      const close = instantOf(day, end, working.timeZone);
      if (open < close) {
        if (remaining <= close - open) return new Date(open + remaining);
        remaining -= close - open;
      }
    }
    cursor = instantOf(nextDay(day), 0, working.timeZone);
  }
  throw new Error('no working time within a year: check the working days');
};

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/**
 * Working hours as a patient reads them: "Monday to Friday, 09:00 to 17:00" (consecutive days as a
 * range, others listed).
 * @example workingHoursWords({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/London' })
 */
export const workingHoursWords = (working: WorkingHours): string => {
  const days = [...new Set(working.days)].sort((a, b) => a - b);
  const first = days[0] ?? 1;
  const last = days.at(-1) ?? first;
  const consecutive = days.length > 2 && last - first === days.length - 1;
  const names = consecutive ? `${DAY_NAMES[first - 1] ?? ''} to ${DAY_NAMES[last - 1] ?? ''}` : days.map((d) => DAY_NAMES[d - 1] ?? '').join(', ');
  return `${names}, ${working.start} to ${working.end}`;
};
