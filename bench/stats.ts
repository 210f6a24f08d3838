import { required } from '../infra/required';

/** The q-quantile (0..1) of samples, nearest-rank. */
export const quantile = (samples: readonly number[], q: number): number => {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return required(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))], 'sample at the quantile');
};

export const median = (samples: readonly number[]): number => quantile(samples, 0.5);

export const ms = (value: number): string => value.toFixed(2);
