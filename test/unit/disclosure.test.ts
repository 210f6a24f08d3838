import { disclosable, withheldCount } from '../../shared/domain/disclosure';

describe('statistical disclosure control', () => {
  it('withholds a count of 1 to 4, and keeps 0 and 5 up', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 120].map(withheldCount)).toEqual([0, null, null, null, null, 5, 6, 120]);
  });

  it('shows the figures of a breakdown, in order, while none lets a count of 1 to 4 be worked out', () => {
    // 30 achieved beside a total of 50 leaves 20; adding 2 partly would reveal it directly.
    expect(disclosable({ achieved: 30, partly: 2, not: 18 }, { achieved: ['achieved'], partly: ['partly'] })).toEqual(new Set(['achieved']));
    // 10 and 8 of 20 are safe one by one, but together leave 2 not achieved.
    expect(disclosable({ achieved: 10, partly: 8, not: 2 }, { achieved: ['achieved'], partly: ['partly'] })).toEqual(new Set(['achieved']));
    // Nested: 28 of 30 improved leaves 2; 20 reliably improved leaves 10.
    expect(disclosable({ reliably: 20, only: 8, not: 2 }, { improved: ['reliably', 'only'], reliably: ['reliably'] })).toEqual(new Set(['reliably']));
    expect(disclosable({ reliably: 20, only: 8, not: 7 }, { improved: ['reliably', 'only'], reliably: ['reliably'] })).toEqual(new Set(['improved', 'reliably']));
  });

  it('shows nothing but zeros of a total of 1 to 4, since the total itself is withheld', () => {
    expect(disclosable({ a: 3, b: 0 }, { a: ['a'], b: ['b'] })).toEqual(new Set(['b']));
    expect(disclosable({ a: 0, b: 0 }, { a: ['a'] })).toEqual(new Set(['a']));
  });
});
