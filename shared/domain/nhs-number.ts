/**
 * Whether a string is a valid NHS number: ten digits whose last is the modulus 11 check digit
 * (NHS Data Dictionary, "NHS Number"). Weights 10..2 on the first nine digits; check = 11 - (sum mod 11);
 * a check of 11 becomes 0, and a check of 10 means the number is invalid. Spaces are allowed.
 * @example isValidNhsNumber('943 476 5919') // true
 */
/** The modulus 11 sum of the first nine digits: each times 10, 9, ... 2 by its place. */
const weightedSum = (nine: string): number => Array.from(nine, (d, i) => Number(d) * (10 - i)).reduce((acc, n) => acc + n, 0);

export const isValidNhsNumber = (input: string): boolean => {
  const digits = input.replace(/\s+/g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = weightedSum(digits.slice(0, 9));
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
};

/** The ten digits of an NHS number without spaces. */
export const normaliseNhsNumber = (input: string): string => input.replace(/\s+/g, '');

/** Completes nine digits with their check digit, or undefined when none exists (remainder 10). For test data. */
export const withCheckDigit = (nine: string): string | undefined => {
  const sum = weightedSum(nine);
  const check = 11 - (sum % 11);
  if (check === 10) return undefined;
  return `${nine}${check === 11 ? 0 : check}`;
};
