/** Pence as pounds, the way people read prices: £120, £12.50. */
export const pounds = (pence: number): string => `£${(pence / 100).toFixed(pence % 100 === 0 ? 0 : 2)}`;

/** "120" or "12.50" typed in pounds, as pence; undefined if it is not an amount. */
export const toPence = (text: string): number | undefined => {
  const m = /^\s*£?\s*(\d{1,6})(?:\.(\d{1,2}))?\s*$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : undefined;
};
