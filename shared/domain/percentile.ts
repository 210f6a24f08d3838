/**
 * Percentiles of whole numbers kept as a histogram (value -> how many): the outcome aggregates keep
 * a distribution as counters that commute (one per value), and the report reads its median and 90th
 * percentile from them exactly, as a spreadsheet's PERCENTILE.INC (and MEDIAN) would from the list.
 */

/** How many values the histogram holds. */
export const histogramSize = (histogram: ReadonlyMap<number, number>): number => [...histogram.values()].reduce((a, b) => a + b, 0);

/**
 * The `p`-th percentile (0 to 1) of the values, linearly between the two nearest ranks (PERCENTILE.INC),
 * to one decimal; undefined for no values.
 * @example percentileOf(new Map([[1, 1], [2, 1], [10, 2]]), 0.5) // 6
 */
export const percentileOf = (histogram: ReadonlyMap<number, number>, p: number): number | undefined => {
  const n = histogramSize(histogram);
  if (n === 0) return undefined;
  const sorted = [...histogram].filter(([, count]) => count > 0).sort(([a], [b]) => a - b);
  // The value at a 0-based rank of the sorted list, without spelling the list out.
  const at = (rank: number): number => {
    let seen = 0;
    for (const [value, count] of sorted) {
      seen += count;
      if (rank < seen) return value;
    }
    throw new Error(`rank ${rank} beyond ${n} values`);
  };
  const rank = p * (n - 1);
  const low = at(Math.floor(rank));
  const value = low + (rank - Math.floor(rank)) * (at(Math.ceil(rank)) - low);
  return Math.round(value * 10) / 10;
};

/** Whole days from one calendar day to another ('YYYY-MM-DD'). @example daysBetween('2026-03-30', '2026-04-02') // 3 */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
