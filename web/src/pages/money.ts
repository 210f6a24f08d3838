/** Pence as pounds, the way people read prices: £120, £12.50, £1,200. */
export const pounds = (pence: number): string => {
  const digits = pence % 100 === 0 ? 0 : 2;
  return `${pence < 0 ? '-' : ''}£${(Math.abs(pence) / 100).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
};

/** "120", "12.50" or "1,200" typed in pounds, as pence; undefined if it is not an amount. */
export const toPence = (text: string): number | undefined => {
  const m = /^\s*£?\s*(\d{1,6}|\d{1,3}(?:,\d{3}){1,2})(?:\.(\d{1,2}))?\s*$/.exec(text);
  return m ? Number((m[1] ?? '').replace(/,/g, '')) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : undefined;
};
