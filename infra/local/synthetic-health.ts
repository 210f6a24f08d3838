import type { BoroughConfig } from '../../shared/domain/borough-config';
import { flagsFor, UNITS, type Measurement } from '../../shared/domain/health';
import type { Random } from './random-source';

const DAY = 86_400_000;
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** The care team member who does physical health checks in the demo borough: a health care assistant. */
const CHECKER = { userId: 'adam', org: 'elft' };

/**
 * A year or so of physical health checks (BMI, blood pressure, exercise, smoking) every three to five
 * months from `from` until `to`: some by a health care assistant, the others self-monitored, drifting
 * as people's health does, each flagged against the borough's thresholds.
 */
export const syntheticMeasurements = (r: Random, patientId: string, from: number, to: number, thresholds: BoroughConfig['healthThresholds']): Measurement[] => {
  let bmi = r.int(190, 380) / 10;
  let systolic = r.int(105, 165);
  let exercise = r.int(0, 300);
  let smoking: 'never' | 'former' | 'current' = r.chance(0.4) ? 'current' : r.pick(['never', 'former'] as const);
  const out: Measurement[] = [];
  let t = from + r.int(0, 14) * DAY;
  for (let check = 1; check <= 4 && t < to; check++) {
    const byCareTeam = r.chance(0.6);
    const at = new Date(t).toISOString();
    const made = (type: Measurement['type'], value: Pick<Measurement, 'value' | 'systolic' | 'diastolic' | 'status'>): Measurement => ({
      measurementId: `m${check}-${type}`,
      patientId,
      type,
      ...value,
      unit: UNITS[type],
      at,
      source: byCareTeam ? 'care-team' : 'self',
      author: byCareTeam ? CHECKER : { userId: patientId },
      flags: flagsFor({ type, ...value }, thresholds),
    });
    const diastolic = Math.min(systolic - 25, Math.round(systolic * 0.62) + r.int(-6, 8));
    out.push(made('bmi', { value: bmi }), made('blood-pressure', { systolic, diastolic }), made('exercise', { value: exercise }));
    if (check === 1 || smoking === 'current') out.push(made('smoking', { status: smoking }));
    // Most move a little towards health, some the other way.
    bmi = round1(Math.min(45, Math.max(17, bmi + r.int(-8, 4) / 10)));
    systolic = Math.min(180, Math.max(95, systolic + r.int(-8, 5)));
    exercise = Math.min(600, Math.max(0, exercise + r.int(-30, 60)));
    if (smoking === 'current' && r.chance(0.1)) smoking = 'former';
    t += r.int(90, 150) * DAY;
  }
  return out;
};
