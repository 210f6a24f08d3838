import { required } from '../required';

/** A small seeded generator (mulberry32): the same seed gives the same borough, run after run. */
export const randomSource = (seed: number) => {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => required(xs[Math.floor(next() * xs.length)], 'a choice (from an empty list)');
  const chance = (p: number): boolean => next() < p;
  return { next, int, pick, chance };
};
export type Random = ReturnType<typeof randomSource>;
