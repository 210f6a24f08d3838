/**
 * Statistical disclosure control for the figures operators and advisors see. A count of 1 to 4 can
 * point at a person, so it is withheld; so is a figure from which such a count could be worked out by
 * taking it from another (differencing). 0 stays: it points at nobody.
 */

/** Counts from 1 up to, not including, this are withheld. */
export const SMALL_NUMBER = 5;

/** What a report says about it, beside the figures. */
export const WITHHOLDING_NOTE = 'Counts of 1 to 4 are withheld (null), as is any figure from which one could be worked out.';

/**
 * The count as it may be shown: null for 1 to 4.
 * @example withheldCount(3) // null
 * @example withheldCount(0) // 0
 */
export const withheldCount = (n: number): number | null => (n > 0 && n < SMALL_NUMBER ? null : n);

/**
 * The sums a reader can work out from some sums of a total's cells: one per class of cells that those
 * sums tell apart (taken as known: it may withhold more than needed, never less). The class in none
 * of them is the total less the rest, known only when the total is shown.
 */
const workedOut = (cells: Readonly<Record<string, number>>, sums: readonly (readonly string[])[]): number[] => {
  const classes = new Map<string, number>();
  for (const [cell, n] of Object.entries(cells)) {
    const key = sums.map((sum) => (sum.includes(cell) ? '1' : '0')).join('');
    classes.set(key, (classes.get(key) ?? 0) + n);
  }
  const total = Object.values(cells).reduce((a, b) => a + b, 0);
  if (withheldCount(total) === null) classes.delete('0'.repeat(sums.length));
  return [...classes.values()];
};

/**
 * Which figures of a breakdown may be shown beside its total (itself shown unless 1 to 4). The total
 * is split into disjoint cells and each figure adds up some of them; in the order given, a figure is
 * shown when, with the total and the figures already shown, no count of 1 to 4 can be worked out.
 * @example disclosable({ achieved: 30, partly: 2, not: 18 }, { achieved: ['achieved'], partly: ['partly'] }) // Set { 'achieved' }
 */
export const disclosable = <K extends string>(cells: Readonly<Record<string, number>>, figures: Readonly<Record<K, readonly string[]>>): Set<K> => {
  const shown: K[] = [];
  for (const key of Object.keys(figures) as K[]) {
    if (
      workedOut(
        cells,
        [...shown, key].map((k) => figures[k]),
      ).every((n) => withheldCount(n) !== null)
    )
      shown.push(key);
  }
  return new Set(shown);
};
