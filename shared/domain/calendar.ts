/** Calendar days as the boroughs count them: in London, whole months. */

/** The calendar day of an instant in London, where the boroughs are: "2026-06-01" at 00:30 BST. */
export const londonDay = (at: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/**
 * The instant a London calendar day begins: London is on UTC or an hour ahead (BST), so the day
 * begins at UTC midnight or the hour before it.
 * @example londonDayStart('2026-06-01') // 2026-05-31T23:00:00.000Z
 */
export const londonDayStart = (day: string): Date => {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  const anHourBefore = new Date(utcMidnight - 3_600_000);
  return londonDay(anHourBefore) === day ? anHourBefore : new Date(utcMidnight);
};

/** A day some whole months after another (the 31st falls back to the month's last day). @example addMonths('2026-08-31', 6) // '2027-02-28' */
export const addMonths = (day: string, months: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
};
