import { countWrittenPatients } from '../../shared/store/outcomes-rebuild';
import type { BoroughRuntime } from './platform';
import { seedSynthetic, type SeedResult } from './synthetic';
import { syntheticPatientId } from './synthetic-people';

/**
 * How many synthetic patients `npm start` puts in the demo borough, unless `--synthetic N` says
 * otherwise: none into a kept database (`--data`), where DynamoDB Local writes to disk some thirty
 * times slower (minutes for these, not seconds).
 */
export const DEFAULT_STARTUP_PATIENTS = { inMemory: 300, kept: 0 } as const;
/** Start-up stays well under a minute up to here; `npm run seed` is for more. */
export const MAX_STARTUP_PATIENTS = 2_000;

/** The count `--synthetic` asks for (absent: the default), or why it cannot be one. */
export const startupPatients = (value: string | undefined, kept: boolean): number | { problem: string } => {
  if (value === undefined) return kept ? DEFAULT_STARTUP_PATIENTS.kept : DEFAULT_STARTUP_PATIENTS.inMemory;
  const n = Number(value);
  return /^\d+$/.test(value) && n <= MAX_STARTUP_PATIENTS
    ? n
    : { problem: `--synthetic needs a number of synthetic patients from 0 (none) to ${MAX_STARTUP_PATIENTS}, not "${value}"; npm run seed writes more.` };
};

/**
 * Seeds the demo borough's synthetic patients at start-up (ids synth-00001..., the same every time,
 * put once: a kept database gets none twice and keeps what people changed), and counts the new ones
 * into the outcome aggregates from the items written, so that the operator's report is right at the
 * first request instead of once the stream pollers have caught up (they then find nothing to change).
 */
export const seedStartupSynthetic = async (runtime: BoroughRuntime, patients: number): Promise<SeedResult> => {
  const { store, clock } = runtime.deps;
  const { config } = runtime;
  return seedSynthetic(store, config, {
    patients,
    now: clock(),
    seed: 1,
    written: (fresh) => countWrittenPatients(store, config.id, config.reqol, new Map(fresh.map((p) => [p.patientId, p.items]))),
  });
};

/** One line for the start screen: how many there are and how to change that. */
export const startupSyntheticLine = (borough: string, patients: number, asked: boolean, kept: number): string => {
  if (patients > 0) {
    const which = `${syntheticPatientId(1)} to ${syntheticPatientId(patients)}, fictional names, 999 test-range NHS numbers${kept ? `, ${kept} kept from before` : ''}`;
    return `Synthetic patients: ${patients} in ${borough} (${which}); --synthetic N for another number, 0 for none`;
  }
  return asked
    ? `Synthetic patients: none added (--synthetic 0); --synthetic N seeds N into ${borough}`
    : `Synthetic patients: none added to a kept database unless asked (slow on disk): --synthetic N seeds N into ${borough}, once`;
};
