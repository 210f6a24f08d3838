import type * as z from 'zod/mini';
import { granteeKey, grantState, isLive, MAX_LIVE_GRANTS, type Grant, type Grantee } from '../../shared/domain/grant';
import type { GrantChangeBody, GrantCreateBody, GrantView } from '../../shared/domain/grant-schemas';
import { patientEvent, type DomainEvent } from '../../shared/events/outbox';
import { ProblemError, recordClosed, ValidationProblemError } from '../../shared/http/problem';
import { staleVersion } from '../../shared/http/preconditions';
import type { Deps } from '../../shared/runtime/deps';
import { listGrants, putGrantItem, replaceGrantItem } from '../../shared/store/grants-repository';
import { getPeople } from '../../shared/store/directory-repository';
import { granteeUserIds, granteeView } from '../../shared/domain/grantee-view';
import type { Person } from '../../shared/domain/people';
import { isShareableOrganisation, isShareablePerson } from '../../shared/domain/directory-search';
import { transactWrite, type TransactItem } from '../../shared/store/transact';
import { cancellationCodes, collided, conditionFailed } from '../../shared/store/transaction-errors';
import { recordOpenCheck } from '../../shared/store/retention-repository';

export type GrantViewT = z.infer<typeof GrantView>;

/**
 * Grants as the patient sees them: each grantee by name, the people read by key in one request (once
 * the record has allowed the read).
 */
const viewer = async (deps: Deps, grants: readonly Grant[]): Promise<(grant: Grant) => GrantViewT> =>
  viewWith(deps, await getPeople(deps.store, deps.config.borough.id, granteeUserIds(grants.map((g) => g.grantee))));

/** Grants as views, with their grantees already read. */
export const viewWith =
  (deps: Deps, people: ReadonlyMap<string, Person>) =>
  (grant: Grant): GrantViewT => ({ ...grant, grantee: granteeView(grant.grantee, people, deps.config.borough.organisations), state: grantState(grant, deps.clock()) });

export const viewsOf = async (deps: Deps, grants: readonly Grant[]): Promise<GrantViewT[]> => grants.map(await viewer(deps, grants));

export const viewOf = async (deps: Deps, grant: Grant): Promise<GrantViewT> => (await viewer(deps, [grant]))(grant);

const granteeId = (g: Grantee): string => (g.type === 'organisation' ? g.org : g.type === 'emergency' ? 'emergency' : g.userId);

/** What happened to a grant; `grant.ended-by-closure`: the patient closed their account (docs/records.md). */
export type GrantEventType = 'grant.created' | 'grant.changed' | 'grant.revoked' | 'grant.ended-by-closure';

/** A consent event for the outbox: ids only, never the note. */
export const grantEvent = (deps: Deps, type: GrantEventType, grant: Grant, at: Date): DomainEvent =>
  patientEvent(deps, type, grant.patientId, at.toISOString(), { grantId: grant.grantId, granteeType: grant.grantee.type, granteeId: granteeId(grant.grantee) });

const invalid = (field: string, detail: string) => new ValidationProblemError(422, `Invalid input: ${field}.`, [{ field, detail }]);

/** Rules a schema cannot see: organisations of this borough, and times that make sense. */
export const checkGrantRules = (deps: Deps, patientId: string, input: { grantee?: Grantee; scopes?: string[]; startsAt?: string; endsAt?: string | null }, now: Date): void => {
  const { grantee } = input;
  if (grantee?.type === 'person' && grantee.userId === patientId) throw invalid('body.grantee.userId', 'is you: your own data is always yours');
  if (grantee?.type === 'organisation' && !deps.config.borough.organisations.some((o) => o.id === grantee.org)) {
    throw invalid('body.grantee.org', `is not an organisation of ${deps.config.borough.name}`);
  }
  if (grantee?.type === 'emergency' && input.scopes && (input.scopes.length !== 1 || input.scopes[0] !== 'crisis-plan:read')) {
    throw invalid('body.scopes', 'must be ["crisis-plan:read"] for emergency sharing');
  }
  if (input.endsAt) {
    if (Date.parse(input.endsAt) <= now.getTime()) throw invalid('body.endsAt', 'must be in the future');
    if (input.startsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw invalid('body.endsAt', 'must be after startsAt');
  }
};

/**
 * A person grant names someone of the borough's directory a patient may share with (care staff who
 * are active), read by key: the same answer for an id nobody has, a patient's and a disabled person's,
 * so that it tells nothing of who else is a patient.
 */
const checkPersonGrantee = async (deps: Deps, userId: string): Promise<Map<string, Person>> => {
  const people = await getPeople(deps.store, deps.config.borough.id, [userId]);
  const person = people.get(userId);
  if (person && isShareablePerson(person)) return people;
  throw invalid('body.grantee.userId', `is not a member of staff of ${deps.config.borough.name} you can share with: find them by name`);
};

/** Another change to the same grant at the same moment: nothing was written, the patient may try again. */
const collision = (): ProblemError => new ProblemError(409, 'conflict', 'Conflict', 'Another change to this grant happened at the same moment; please try again.');

/** Refuses a petal beyond MAX_LIVE_GRANTS in force; a grantee who holds an ended or revoked grant is no new petal. */
const checkRoomForPetal = async (deps: Deps, patientId: string, grantee: Grantee, now: Date): Promise<void> => {
  const others = (await listGrants(deps.store, deps.config.borough.id, patientId)).filter((g) => granteeKey(g.grantee) !== granteeKey(grantee));
  if (others.filter((g) => isLive(g, now)).length >= MAX_LIVE_GRANTS) {
    throw invalid('body.grantee', `is one more than the ${MAX_LIVE_GRANTS} people and teams you can share with at once: remove a petal first`);
  }
};

/**
 * A new petal: the grant and its event in one transaction; 409 if the grantee already holds one.
 * The room check reads first, so two petals added at the same instant may pass it together: the
 * bound holds within the few requests a person can send at once.
 */
export const createGrant = async (deps: Deps, patientId: string, body: z.infer<typeof GrantCreateBody>): Promise<GrantViewT> => {
  const now = deps.clock();
  checkGrantRules(deps, patientId, body, now);
  // Checked for new petals only: one made before the rule can still be changed, or removed.
  const { grantee } = body;
  const org = grantee.type === 'organisation' ? deps.config.borough.organisations.find((o) => o.id === grantee.org) : undefined;
  if (org && !isShareableOrganisation(org)) throw invalid('body.grantee.org', 'is not a team you can share with (paramedics see your crisis plan through emergency sharing)');
  // The grantee and the patient's petals in one round trip; the grantee read is the view's too.
  const [people] = await Promise.all([
    body.grantee.type === 'person' ? checkPersonGrantee(deps, body.grantee.userId) : new Map<string, Person>(),
    checkRoomForPetal(deps, patientId, body.grantee, now),
  ]);
  const at = now.toISOString();
  const grant: Grant = {
    grantId: deps.ids(),
    patientId,
    grantee: body.grantee,
    scopes: body.scopes,
    startsAt: body.startsAt ? new Date(body.startsAt).toISOString() : at,
    ...(body.endsAt ? { endsAt: new Date(body.endsAt).toISOString() } : {}),
    ...(body.note ? { note: body.note } : {}),
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  try {
    await transactWrite(deps.store, [
      putGrantItem(deps.store, deps.config.borough.id, grant, now),
      deps.publisher.outboxItem(grantEvent(deps, 'grant.created', grant, now)),
      recordOpenCheck(deps.store, deps.config.borough.id, patientId),
    ]);
  } catch (error) {
    if (cancellationCodes(error)?.[2] === 'ConditionalCheckFailed') throw recordClosed();
    if (conditionFailed(error)) throw new ProblemError(409, 'conflict', 'Conflict', 'This person or team already has a grant: change it instead of adding another.');
    if (collided(error)) throw collision();
    throw error;
  }
  return viewWith(deps, people)(grant);
};

/** Changes scopes, end or note of a grant at the version the patient saw (412 otherwise). */
export const changeGrant = async (deps: Deps, current: Grant, change: z.infer<typeof GrantChangeBody>, expectedVersion: number): Promise<Grant> => {
  const now = deps.clock();
  if (current.revokedAt) throw new ProblemError(409, 'conflict', 'Conflict', 'This grant was revoked; add a new one instead.');
  if (current.version !== expectedVersion) throw staleVersion(current.version);
  checkGrantRules(deps, current.patientId, { grantee: current.grantee, ...(change.scopes ? { scopes: change.scopes } : {}), startsAt: current.startsAt, endsAt: change.endsAt ?? null }, now);
  const { endsAt: _e, note: _n, ...rest } = current;
  const endsAt = change.endsAt === undefined ? current.endsAt : (change.endsAt ?? undefined);
  const note = change.note === undefined ? current.note : (change.note ?? undefined);
  const next: Grant = {
    ...rest,
    ...(change.scopes ? { scopes: change.scopes } : {}),
    ...(endsAt ? { endsAt: new Date(endsAt).toISOString() } : {}),
    ...(note ? { note } : {}),
    updatedAt: now.toISOString(),
    version: current.version + 1,
  };
  try {
    await transactWrite(deps.store, [
      replaceGrantItem(deps.store, deps.config.borough.id, next, expectedVersion),
      deps.publisher.outboxItem(grantEvent(deps, 'grant.changed', next, now)),
      recordOpenCheck(deps.store, deps.config.borough.id, current.patientId),
    ]);
  } catch (error) {
    if (cancellationCodes(error)?.[2] === 'ConditionalCheckFailed') throw recordClosed();
    if (conditionFailed(error)) throw staleVersion(current.version + 1);
    if (collided(error)) throw collision();
    throw error;
  }
  return next;
};

/**
 * The writes that revoke a grant at `at`, if it is still at the version read and not revoked: the
 * grant (it leaves its grantee's list) and its event, for one transaction.
 */
export const revokeWrites = (
  deps: Deps,
  current: Grant,
  at: Date,
  event: Extract<GrantEventType, 'grant.revoked' | 'grant.ended-by-closure'> = 'grant.revoked',
): { revoked: Grant; items: TransactItem[] } => {
  const revoked: Grant = { ...current, revokedAt: at.toISOString(), updatedAt: at.toISOString(), version: current.version + 1 };
  return { revoked, items: [replaceGrantItem(deps.store, deps.config.borough.id, revoked, current.version), deps.publisher.outboxItem(grantEvent(deps, event, revoked, at))] };
};

/** Revokes at once: the grant leaves the grantee's list and denies from the next request on. */
export const revokeGrant = async (deps: Deps, current: Grant): Promise<Grant> => {
  if (current.revokedAt) return current;
  const { revoked, items } = revokeWrites(deps, current, deps.clock());
  try {
    await transactWrite(deps.store, items);
  } catch (error) {
    // Changed or revoked meanwhile: revoking is what the patient wants either way, so try once more.
    if (conditionFailed(error) || collided(error)) throw new ProblemError(409, 'conflict', 'Conflict', 'The grant changed while revoking it; please try again.');
    throw error;
  }
  return revoked;
};
