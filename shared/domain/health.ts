import * as z from 'zod/mini';
import type { BoroughConfig } from './borough-config';

export const MEASUREMENT_TYPES = ['bmi', 'blood-pressure', 'weight', 'height', 'smoking', 'exercise', 'fruit-veg', 'wellbeing'] as const;
export type MeasurementType = (typeof MEASUREMENT_TYPES)[number];
export const SMOKING = ['never', 'former', 'current'] as const;
export type Smoking = (typeof SMOKING)[number];

export const UNITS: Record<MeasurementType, string> = {
  bmi: 'kg/m2',
  'blood-pressure': 'mm[Hg]',
  weight: 'kg',
  height: 'cm',
  smoking: '',
  exercise: 'min/wk',
  'fruit-veg': 'portions/d',
  wellbeing: 'score 1-10',
};

/**
 * What a living adult can measure: values outside are typing errors or wrong units, refused with
 * 422 rather than stored and charted.
 */
export const PLAUSIBLE = {
  bmi: [10, 90],
  weight: [20, 400],
  height: [50, 250],
  systolic: [50, 300],
  diastolic: [20, 200],
  exercise: [0, 7 * 24 * 60],
  'fruit-veg': [0, 30],
  wellbeing: [1, 10],
} as const;

const within = (range: readonly [number, number], what: string) =>
  z.number().check(z.refine((v) => Number.isFinite(v) && v >= range[0] && v <= range[1], `is not a possible ${what} (${range[0]} to ${range[1]})`));

const at = z.optional(z.iso.datetime({ offset: true }));

export const MeasurementBody = z.discriminatedUnion('type', [
  // BMI given, or worked out from weight and height.
  z.strictObject({
    type: z.literal('bmi'),
    value: z.optional(within(PLAUSIBLE.bmi, 'BMI')),
    weightKg: z.optional(within(PLAUSIBLE.weight, 'weight in kg')),
    heightCm: z.optional(within(PLAUSIBLE.height, 'height in cm')),
    at,
  }),
  z.strictObject({ type: z.literal('blood-pressure'), systolic: within(PLAUSIBLE.systolic, 'systolic pressure in mmHg'), diastolic: within(PLAUSIBLE.diastolic, 'diastolic pressure in mmHg'), at }),
  z.strictObject({ type: z.literal('weight'), value: within(PLAUSIBLE.weight, 'weight in kg'), at }),
  z.strictObject({ type: z.literal('height'), value: within(PLAUSIBLE.height, 'height in cm'), at }),
  z.strictObject({ type: z.literal('smoking'), status: z.enum(SMOKING), at }),
  z.strictObject({ type: z.literal('exercise'), value: within(PLAUSIBLE.exercise, 'number of minutes in a week'), at }),
  z.strictObject({ type: z.literal('fruit-veg'), value: within(PLAUSIBLE['fruit-veg'], 'number of portions a day'), at }),
  z.strictObject({ type: z.literal('wellbeing'), value: z.int().check(z.minimum(1), z.maximum(10)), at }),
]);
export type MeasurementInput = z.infer<typeof MeasurementBody>;

export type Source = 'self' | 'care-team' | 'gp-import';

/** A stored measurement: one value (or a pair, for blood pressure, or a status, for smoking). */
export interface Measurement {
  measurementId: string;
  patientId: string;
  type: MeasurementType;
  value?: number;
  systolic?: number;
  diastolic?: number;
  status?: Smoking;
  unit: string;
  at: string;
  source: Source;
  /** Who recorded it, signed with their name and label when they did (absent on older measurements). */
  author: { userId: string; org?: string; name?: string; label?: string };
  /** For GP imports: the Observation id, which makes a re-send a duplicate. */
  externalId?: string;
  flags: Flag[];
}

export type Flag = 'bmi-high' | 'bmi-low' | 'blood-pressure-high' | 'exercise-low' | 'smoker';

/** Raised for a measurement that no schema can refuse alone (a pair that does not fit together). */
export class MeasurementRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'MeasurementRuleError';
  }
}

/** A value every measurement of its type has (its schema requires it): absent, the record is broken. */
export const measured = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`A measurement is missing its ${what}`);
  return value;
};

/** BMI from kg and cm, to one decimal place. @example bmiFrom(70, 175) // 22.9 */
export const bmiFrom = (weightKg: number, heightCm: number): number => Math.round((weightKg / (heightCm / 100) ** 2) * 10) / 10;

/** The value of a measurement input, with BMI worked out and pairs checked. */
export const measuredValues = (input: MeasurementInput): Pick<Measurement, 'value' | 'systolic' | 'diastolic' | 'status'> => {
  switch (input.type) {
    case 'bmi': {
      const derived = input.weightKg !== undefined && input.heightCm !== undefined ? bmiFrom(input.weightKg, input.heightCm) : undefined;
      const value = input.value ?? derived;
      if (value === undefined || (input.value !== undefined && derived !== undefined)) throw new MeasurementRuleError('body.value', 'give either value, or both weightKg and heightCm');
      if (value < PLAUSIBLE.bmi[0] || value > PLAUSIBLE.bmi[1]) throw new MeasurementRuleError('body.weightKg', `gives a BMI of ${value}, which is not possible`);
      return { value };
    }
    case 'blood-pressure':
      if (input.diastolic >= input.systolic) throw new MeasurementRuleError('body.diastolic', 'must be lower than systolic');
      return { systolic: input.systolic, diastolic: input.diastolic };
    case 'smoking':
      return { status: input.status };
    default:
      return { value: input.value };
  }
};

/** What the borough's thresholds say of a measurement (e.g. a coach may offer a Core Sport referral). */
export const flagsFor = (m: Pick<Measurement, 'type' | 'value' | 'systolic' | 'diastolic' | 'status'>, t: BoroughConfig['healthThresholds']): Flag[] => {
  switch (m.type) {
    case 'bmi': {
      const bmi = measured(m.value, 'value');
      return bmi >= t.bmiHigh ? ['bmi-high'] : bmi < t.bmiLow ? ['bmi-low'] : [];
    }
    case 'blood-pressure':
      return measured(m.systolic, 'systolic') >= t.systolicHigh || measured(m.diastolic, 'diastolic') >= t.diastolicHigh ? ['blood-pressure-high'] : [];
    case 'exercise':
      return measured(m.value, 'value') < t.exerciseMinutesPerWeekLow ? ['exercise-low'] : [];
    case 'smoking':
      return m.status === 'current' ? ['smoker'] : [];
    default:
      return [];
  }
};

/** The latest measurement of each type and the flags they raise: the patient's health summary. */
export interface HealthSummary {
  patientId: string;
  latest: Partial<Record<MeasurementType, Measurement>>;
  flags: Flag[];
  reqol?: { first: { total: number; at: string }; latest: { total: number; at: string; responseId: string } };
  version: number;
}

export const emptySummary = (patientId: string): HealthSummary => ({ patientId, latest: {}, flags: [], version: 0 });

/** Folds a measurement into the summary if it is the newest of its type (a backdated one is history). */
export const withMeasurement = (summary: HealthSummary, m: Measurement): HealthSummary => {
  const current = summary.latest[m.type];
  if (current && current.at > m.at) return { ...summary, version: summary.version + 1 };
  const latest = { ...summary.latest, [m.type]: m };
  const flags = [...new Set(Object.values(latest).flatMap((x) => x.flags))].sort();
  return { ...summary, latest, flags, version: summary.version + 1 };
};

/** Folds a ReQoL total in: the earliest response is the baseline, the newest the latest. */
export const withReqol = (summary: HealthSummary, r: { total: number; at: string; responseId: string }): HealthSummary => {
  const first = !summary.reqol || r.at < summary.reqol.first.at ? { total: r.total, at: r.at } : summary.reqol.first;
  const latest = !summary.reqol || r.at >= summary.reqol.latest.at ? r : summary.reqol.latest;
  return { ...summary, reqol: { first, latest }, version: summary.version + 1 };
};
