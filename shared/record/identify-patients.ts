import type { Person } from '../domain/people';
import type { Deps } from '../runtime/deps';
import { batchGet, keyId } from '../store/batch-get';
import { directoryUserKey, fromDirectoryItem } from '../store/directory-repository';
import { nhsNumberKey } from '../store/keys';
import { noPatientId } from './no-patient-id';

/** How a caller from outside names a patient: both must match the directory. */
export interface PatientIdentifiers {
  nhsNumber: string;
  birthDate: string;
}

/** The patient both identifiers name, or the stand-in id of the number (`noPatient`) when they name nobody here. */
export type Identified = { patientId: string; noPatient: false; person: Person } | { patientId: string; noPatient: true };

/** The key of identifyPatients' answer for a pair of identifiers. */
export const identityKey = ({ nhsNumber, birthDate }: PatientIdentifiers): string => `${nhsNumber}|${birthDate}`;

/**
 * Who each NHS number and date of birth name: the patient linked to the number, if their date of
 * birth is the one given. Always two reads, linked or not (an unknown number reads the directory entry
 * of the id it stands for, which does not exist), so that the time taken does not tell; a mismatch
 * answers as an unknown number does, so a date of birth cannot be probed.
 */
export const identifyPatients = async (deps: Deps, wanted: readonly PatientIdentifiers[]): Promise<Map<string, Identified>> => {
  const borough = deps.config.borough.id;
  const links = await batchGet(
    deps.store,
    wanted.map((w) => nhsNumberKey(borough, w.nhsNumber)),
  );
  const linkOf = (nhsNumber: string): string | undefined => {
    const patientId = links.get(keyId(nhsNumberKey(borough, nhsNumber)))?.patientId;
    return typeof patientId === 'string' ? patientId : undefined;
  };
  const idOf = (nhsNumber: string): string => linkOf(nhsNumber) ?? noPatientId(borough, nhsNumber);
  const entries = await batchGet(
    deps.store,
    wanted.map((w) => directoryUserKey(borough, idOf(w.nhsNumber))),
  );
  return new Map(
    wanted.map((w): [string, Identified] => {
      const linked = linkOf(w.nhsNumber);
      const entry = linked ? entries.get(keyId(directoryUserKey(borough, linked))) : undefined;
      const person = entry ? fromDirectoryItem(entry) : undefined;
      const named = linked && person?.roles.includes('patient') && person.birthDate === w.birthDate ? { patientId: linked, noPatient: false as const, person } : undefined;
      return [identityKey(w), named ?? { patientId: noPatientId(borough, w.nhsNumber), noPatient: true }];
    }),
  );
};

/** The one patient an NHS number and date of birth name (see identifyPatients). */
export const identifyPatient = async (deps: Deps, wanted: PatientIdentifiers): Promise<Identified> => {
  const found = (await identifyPatients(deps, [wanted])).get(identityKey(wanted));
  if (!found) throw new Error('identifyPatients answered nothing for what it was asked');
  return found;
};
