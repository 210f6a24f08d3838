import type { Actor } from '../../shared/domain/actor';
import { isOwnRecord } from '../../shared/domain/consent';
import type { Person, PersonEntryBody } from '../../shared/domain/people';
import { ForbiddenError, ProblemError, ValidationProblemError } from '../../shared/http/problem';
import type { Deps } from '../../shared/runtime/deps';
import { getPeople, linkNhsNumber, putDirectoryUser } from '../../shared/store/directory-repository';

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
  const person = { userId, ...body, ...(existing?.status === 'disabled' ? { status: 'disabled' as const, ...(existing.disabledAt ? { disabledAt: existing.disabledAt } : {}) } : {}) };
  await putDirectoryUser(deps.store, borough.id, person);
  return person;
};
