import { loadBoroughs } from '../../infra/boroughs';
import { checkReservedConcurrency } from '../../infra/concurrency';
import type { BoroughConfig } from '../../shared/domain/borough-config';

const base = loadBoroughs().find((b) => b.id === 'city-and-hackney')!;
const borough = (id: string, reservedConcurrency?: number): BoroughConfig => ({ ...base, id, api: { ...base.api, ...(reservedConcurrency ? { reservedConcurrency } : {}) } });

describe('reserved concurrency against the account quota', () => {
  it('reserves nothing by default, so any number of boroughs fits', () => {
    expect(() =>
      checkReservedConcurrency(
        Array.from({ length: 30 }, (_, i) => borough(`b-${i}`)),
        7,
        1000,
      ),
    ).not.toThrow();
  });

  it('fits boroughs that reserve while 100 stay unreserved', () => {
    // 6 boroughs x 7 functions x 20 = 840 <= 900.
    expect(() =>
      checkReservedConcurrency(
        Array.from({ length: 6 }, (_, i) => borough(`b-${i}`, 20)),
        7,
        1000,
      ),
    ).not.toThrow();
  });

  it('refuses, naming the field and the way out, what would eat into the unreserved 100', () => {
    const seven = Array.from({ length: 7 }, (_, i) => borough(`b-${i}`, 20));
    expect(() => checkReservedConcurrency(seven, 7, 1000)).toThrow(
      /field "api\.reservedConcurrency" reserves 980 .* at most 900 can be reserved: lower or remove api\.reservedConcurrency, or give the account's real quota with -c recovery:accountConcurrencyLimit=N/,
    );
    // A new account's reduced quota of 100: nothing can be reserved at all.
    expect(() => checkReservedConcurrency([borough('b-0', 10)], 7, 100)).toThrow(/at most 0/);
  });
});
