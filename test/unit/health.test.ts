import * as z from 'zod/mini';
import { loadBoroughs } from '../../infra/boroughs';
import { bmiFrom, emptySummary, flagsFor, MeasurementBody, measuredValues, MeasurementRuleError, withMeasurement, withReqol, type Measurement } from '../../shared/domain/health';
import { isValidNhsNumber, withCheckDigit } from '../../shared/domain/nhs-number';
import { changeSince, inClinicalRange, REQOL_DEFAULTS, reqolTotal } from '../../shared/domain/reqol';

const thresholds = loadBoroughs().find((b) => b.id === 'city-and-hackney')!.healthThresholds;

describe('NHS number (modulus 11)', () => {
  it('accepts valid numbers, with or without spaces', () => {
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
  });

  it('rejects a wrong check digit, wrong length and non-digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659A9')).toBe(false);
  });

  it('accepts a check of 11 as 0', () => {
    // 9 9 9 0 0 0 0 0 0: weights 10 9 8 give 90+81+72 = 243 = 11 * 22 + 1, so check = 10: try others.
    const nine = [...Array(1000).keys()]
      .map((i) => `999000${String(i).padStart(3, '0')}`)
      .find((n) => withCheckDigit(n)?.endsWith('0') && n.split('').reduce((a, d, i) => a + Number(d) * (10 - i), 0) % 11 === 0)!;
    expect(isValidNhsNumber(`${nine}0`)).toBe(true);
  });

  it('rejects every number whose check would be 10 (remainder 10)', () => {
    const nine = [...Array(1000).keys()].map((i) => `999000${String(i).padStart(3, '0')}`).find((n) => withCheckDigit(n) === undefined)!;
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`${nine}${d}`)).toBe(false);
  });
});

describe('measurements', () => {
  it('works out BMI from weight and height', () => {
    expect(bmiFrom(70, 175)).toBe(22.9);
    expect(measuredValues({ type: 'bmi', weightKg: 95, heightCm: 170 })).toEqual({ value: 32.9 });
    expect(measuredValues({ type: 'bmi', value: 24.1 })).toEqual({ value: 24.1 });
  });

  it('wants a BMI either given or from weight and height, not both, not neither', () => {
    expect(() => measuredValues({ type: 'bmi' })).toThrow(MeasurementRuleError);
    expect(() => measuredValues({ type: 'bmi', value: 22, weightKg: 70, heightCm: 170 })).toThrow(MeasurementRuleError);
  });

  it.each([
    [{ type: 'bmi', value: 5 }, 'value'],
    [{ type: 'weight', value: 900 }, 'value'],
    [{ type: 'blood-pressure', systolic: 400, diastolic: 80 }, 'systolic'],
    [{ type: 'exercise', value: -10 }, 'value'],
    [{ type: 'wellbeing', value: 11 }, 'value'],
    [{ type: 'fruit-veg', value: Number.NaN }, 'value'],
  ])('refuses the impossible: %j', (input, field) => {
    const result = z.safeParse(MeasurementBody, input);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([field]);
  });

  it('refuses a diastolic at or above the systolic', () => {
    expect(() => measuredValues({ type: 'blood-pressure', systolic: 120, diastolic: 125 })).toThrow(/lower than systolic/);
  });

  it('flags against the borough thresholds, at the boundary too', () => {
    expect(flagsFor({ type: 'bmi', value: thresholds.bmiHigh }, thresholds)).toEqual(['bmi-high']);
    expect(flagsFor({ type: 'bmi', value: thresholds.bmiHigh - 0.1 }, thresholds)).toEqual([]);
    expect(flagsFor({ type: 'bmi', value: thresholds.bmiLow - 0.1 }, thresholds)).toEqual(['bmi-low']);
    expect(flagsFor({ type: 'blood-pressure', systolic: thresholds.systolicHigh, diastolic: 70 }, thresholds)).toEqual(['blood-pressure-high']);
    expect(flagsFor({ type: 'blood-pressure', systolic: 120, diastolic: thresholds.diastolicHigh }, thresholds)).toEqual(['blood-pressure-high']);
    expect(flagsFor({ type: 'exercise', value: thresholds.exerciseMinutesPerWeekLow - 1 }, thresholds)).toEqual(['exercise-low']);
    expect(flagsFor({ type: 'exercise', value: thresholds.exerciseMinutesPerWeekLow }, thresholds)).toEqual([]);
    expect(flagsFor({ type: 'smoking', status: 'current' }, thresholds)).toEqual(['smoker']);
  });

  it('the summary keeps the newest of each type; a backdated one does not replace it', () => {
    const m = (at: string, value: number): Measurement => ({
      measurementId: at,
      patientId: 'sally',
      type: 'bmi',
      value,
      unit: 'kg/m2',
      at,
      source: 'self',
      author: { userId: 'sally' },
      flags: flagsFor({ type: 'bmi', value }, thresholds),
    });
    let s = withMeasurement(emptySummary('sally'), m('2026-11-01T00:00:00Z', 31));
    expect(s.flags).toEqual(['bmi-high']);
    s = withMeasurement(s, m('2026-10-01T00:00:00Z', 25));
    expect(s.latest.bmi!.value).toBe(31);
    s = withMeasurement(s, m('2026-11-20T00:00:00Z', 27));
    expect(s.flags).toEqual([]);
  });
});

describe('ReQoL-10', () => {
  it('totals ten items of 0-4', () => {
    expect(reqolTotal([4, 4, 4, 4, 4, 4, 4, 4, 4, 4])).toBe(40);
    expect(reqolTotal([0, 1, 2, 3, 4, 0, 1, 2, 3, 4])).toBe(20);
  });

  it('puts 24 and below in the clinical range by default', () => {
    expect(inClinicalRange(24, REQOL_DEFAULTS)).toBe(true);
    expect(inClinicalRange(25, REQOL_DEFAULTS)).toBe(false);
  });

  it('calls a change of 5 or more reliable by default', () => {
    expect(changeSince(18, 23, REQOL_DEFAULTS)).toEqual({ changeSinceFirst: 5, reliable: 'improved' });
    expect(changeSince(18, 22, REQOL_DEFAULTS)).toEqual({ changeSinceFirst: 4, reliable: 'no-reliable-change' });
    expect(changeSince(20, 15, REQOL_DEFAULTS)).toEqual({ changeSinceFirst: -5, reliable: 'deteriorated' });
  });

  it('keeps the earliest response as the baseline', () => {
    let s = withReqol(emptySummary('sally'), { total: 20, at: '2026-06-01T00:00:00Z', responseId: 'b' });
    s = withReqol(s, { total: 15, at: '2026-03-01T00:00:00Z', responseId: 'a' });
    s = withReqol(s, { total: 28, at: '2026-09-01T00:00:00Z', responseId: 'c' });
    expect(s.reqol).toEqual({ first: { total: 15, at: '2026-03-01T00:00:00Z' }, latest: { total: 28, at: '2026-09-01T00:00:00Z', responseId: 'c' } });
  });
});
