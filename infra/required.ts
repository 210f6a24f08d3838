/**
 * `value`, or an error naming what is missing: for what this code's own setup guarantees (a borough it
 * just created, an index it keeps in range), where a missing value is a bug to stop at, not a case to handle.
 * @example const runtime = required(platform.boroughs.get('city-and-hackney'), 'borough city-and-hackney')
 */
export const required = <T>(value: T, what: string): NonNullable<T> => {
  if (value === undefined || value === null) throw new Error(`Missing ${what}`);
  return value;
};
