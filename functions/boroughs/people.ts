import type { Actor } from '../../shared/domain/actor';
import { isOwnRecord } from '../../shared/domain/consent';
import { grantState } from '../../shared/domain/grant';
import { isActive, type InvitationBody, type Person, type PersonEntryBody } from '../../shared/domain/people';
import { patientEvent } from '../../shared/events/outbox';
import { ForbiddenError, NotFoundError, ProblemError, ValidationProblemError } from '../../shared/http/problem';
import { AccountExistsError } from '../../shared/runtime/accounts';
import type { Deps } from '../../shared/runtime/deps';
import { getPeople, linkNhsNumber, nhsNumberHolder, putDirectoryUser } from '../../shared/store/directory-repository';
import { allGrantsTo } from '../../shared/store/shared-with-repository';
import { transactWrite } from '../../shared/store/transact';

const fieldProblem = (status: 409 | 422, field: string, detail: string): ProblemError =>
  status === 422
    ? new ValidationProblemError(422, `Invalid input: ${field}.`, [{ field, detail }])
    : new ProblemError(409, 'conflict', 'Conflict', `${field} ${detail}`, { errors: [{ field, detail }] });

/**
 * An operator puts a person in the borough's directory: who they are, their roles and how to reach
 * them. A patient's NHS number is linked to them once and never moved to someone else; a disabled
 * person stays disabled (only the disable and enable routes change that).
 */
export const putPerson = async (deps: Deps, actor: Actor, userId: string, body: PersonEntryBody): Promise<Person & Pick<PersonEntryBody, 'name'>> => {
  // Separation of duties: an operator's own roles are changed by another operator.
  if (isOwnRecord(actor, userId)) throw new ForbiddenError('Nobody changes their own directory entry: another operator must.');
  const borough = deps.config.borough;
  if (body.org && !borough.organisations.some((o) => o.id === body.org)) throw fieldProblem(422, 'body.org', `is not an organisation of ${borough.name}`);
  const existing = (await getPeople(deps.store, borough.id, [userId])).get(userId);
  if (existing?.nhsNumber && body.nhsNumber !== existing.nhsNumber) throw fieldProblem(409, 'body.nhsNumber', 'differs from the NHS number this person was registered with; it is never changed here');
  if (body.nhsNumber && (await linkNhsNumber(deps.store, borough.id, body.nhsNumber, userId)) === 'taken') {
    throw fieldProblem(409, 'body.nhsNumber', 'belongs to another person of this borough');
  }
  // What only the platform records (disabled, invited, signed in) outlives the operator's edit.
  const kept = Object.fromEntries((['status', 'disabledAt', 'closedAt', 'invitedAt', 'signedInAt'] as const).flatMap((f) => (existing?.[f] === undefined ? [] : [[f, existing[f]]])));
  const person: Person & Pick<PersonEntryBody, 'name'> = { userId, ...body, ...kept };
  await putDirectoryUser(deps.store, borough.id, person);
  return person;
};

/**
 * An operator invites a person: their account (Cognito in AWS, which sends the invitation) and their
 * directory entry, so that they can be found and shared with before their first sign-in. The checks
 * that need no account come first; a clash found only after (two invitations of one NHS number at
 * once) disables the account just made.
 */
export const invitePerson = async (deps: Deps, body: InvitationBody): Promise<Person & Pick<InvitationBody, 'name'>> => {
  const borough = deps.config.borough;
  const accounts = deps.accounts;
  if (!accounts) throw new Error('the boroughs function has no accounts adapter');
  if (body.org && !borough.organisations.some((o) => o.id === body.org)) throw fieldProblem(422, 'body.org', `is not an organisation of ${borough.name}`);
  if (body.nhsNumber && (await nhsNumberHolder(deps.store, borough.id, body.nhsNumber))) throw fieldProblem(409, 'body.nhsNumber', 'belongs to another person of this borough');
  let userId: string;
  try {
    ({ userId } = await accounts.invite({ person: body, boroughId: borough.id, boroughName: borough.name }));
  } catch (error) {
    if (error instanceof AccountExistsError) throw fieldProblem(409, 'body.email', 'is already the sign-in of someone in this borough');
    throw error;
  }
  if (body.nhsNumber && (await linkNhsNumber(deps.store, borough.id, body.nhsNumber, userId)) === 'taken') {
    await accounts.disable(userId);
    throw fieldProblem(409, 'body.nhsNumber', 'belongs to another person of this borough');
  }
  const person = { userId, ...body, invitedAt: deps.clock().toISOString() };
  await putDirectoryUser(deps.store, borough.id, person);
  return person;
};

/**
 * An operator disables a leaver: their account stops signing in and their sessions end (Cognito), the
 * directory says so (the API refuses their tokens from the next request; no grant to them allows
 * anything; notifications skip them), and each patient who shared with them in person is told.
 * Nothing is deleted, and disabling twice changes nothing more.
 */
export const disablePerson = async (deps: Deps, actor: Actor, userId: string): Promise<Person> => {
  if (isOwnRecord(actor, userId)) throw new ForbiddenError('Nobody disables their own account: another operator must.');
  const borough = deps.config.borough.id;
  const person = (await getPeople(deps.store, borough, [userId])).get(userId);
  if (!person) throw new NotFoundError('Nobody with this id is in the directory.');
  if (!isActive(person)) return person;
  const disabled = await markLeft(deps, person);
  await deps.accounts?.disable(userId);
  return disabled;
};

/**
 * The directory says this person has left (an operator disabled them, or their Cognito account was
 * disabled or deleted), and each patient who shared with them in person is told.
 */
export const markLeft = async (deps: Deps, person: Person): Promise<Person> => {
  const borough = deps.config.borough.id;
  const now = deps.clock();
  const at = now.toISOString();
  const disabled: Person = { ...person, status: 'disabled', disabledAt: at };
  await putDirectoryUser(deps.store, borough, disabled);
  const grants = await allGrantsTo(deps.store, borough, { type: 'person', userId: person.userId });
  const patients = new Set(grants.filter((g) => grantState(g, now) === 'active').map((g) => g.patientId));
  const events = [...patients].map((patientId) => deps.publisher.outboxItem(patientEvent(deps, 'grantee.left', patientId, at, { granteeType: 'person', granteeId: person.userId })));
  // One transaction per patient's event: each commits on its own, as it would with the patient's data.
  for (const event of events) await transactWrite(deps.store, [event]);
  return disabled;
};

/** Letters without accents, in lower case: "Zoë" is found by "zoe". */
const folded = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The people whose name, NHS number or email holds what the operator typed, by family name. The
 * operator's search reads the whole directory: a borough's few thousand entries, a few times a day.
 */
export const findPeople = (people: readonly Person[], query: string, limit: number): Person[] => {
  const wanted = folded(query.trim());
  const digits = query.replace(/\s+/g, '');
  return people
    .filter((p) => [p.name?.given, p.name?.family, p.name?.preferred, p.email].some((v) => v !== undefined && folded(v).includes(wanted)) || (/^\d{3,}$/.test(digits) && p.nhsNumber?.includes(digits)))
    .sort((a, b) => (a.name?.family ?? '').localeCompare(b.name?.family ?? '') || (a.name?.given ?? '').localeCompare(b.name?.given ?? ''))
    .slice(0, limit);
};
