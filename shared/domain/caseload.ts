import { ATTENTION, type Attention } from './glance';
import { compareBanners, type PatientBanner } from './people';

/** A page of the care team's list holds 50 patients. */
export const CASELOAD_PAGE = 50;

/** A row's place in the list: most urgent first, then by family name (as NHS lists sort). */
export interface CasePosition {
  attention: Attention;
  patient: Pick<PatientBanner, 'patientId' | 'familyName' | 'givenName'>;
}

export const compareCases = (a: CasePosition, b: CasePosition): number => ATTENTION.indexOf(a.attention) - ATTENTION.indexOf(b.attention) || compareBanners(a.patient, b.patient);

const fold = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Whether a patient is who was searched for: digits are the start of their NHS number (spaces and
 * dashes ignored); words must each begin one of their names (given, family, preferred; "o'brien",
 * "smith-jones" or their parts), whatever the case or accents.
 * @example matchesSearch(sally, 'bro sal') // true
 * @example matchesSearch(sally, '999 000') // true
 */
export const matchesSearch = (patient: PatientBanner, q: string): boolean => {
  const digits = q.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits)) return (patient.nhsNumber ?? '').replace(/\s/g, '').startsWith(digits);
  const names = [patient.givenName, patient.familyName, patient.preferredName ?? ''].flatMap((name) => {
    const whole = fold(name);
    return [whole, ...whole.split(/[\s'’-]+/)];
  });
  const words = fold(q).split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((word) => names.some((name) => name !== '' && name.startsWith(word)));
};
