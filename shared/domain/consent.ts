import type { Actor, Role } from './actor';
import { expandScopes, granteeKey, grantState, type Grant, type Grantee, type GrantState, type Scope } from './grant';

/**
 * What an actor wants to do with a patient's data: a scope, or an action only the patient may take
 * (`consent:manage`, `access-log:read`, `plan:write` and `log:write` of their own words), or a paramedic's
 * `emergency-access` request, or `sharing:read`: a care team member asking what the patient shares
 * with them (any grant in force answers it), or `phb:finance`: an operator putting a patient's PHB
 * purchases (NHS number, kind, supplier, order, dates, money; nothing clinical) in the borough's
 * finance download, or `record:export`: the whole record as one FHIR Bundle, for the patient, or for an
 * operator answering the patient's subject access request. `record:close`: the patient closes their
 * account (their own only); `record:legal-hold`: an operator sets or clears a legal hold on a record
 * (records management: no grant, always audited, never on their own).
 */
export type ConsentAction =
  | Scope
  | 'consent:manage'
  | 'access-log:read'
  | 'plan:write'
  | 'log:write'
  | 'health:self-report'
  | 'emergency-access'
  | 'phb:manage'
  | 'phb:decide'
  | 'phb:finance'
  | 'sharing:read'
  | 'alert:acknowledge'
  | 'record:export'
  | 'record:close'
  | 'record:legal-hold';

/**
 * Actions a grant of a scope allows besides the scope itself: whoever may read the plan may answer
 * the patient's call for help in it ("I've seen this and will contact you").
 */
export const SCOPE_OF_ACTION: Partial<Record<ConsentAction, Scope>> = { 'alert:acknowledge': 'plan:read' };

/**
 * The PHB process: a patient's PHB requests go to the borough's PHB advisors by design, so advisors
 * read PHB data (requests, budget) and decide without a grant; every such access is audited.
 */
export const PHB_PROCESS_ACTIONS: ReadonlySet<ConsentAction> = new Set(['phb:read', 'phb:manage', 'phb:decide']);
/** Setting budgets and deciding are the advisors' alone: never the patient's, whatever they hold. */
export const ADVISOR_ONLY_ACTIONS: ReadonlySet<ConsentAction> = new Set(['phb:manage', 'phb:decide']);

/**
 * The borough's finance download: a patient who asked for PHB items has their purchases accounted for
 * by the borough (the PHB process again), so operators see those purchases, without a grant and
 * without anything clinical, always audited. It opens nothing else to them.
 */
export const FINANCE_ACTION = 'phb:finance' satisfies ConsentAction;

/**
 * The whole record, as one FHIR Bundle: the patient's own copy, or an operator's answer to the
 * patient's subject access request (UK GDPR article 15), which the patient may make by letter or by
 * phone when they cannot sign in (or after closing their account). Only operators, always audited; a
 * grant never reaches it.
 */
export const EXPORT_ACTION = 'record:export' satisfies ConsentAction;

/** What staff do to a patient's record: never to their own, whatever roles they hold. */
export const STAFF_ACTIONS: ReadonlySet<ConsentAction> = new Set(['phb:manage', 'phb:decide', 'phb:finance', 'emergency-access', 'sharing:read', 'alert:acknowledge', 'record:legal-hold']);

const PATIENT_ONLY: ReadonlySet<ConsentAction> = new Set(['consent:manage', 'access-log:read', 'plan:write', 'log:write', 'health:self-report', 'record:close']);

/**
 * Records management (docs/records.md): an operator holds a record against removal, or lets it go,
 * without a grant (the patient may have closed their account and ended every grant); always audited.
 */
export const RECORDS_ACTIONS: ReadonlySet<ConsentAction> = new Set(['record:legal-hold']);

/**
 * What may still be done to a closed record, which is otherwise read-only and refused to everyone:
 * the legal hold, and the closing itself again (an idempotent repeat finishes what a failed one left).
 */
export const CLOSED_RECORD_ACTIONS: ReadonlySet<ConsentAction> = new Set(['record:legal-hold', 'record:close']);

export interface ConsentResource {
  borough: string;
  patientId: string;
  /** Who submitted what is acted on (a PHB request), when that matters to the decision. */
  submittedBy?: string;
  /**
   * What is acted on belongs to one grantee (a conversation with them): only the grant to that grantee
   * reaches it, whatever the caller's other grants share.
   */
  grantee?: Grantee;
}

export type DenyReason =
  'other-borough' | 'patient-only' | 'advisor-only' | 'own-record' | 'own-submission' | 'role-not-eligible' | 'no-grant' | 'scope-not-granted' | 'expired' | 'revoked' | 'not-yet-valid';

/**
 * Refusals for separation of duties: the record is the caller's own, or the request one they
 * submitted, so saying why (403) tells them nothing they do not know.
 */
export type SeparationOfDuties = Extract<DenyReason, 'own-record' | 'own-submission'>;
export const isSeparationOfDuties = (reason: DenyReason): reason is SeparationOfDuties => reason === 'own-record' || reason === 'own-submission';

export type ConsentDecision =
  | { allow: true; reason: 'self' }
  | { allow: true; reason: 'phb-process' }
  | { allow: true; reason: 'subject-access' }
  | { allow: true; reason: 'records-management' }
  | { allow: true; reason: 'grant'; grantId: string; scope: ConsentAction }
  | { allow: false; reason: DenyReason; grantId?: string };

/** The grants of a patient that speak of this actor. */
const grantsForActor = (actor: Actor, action: ConsentAction, grants: readonly Grant[]): Grant[] =>
  grants.filter((g) => {
    switch (g.grantee.type) {
      case 'person':
      case 'emergency-access':
        return g.grantee.userId === actor.id;
      case 'organisation':
        return actor.org !== undefined && g.grantee.org === actor.org;
      case 'emergency':
        // The permission is a key paramedics may turn; it opens nothing else by itself.
        return action === 'emergency-access' && actor.roles.includes('paramedic' satisfies Role);
    }
  });

const covers = (grant: Grant, action: ConsentAction): boolean => {
  if (action === 'emergency-access') return grant.grantee.type === 'emergency' && grant.scopes.includes('crisis-plan:read');
  // Whatever a grant shares, it tells its grantee that something is shared (and by whom).
  if (action === 'sharing:read') return grant.scopes.length > 0;
  return expandScopes(grant.scopes).has(SCOPE_OF_ACTION[action] ?? (action as Scope));
};

const DENY_FOR_STATE: Record<Exclude<GrantState, 'active'>, DenyReason> = { scheduled: 'not-yet-valid', expired: 'expired', revoked: 'revoked' };

/** Whether what is acted on is the actor's own (their record, their directory entry): never theirs to act on as staff. */
export const isOwnRecord = (actor: Actor, subjectId: string): boolean => actor.id === subjectId;

/**
 * Whether the actor acts as the patient on their own record: the one case decided without grants.
 * On their own record a person is only ever the patient, never staff, whatever other roles they hold.
 */
export const actsAsSelf = (actor: Actor, action: ConsentAction, patientId: string): boolean => isOwnRecord(actor, patientId) && actor.roles.includes('patient') && !STAFF_ACTIONS.has(action);

/**
 * The one policy decision point (design decision 6): may this actor do this with this patient's data,
 * now, given the patient's grants? `eligibleRoles`, when given, are the only roles a grant can reach
 * for this operation. Returns the grant that allowed it, or why not. Nobody acts as staff on their own
 * record, nor decides a request they submitted (separation of duties).
 * @example decideAccess(miriam, 'plan:read', { borough: 'city-and-hackney', patientId: 'sally' }, sallysGrants, new Date())
 */
export const decideAccess = (actor: Actor, action: ConsentAction, resource: ConsentResource, grants: readonly Grant[], now: Date, eligibleRoles?: readonly Role[]): ConsentDecision => {
  if (actor.borough !== resource.borough) return { allow: false, reason: 'other-borough' };
  const advisor = actor.roles.includes('phb-advisor');
  if (ADVISOR_ONLY_ACTIONS.has(action) && !advisor) return { allow: false, reason: 'advisor-only' };
  if (isOwnRecord(actor, resource.patientId)) return actsAsSelf(actor, action, resource.patientId) ? { allow: true, reason: 'self' } : { allow: false, reason: 'own-record' };
  if (action === 'phb:decide' && resource.submittedBy === actor.id) return { allow: false, reason: 'own-submission' };
  if (PHB_PROCESS_ACTIONS.has(action) && advisor) return { allow: true, reason: 'phb-process' };
  if (action === FINANCE_ACTION) return actor.roles.includes('operator') ? { allow: true, reason: 'phb-process' } : { allow: false, reason: 'role-not-eligible' };
  if (action === EXPORT_ACTION) return actor.roles.includes('operator') ? { allow: true, reason: 'subject-access' } : { allow: false, reason: 'role-not-eligible' };
  if (RECORDS_ACTIONS.has(action)) return actor.roles.includes('operator') ? { allow: true, reason: 'records-management' } : { allow: false, reason: 'role-not-eligible' };
  if (PATIENT_ONLY.has(action)) return { allow: false, reason: 'patient-only' };
  // A grant reaches only the roles an operation is for (e.g. never another patient for clinical data).
  if (eligibleRoles && !eligibleRoles.some((r) => actor.roles.includes(r))) return { allow: false, reason: 'role-not-eligible' };

  const only = resource.grantee ? granteeKey(resource.grantee) : undefined;
  const mine = grantsForActor(
    actor,
    action,
    grants.filter((g) => g.patientId === resource.patientId && (only === undefined || granteeKey(g.grantee) === only)),
  );
  const covering = mine.filter((g) => covers(g, action));
  const active = covering.find((g) => grantState(g, now) === 'active');
  if (active) return { allow: true, reason: 'grant', grantId: active.grantId, scope: action };
  // Say why, for the audit log: the most telling grant that did not allow it.
  const inactive = covering[0];
  if (inactive) return { allow: false, reason: DENY_FOR_STATE[grantState(inactive, now) as Exclude<GrantState, 'active'>], grantId: inactive.grantId };
  return { allow: false, reason: mine.length > 0 ? 'scope-not-granted' : 'no-grant' };
};
