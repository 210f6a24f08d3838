/** An instant's day as London counts it, in words: 1 December 2026 (not UTC's day, an hour behind in summer). */
export const londonDate = (iso: string): string => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });

/** An instant's time of day as London counts it: 14:05. */
const londonTime = (iso: string): string => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });

/** An instant as London counts it, with its time: 1 December 2026 at 14:05. */
export const londonDateTime = (iso: string): string => `${londonDate(iso)} at ${londonTime(iso)}`;

/** A time in the coming days as London counts it, by its weekday: Monday 7 December at 09:00. */
export const londonWeekdayTime = (iso: string): string => {
  const day = new Date(iso).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/London' }).replace(',', '');
  return `${day} at ${londonTime(iso)}`;
};

/** A stretch of time on one day as London counts it: Tuesday 8 December 2026, 10:30 to 11:20. */
export const londonTimeSpan = (start: string, end: string): string => {
  const day = new Date(start).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' }).replace(',', '');
  return `${day}, ${londonTime(start)} to ${londonTime(end)}`;
};

/** An instant's day as London counts it, as a date: 2026-12-01 (what a log entry is for). */
export const londonDay = (at: Date): string => at.toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
