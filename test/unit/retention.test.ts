import { isRemovable, retainUntil } from '../../shared/domain/retention';

describe('retention of a closed record', () => {
  it('runs from the last entry (the closure) in calendar years, UTC', () => {
    expect(retainUntil('2026-12-01T09:00:00.000Z', 20)).toBe('2046-12-01T09:00:00.000Z');
    // 29 February: the same instant count of days is not wanted, the calendar year is; 2048 has one.
    expect(retainUntil('2028-02-29T12:00:00.000Z', 20)).toBe('2048-02-29T12:00:00.000Z');
    expect(retainUntil('2028-02-29T12:00:00.000Z', 21)).toBe('2049-03-01T12:00:00.000Z');
  });

  it('is removable only when closed, past its date (strictly) and not held', () => {
    const closed = { closedAt: '2026-12-01T09:00:00.000Z', retainUntil: '2046-12-01T09:00:00.000Z', version: 1 };
    expect(isRemovable(closed, new Date('2046-12-01T09:00:00.000Z'))).toBe(false);
    expect(isRemovable(closed, new Date('2046-12-01T09:00:00.001Z'))).toBe(true);
    expect(isRemovable({ ...closed, legalHold: { reason: 'inquest', setAt: closed.closedAt, setBy: 'operator' } }, new Date('2100-01-01T00:00:00Z'))).toBe(false);
    expect(isRemovable({ version: 1, legalHold: undefined }, new Date('2100-01-01T00:00:00Z'))).toBe(false);
    expect(isRemovable(undefined, new Date('2100-01-01T00:00:00Z'))).toBe(false);
  });
});
