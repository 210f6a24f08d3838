import * as z from 'zod/mini';
import { Role } from './actor';
import type { Organisation } from './borough-config';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

/**
 * People of a borough's directory: who they are (a name; for a patient the NHS number and date of
 * birth; for staff their organisation and role title) and how to reach them. Contact details serve
 * notifications only: no answer to another person ever carries them.
 */

/** Text a person's name or title may hold: no control characters and none of <>{}. */
const isPlainText = (v: string): boolean => !/[\p{Cc}<>{}]/u.test(v);

const namePart = z.string().check(z.trim(), z.minLength(1), z.maxLength(60), z.refine(isPlainText, 'must be a name, without control characters or <>{}'));

export const PersonName = z.strictObject({
  given: namePart,
  family: namePart,
  /** What they like to be called, shown beside the legal name to staff and instead of it elsewhere. */
  preferred: z.optional(namePart),
});
export type PersonName = z.infer<typeof PersonName>;

/** Ten digits passing the modulus 11 check; spaces allowed on the way in, stored without. */
export const NhsNumber = z.pipe(
  z.string().check(z.refine((v) => isValidNhsNumber(v), 'must be a valid NHS number (10 digits with its modulus 11 check digit)')),
  z.transform((v) => normaliseNhsNumber(v)),
);

/** A calendar date of birth, YYYY-MM-DD, in the past and not before 1900. */
export const BirthDate = z.iso.date().check(
  // Only on a well-formed date: the format's own issue says what is wrong with any other.
  z.refine((v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || (v >= '1900-01-01' && v <= new Date().toISOString().slice(0, 10)), 'must be a date of birth between 1900-01-01 and today'),
);

export const RoleTitle = z.string().check(z.trim(), z.minLength(2), z.maxLength(80), z.refine(isPlainText, 'must be a job title, without control characters or <>{}'));

export const OrgId = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,39}$/, 'must be an organisation id'));
export const Email = z.email();
export const Phone = z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number, e.g. +447700900123'));

/** Whether the person may use the platform: a disabled person's tokens stop working at their next request. */
export const PersonStatus = z.enum(['active', 'disabled']);
export type PersonStatus = z.infer<typeof PersonStatus>;

/** A directory entry as stored. `name` is absent only on entries written before people had names. */
export interface Person {
  userId: string;
  roles: Role[];
  name?: PersonName;
  nhsNumber?: string;
  birthDate?: string;
  org?: string;
  roleTitle?: string;
  email?: string;
  phone?: string;
  status?: PersonStatus;
  /** When the person was disabled (by an operator, or in Cognito). */
  disabledAt?: string;
  /** When the patient closed their account (docs/records.md): disabled too, and their record read-only. */
  closedAt?: string;
  /** When an operator invited them (their account was made through the platform). */
  invitedAt?: string;
  /** When they last signed in through Cognito (the token trigger): their entry is an account's. */
  signedInAt?: string;
}

export const isPatient = (p: Pick<Person, 'roles'>): boolean => p.roles.includes('patient');
export const isActive = (p: Pick<Person, 'status'>): boolean => p.status !== 'disabled';

/** Shown where a person's entry has no name yet (never their id). */
export const UNNAMED = 'Name not recorded';

/** "Sally Brown", or with a preferred name "Sal Brown". */
export const displayName = (p: Pick<Person, 'name'> | undefined): string => {
  if (!p?.name) return UNNAMED;
  return `${p.name.preferred ?? p.name.given} ${p.name.family}`;
};

/** The NHS number as it is shown: 3-3-4 ("999 000 0018"). */
export const formatNhsNumber = (digits: string): string => `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;

/** An organisation's short name for labels ("ELFT"), its full name where it has none. */
export const orgLabel = (org: Pick<Organisation, 'name' | 'shortName'>): string => org.shortName ?? org.name;

/**
 * Staff as others see them: "Miriam Okafor, Psychotherapist, ELFT". A patient is shown by name only.
 * @example staffLabel({ name: { given: 'Miriam', family: 'Okafor' }, roleTitle: 'Psychotherapist' }, elft)
 */
export const personLabel = (p: Pick<Person, 'name' | 'roleTitle' | 'roles'> | undefined, org: Pick<Organisation, 'name' | 'shortName'> | undefined): string => {
  const name = displayName(p);
  if (!p || isPatient(p)) return name;
  return [name, p.roleTitle, org ? orgLabel(org) : undefined].filter(Boolean).join(', ');
};

/** A person as anyone the API answers may see them: never contact details, NHS number or birth date. */
export const PersonView = z.strictObject({
  userId: z.string(),
  /** How to address them: preferred or given name and family name. */
  name: z.string(),
  /** Name, role title and organisation for staff ("Miriam Okafor, Psychotherapist, ELFT"); the name for a patient. */
  label: z.string(),
  roleTitle: z.optional(z.string()),
  org: z.optional(z.strictObject({ id: z.string(), name: z.string() })),
  active: z.boolean(),
});
export type PersonView = z.infer<typeof PersonView>;

/**
 * The NHS patient banner, shown to staff on every page about a patient: name (family name in capitals,
 * as the NHS banner gives it), date of birth and NHS number in 3-3-4.
 */
export const PatientBanner = z.strictObject({
  patientId: z.string(),
  name: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  preferredName: z.optional(z.string()),
  birthDate: z.optional(z.string()),
  nhsNumber: z.optional(z.string()),
});
export type PatientBanner = z.infer<typeof PatientBanner>;

export const personView = (p: Person, organisations: readonly Organisation[]): PersonView => {
  const org = p.org ? organisations.find((o) => o.id === p.org) : undefined;
  return {
    userId: p.userId,
    name: displayName(p),
    label: personLabel(p, org),
    ...(p.roleTitle && !isPatient(p) ? { roleTitle: p.roleTitle } : {}),
    ...(org && !isPatient(p) ? { org: { id: org.id, name: org.name } } : {}),
    active: isActive(p),
  };
};

export const patientBanner = (p: Person): PatientBanner => ({
  patientId: p.userId,
  name: displayName(p),
  givenName: p.name?.given ?? UNNAMED,
  familyName: p.name?.family ?? '',
  ...(p.name?.preferred ? { preferredName: p.name.preferred } : {}),
  ...(p.birthDate ? { birthDate: p.birthDate } : {}),
  ...(p.nhsNumber ? { nhsNumber: formatNhsNumber(p.nhsNumber) } : {}),
});

/** Someone no longer (or not) in the directory, as a view: shown as such, never by id. */
export const unknownPerson = (userId: string): PersonView => ({ userId, name: 'Someone no longer in the directory', label: 'Someone no longer in the directory', active: false });

/**
 * A directory entry as an operator writes it. A patient has an NHS number and a date of birth and
 * belongs to no organisation; staff have an organisation and a role title. Contact details are for
 * notifications only.
 */
const PersonEntryFields = z.strictObject({
  roles: z.array(Role).check(z.minLength(1), z.maxLength(6)),
  name: PersonName,
  org: z.optional(OrgId),
  roleTitle: z.optional(RoleTitle),
  nhsNumber: z.optional(NhsNumber),
  birthDate: z.optional(BirthDate),
  email: z.optional(Email),
  phone: z.optional(Phone),
});

/** What a patient's and a member of staff's entries must and must not hold. */
const entryRules = z.superRefine((entry: z.infer<typeof PersonEntryFields>, ctx) => {
  const need = (field: keyof typeof entry, why: string) => {
    if (entry[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: why, input: entry });
  };
  const forbid = (field: keyof typeof entry, why: string) => {
    if (entry[field] !== undefined) ctx.addIssue({ code: 'custom', path: [field], message: why, input: entry });
  };
  if (entry.roles.includes('patient')) {
    if (entry.roles.length > 1) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'a patient has no other role: staff who are also patients have two accounts', input: entry });
    need('nhsNumber', 'is required for a patient');
    need('birthDate', 'is required for a patient');
    forbid('org', 'is for staff: a patient belongs to no organisation');
    forbid('roleTitle', 'is for staff');
  } else {
    if (entry.roles.includes('integration')) ctx.addIssue({ code: 'custom', path: ['roles'], message: 'integration is the role of a system client, never of a person', input: entry });
    if (entry.roles.includes('duty') && !entry.roles.includes('clinician'))
      ctx.addIssue({ code: 'custom', path: ['roles'], message: "duty is held beside clinician: the care organisation's duty rota", input: entry });
    need('org', 'is required for staff');
    need('roleTitle', 'is required for staff (e.g. "Psychotherapist")');
    forbid('nhsNumber', 'is for patients');
    forbid('birthDate', 'is for patients');
  }
});

export const PersonEntryBody = PersonEntryFields.check(entryRules);
export type PersonEntryBody = z.infer<typeof PersonEntryBody>;

/** An invitation: the entry, with the email address the invitation goes to (the sign-in name). */
export const InvitationBody = z.extend(PersonEntryFields, { email: Email }).check(entryRules);
export type InvitationBody = z.infer<typeof InvitationBody>;

/**
 * Patients in the order staff lists use: by family name, then given name (ignoring case and accents),
 * those without a recorded name last; the id only breaks ties, so that the order is stable.
 */
export const compareBanners = (a: Pick<PatientBanner, 'patientId' | 'familyName' | 'givenName'>, b: Pick<PatientBanner, 'patientId' | 'familyName' | 'givenName'>): number => {
  const named = Number(a.familyName === '') - Number(b.familyName === '');
  const byName = (x: string, y: string) => x.localeCompare(y, 'en-GB', { sensitivity: 'base' });
  return named || byName(a.familyName, b.familyName) || byName(a.givenName, b.givenName) || (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0);
};
