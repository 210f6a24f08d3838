import { withCheckDigit } from '../../shared/domain/nhs-number';
import type { Person } from '../../shared/domain/people';
import { randomSource } from './random-source';

/** Synthetic ids: never a real person's. */
export const syntheticPatientId = (i: number): string => `synth-${String(i).padStart(5, '0')}`;

/**
 * NHS numbers from the range reserved for testing (999 prefix), above the demo people's (999 000 ...):
 * patient i takes stem 999 100 000 + 2i, or the next stem when that one has no check digit. Two
 * stems in a row never both lack one, so each patient's number is their own.
 */
export const syntheticNhsNumber = (i: number): string => {
  for (let stem = 999_100_000 + i * 2; ; stem++) {
    const nhs = withCheckDigit(String(stem));
    if (nhs) return nhs;
  }
};

/** Common given and family names of a London borough, picked apart and put together at random: people who do not exist. */
const GIVEN: readonly string[] =
  'James Mary Mohammed Aisha David Grace Daniel Fatima Michael Joy Samuel Chloe Joseph Amara Kwame Sarah Emmanuel Hannah Oliver Zainab Thomas Precious Ibrahim Emily Adebayo Sophie Yusuf Blessing Ryan Leah Tunde Megan Patrick Nadia George Ruth Ali Esther Kofi Laura Marcus Ayesha Connor Rebecca Jamal Charlotte Deniz Zara'.split(
    ' ',
  );
const FAMILY: readonly string[] =
  'Smith Jones Williams Taylor Davies Evans Johnson Walker Wright Robinson Thompson White Hughes Edwards Green Hall Wood Harris Martin Jackson Cole Lewis Ahmed Begum Khan Hussain Ali Patel Okoye Adeleke Owusu Boateng Campbell Francis Grant Reid Yilmaz Demir Kaya Nowak Kowalski Murphy Kelly Byrne Oduya Asante Appiah Bello'.split(
    ' ',
  );

/**
 * The directory entry of synthetic patient i: a plainly fictional name, a date of birth making them
 * 18 to 80 at `now`, and their test-range NHS number. No contact details: nobody is to be reached.
 */
export const syntheticPerson = (i: number, now: Date, seed: number): Person => {
  // A generator of its own, so that names and dates of birth leave the patient's data as it was.
  const r = randomSource(seed * 7_919 + i * 104_729 + 1);
  const born = new Date(Date.UTC(now.getUTCFullYear() - r.int(19, 80), 0, 1) + r.int(0, 364) * 86_400_000);
  return {
    userId: syntheticPatientId(i),
    roles: ['patient'],
    name: { given: r.pick(GIVEN), family: r.pick(FAMILY) },
    birthDate: born.toISOString().slice(0, 10),
    nhsNumber: syntheticNhsNumber(i),
  };
};
