import { createHash } from 'node:crypto';

/**
 * The id an NHS number nobody holds here stands for, shaped like a user id: the same for the same
 * number, so that repeated attempts on it (GP imports, a paramedic's search) are counted as repeated
 * refusals of a patient would be.
 * A hash, not the number; never a patient's id (the caller says `noPatient`, so none is read as one).
 */
export const noPatientId = (borough: string, nhsNumber: string): string => {
  const hex = createHash('sha256').update(`${borough}:${nhsNumber}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
