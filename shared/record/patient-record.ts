import { cancellationCodes } from '../store/transaction-errors';
import { auditFacts } from '../domain/audit';
import {
  actsAsSelf,
  CLOSED_RECORD_ACTIONS,
  decideAccess,
  isSeparationOfDuties,
  type ConsentAction,
  type ConsentDecision,
  type ConsentResource,
  type DenyReason,
  type SeparationOfDuties,
} from '../domain/consent';
import type { Actor, Role } from '../domain/actor';
import type { Grant } from '../domain/grant';
import { batchGet, keyId } from '../store/batch-get';
import { directoryUserKey, isPatientEntry } from '../store/directory-repository';
import { fromGrantItem, grantKeysForActor, grantUnchangedCheck, isGrantItem } from '../store/grants-repository';
import type { ItemKey } from '../store/keys';
import { transactWrite, type TransactItem } from '../store/transact';
import { accountClosed, accountDisabled, ForbiddenError, NotFoundError, recordClosed, ServiceUnavailableError } from '../http/problem';
import { recordOpenCheck } from '../store/retention-repository';
import type { RouteContext } from '../http/route';
import type { Store } from '../runtime/deps';
import { backOff, logKeys, logNow, logWrites } from './decision-log';
import { insideTheDoor, openTheDoor } from './door-gate';
import { callerOf } from '../http/request-actor';

type Item = Record<string, unknown>;
type AnyContext = RouteContext<unknown, unknown, unknown>;

/** Same answer for "no such patient" and "not yours to see": existence does not leak. */
export const patientNotFound = (): NotFoundError => new NotFoundError('No such patient record, or it was not shared with you.');

/** The patient a path names; `me` is the calling patient. */
export const resolvePatientId = (ctx: AnyContext, patientId?: string): { actor: Actor; patientId: string } => {
  const actor = callerOf(ctx);
  const named = patientId ?? (ctx.params as { patientId: string }).patientId;
  if (named !== 'me') return { actor, patientId: named };
  if (!actor.roles.includes('patient')) throw patientNotFound();
  return { actor, patientId: actor.id };
};

const eligibleRoles = (ctx: AnyContext): readonly Role[] | undefined => (ctx.access.kind === 'patient-data' ? ctx.access.roles : undefined);

const actionOf = (ctx: AnyContext, action?: ConsentAction): ConsentAction => {
  if (action) return action;
  if (ctx.access.kind !== 'patient-data') throw new Error(`${ctx.operation} is not declared as a patient-data route`);
  return ctx.access.action;
};

export interface PatientRead {
  actor: Actor;
  patientId: string;
  decision: ConsentDecision & { allow: true };
  /** The data items found, by the keys asked for (absent ones are missing). */
  item: (key: ItemKey) => Item | undefined;
  /**
   * Whether the caller could also do `action` (open to `roles` by grant), by the grants already read:
   * for showing only what they may do. Not a check: every route decides for itself.
   */
  may: (action: ConsentAction, roles: readonly Role[]) => boolean;
}

const grantsIn = (found: Map<string, Item>): Grant[] => [...found.values()].filter(isGrantItem).map(fromGrantItem);

/** Facts of the thing acted on that the decision needs, from what was read with it (e.g. a request's submitter). */
export type ResourceFacts = (found: Map<string, Item>) => Omit<ConsentResource, 'borough' | 'patientId'>;

const MAX_WRITE_ATTEMPTS = 30;

/**
 * What a consent check reads besides the data, unless the patient acts on their own record: the
 * caller's grants, the patient's directory entry (do they exist?) and what logging the decision needs,
 * in their access log and in the no-patient log alike: which one is written is known only after the
 * read, and the read must not differ. All in the data's own request: no extra round trip.
 */
const consentKeys = (ctx: AnyContext, actor: Actor, patientId: string, action: ConsentAction): ItemKey[] => {
  if (actsAsSelf(actor, action, patientId)) return [];
  const borough = ctx.deps.config.borough.id;
  return [...grantKeysForActor(borough, patientId, actor), directoryUserKey(borough, patientId), ...logKeys(borough, patientId, actor), ...logKeys(borough, patientId, actor, 'no-patient')];
};

const SEPARATION_DETAIL: Record<SeparationOfDuties, string> = {
  'own-record': 'Nobody acts as staff on their own record: another member of staff must do this.',
  'own-submission': 'Nobody decides on a request they submitted: another advisor must decide it.',
};

/** Why a refusal is answered as it is: separation of duties says why (403); anything else is 404, so that existence does not leak. */
const refusal = (reason: DenyReason): Error => (isSeparationOfDuties(reason) ? new ForbiddenError(SEPARATION_DETAIL[reason]) : patientNotFound());

/**
 * The decision on what was fetched. The patient acting on their own record is neither audited nor
 * checked further. For anyone else: a refusal is logged at once and answered; an allowed access
 * leaves its audit writes to the caller (after a read, or inside the transaction of a write). An id
 * that is no patient (or one the caller knows is none: `noPatient`) is refused like a patient who
 * did not share, logged the same way in the no-patient log, so that neither the answer nor the time
 * it takes tells whether the patient exists; nothing is written under the id itself.
 */
const decideOn = async (ctx: AnyContext, actor: Actor, patientId: string, wanted: ConsentAction, found: Map<string, Item>, resource?: ResourceFacts, noPatient = false) => {
  const { deps } = ctx;
  const borough = deps.config.borough.id;
  const now = deps.clock();
  const decision = decideAccess(actor, wanted, { ...resource?.(found), borough, patientId }, grantsIn(found), now, eligibleRoles(ctx));
  if (decision.allow && decision.reason === 'self') return { decision, facts: undefined };
  const facts = auditFacts(actor, patientId, wanted, ctx.operation, decision, now);
  if (noPatient || !isPatientEntry(found.get(keyId(directoryUserKey(borough, patientId))))) {
    // Whatever grants were read, nobody shared a record that does not exist: logged as refused.
    const refused = decision.allow ? auditFacts(actor, patientId, wanted, ctx.operation, { allow: false, reason: 'no-grant' }, now) : facts;
    await logNow(ctx.deps, actor, refused, found, 'no-patient');
    throw patientNotFound();
  }
  if (!decision.allow) {
    await logNow(ctx.deps, actor, facts, found);
    throw refusal(decision.reason);
  }
  return { decision, facts };
};

/** What the decision allowed, on what it read. */
export interface PatientCheck {
  actor: Actor;
  patientId: string;
  decision: ConsentDecision & { allow: true };
  self: boolean;
  found: Map<string, Item>;
}

export interface PatientWrite extends PatientCheck {
  /** For a caller other than the patient on their own record: the audit writes to put in the write's own transaction. */
  auditItems: () => TransactItem[];
}

/** Which patient a record is of, when the path does not say it all. */
export interface RecordOptions {
  /** The patient, when the path does not name them (e.g. a GP import names them by NHS number). */
  patientId?: string;
  /**
   * The caller knows `patientId` stands for no patient (a GP import's unknown NHS number) and wants
   * the refusal a patient who did not share would get, with the same reads and writes.
   */
  noPatient?: boolean;
}

/** What one access does, when it is not the route's declared action. */
export interface AccessOptions {
  /** The action, when it is not the route's declared one. */
  action?: ConsentAction;
  /** What the decision needs to know of the thing acted on, from the items read (e.g. who submitted a request). */
  resource?: ResourceFacts;
}

export interface PlannedWrite<T> {
  items: TransactItem[];
  result: T;
  /**
   * A failed condition of one of `items` (by index): the caller's problem (409, 412...), or 'retry'
   * to plan the write again on fresh reads (for appends, which cannot overwrite anyone).
   */
  onConditionFailed?: (index: number) => Error | 'retry';
}

/**
 * A patient's record as one request's caller may use it: the only door to a patient's data (design
 * decision 4). Each read, list read and write decides on consent with the data it reads, and logs
 * the decision in the patient's access log when the caller is not the patient: a read at once, a
 * write in its own transaction. Until a decision allows it, a patient-data route cannot touch the
 * table at all (shared/record/door-gate.ts).
 */
export interface PatientRecord {
  /** The patient (`me` resolved to the caller), known before anything is read. */
  readonly patientId: string;
  readonly actor: Actor;
  /**
   * The consent-checked read: the data, the caller's grants and the patient's audit head in one
   * strongly consistent request; then the decision; then, when the caller is not the patient, the
   * audit entry (allowed or denied). A denial answers 404.
   * @example const read = await patientRecord(ctx).read((p) => [crisisPlanKey(borough, p)]);
   */
  read(dataKeys: (patientId: string) => ItemKey[], options?: AccessOptions): Promise<PatientRead>;
  /**
   * The consent-checked read of a list (a Query): the caller's grants and the list are fetched at the
   * same time (one round trip of latency, two requests); the list is returned only if allowed.
   */
  list<T>(
    list: (patientId: string) => Promise<T>,
    alsoKeys?: (patientId: string) => ItemKey[],
    options?: AccessOptions,
  ): Promise<{ data: T; item: (key: ItemKey) => Item | undefined; decision: ConsentDecision }>;
  /**
   * The decision alone, for what the route then reads or writes itself (the patient's own grants, their
   * access log): logged at once like a read when the caller is not the patient.
   */
  check(options?: AccessOptions): Promise<PatientCheck>;
  /**
   * A consent-checked write: the decision on `readKeys` and the caller's grants, then one transaction
   * with the data, its outbox event and (for a caller other than the patient) its audit writes. If
   * another request moved the audit chain or the caller's refusal tally first, the whole write is
   * planned again on fresh reads. `readKeys` may look keys up (a request by its id): that runs inside
   * the door too, before the decision, and nothing it read is handed out unless the decision allows.
   * @example await patientRecord(ctx).write((p) => [planKey(b, p)], (w) => ({ items: [...], result }))
   */
  write<T>(readKeys: (patientId: string) => ItemKey[] | Promise<ItemKey[]>, plan: (write: PatientWrite) => PlannedWrite<T> | Promise<PlannedWrite<T>>, options?: AccessOptions): Promise<T>;
}

/**
 * The caller as the directory has them now, read with the data: someone an operator moved to another
 * organisation reaches only that organisation's grants, though their token may name the old one until
 * it expires (an hour in AWS). The grants read are the token's organisation's, so a move only ever
 * narrows access until a new token; without a directory entry (a test's token) the token's word stands.
 */
const asInDirectory = (actor: Actor, entry: Item | undefined): Actor => {
  if (!entry || actor.scopes) return actor;
  const { org: _token, ...rest } = actor;
  return typeof entry.org === 'string' ? { ...rest, org: entry.org } : rest;
};

/** The check that the grant a write was allowed by is still in force as read (none for a decision without a grant). */
const grantInForceOf =
  (store: Store, borough: string) =>
  ({ decision, found }: Pick<PatientWrite, 'decision' | 'found'>): TransactItem[] => {
    if (decision.reason !== 'grant') return [];
    const grant = grantsIn(found).find((g) => g.grantId === decision.grantId);
    if (!grant) throw new Error('the decision names a grant that was not read with it');
    return [grantUnchangedCheck(store, borough, grant)];
  };

/** The record of the patient the path names (or `options.patientId`), bound to this request's caller. */
export const patientRecord = (ctx: AnyContext, options: RecordOptions = {}): PatientRecord => {
  const { actor, patientId } = resolvePatientId(ctx, options.patientId);
  const store = ctx.deps.store;

  const resourceOf = { borough: ctx.deps.config.borough.id, patientId };
  const grantInForce = grantInForceOf(store, ctx.deps.config.borough.id);

  /**
   * Reads `keys` with what the decision needs and decides, inside the door; a refusal is logged and
   * thrown. An allowed access is logged at once (`now`), or left to the write's own transaction.
   */
  const decided = (keys: ItemKey[] | Promise<ItemKey[]>, access: AccessOptions, log: 'now' | 'in-write', alongside?: Promise<unknown>): Promise<PatientWrite> =>
    insideTheDoor(async () => {
      const wanted = actionOf(ctx, access.action);
      // A person's own directory entry comes with the data: one an operator disabled is refused here.
      const callerKey = actor.scopes ? [] : [directoryUserKey(ctx.deps.config.borough.id, actor.id)];
      const all = [...(await keys), ...consentKeys(ctx, actor, patientId, wanted), ...callerKey];
      // The audit key is loaded once per container; awaited here so that the write's audit items need no wait.
      const [found, , auditKey] = await Promise.all([
        all.length > 0 ? batchGet(store, all) : Promise.resolve(new Map<string, Item>()),
        alongside,
        log === 'in-write' && !actsAsSelf(actor, wanted, patientId) ? ctx.deps.auditKey.current() : undefined,
      ]);
      const caller = callerKey[0] ? found.get(keyId(callerKey[0])) : undefined;
      // A patient who closed their account is refused with a token issued before (all but closing again).
      if (caller?.closedAt !== undefined) {
        if (wanted !== 'record:close') throw accountClosed();
      } else if (caller?.status === 'disabled') throw accountDisabled();
      const who = asInDirectory(actor, caller);
      const { decision, facts } = await decideOn(ctx, who, patientId, wanted, found, access.resource, options.noPatient);
      // A closed record is read-only (docs/records.md): what the decision read of it says so at once;
      // the write's own transaction checks again, for a closure that lands in between.
      const subject = actsAsSelf(actor, wanted, patientId) ? caller : found.get(keyId(directoryUserKey(ctx.deps.config.borough.id, patientId)));
      if (log === 'in-write' && subject?.closedAt !== undefined && !CLOSED_RECORD_ACTIONS.has(wanted)) throw recordClosed();
      if (facts && log === 'now') await logNow(ctx.deps, actor, facts, found);
      openTheDoor();
      const auditItems = (): TransactItem[] => (facts && auditKey ? logWrites(ctx.deps, auditKey, actor, facts, found) : []);
      return { actor: who, patientId, decision, self: facts === undefined, found, auditItems };
    });

  return {
    patientId,
    actor,
    read: async (dataKeys, access = {}) => {
      const { actor: who, decision, found } = await decided(dataKeys(patientId), access, 'now');
      return { actor: who, patientId, decision, item: (key) => found.get(keyId(key)), may: (other, roles) => decideAccess(who, other, resourceOf, grantsIn(found), ctx.deps.clock(), roles).allow };
    },
    list: async (list, alsoKeys = () => [], access = {}) => {
      // The list is fetched with the decision's reads (inside the door) and handed out only if allowed.
      const data = insideTheDoor(() => list(patientId));
      data.catch(() => undefined); // awaited below, unless the decision refused first
      const { found, decision } = await decided(alsoKeys(patientId), access, 'now', data);
      return { data: await data, item: (key) => found.get(keyId(key)), decision };
    },
    check: async (access = {}) => {
      const { auditItems: _none, ...checked } = await decided([], access, 'now');
      return checked;
    },
    write: async (readKeys, plan, access = {}) => {
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        if (attempt > 0) await backOff(attempt);
        const write = await decided(
          insideTheDoor(async () => readKeys(patientId)),
          access,
          'in-write',
        );
        const planned = await plan(write);
        const audit = write.auditItems();
        // Nothing to write (e.g. every entry of an import was a duplicate): the patient's own read-only
        // outcome needs no request; someone else's is still audited.
        if (planned.items.length === 0 && audit.length === 0) return planned.result;
        const openCheck = CLOSED_RECORD_ACTIONS.has(actionOf(ctx, access.action)) ? [] : [recordOpenCheck(store, ctx.deps.config.borough.id, patientId)];
        // A failed grant check (the grant revoked or changed meanwhile) is handled as a moved audit chain: decided again.
        const grantCheck = grantInForce(write);
        try {
          await transactWrite(store, [...planned.items, ...audit, ...openCheck, ...grantCheck]);
          return planned.result;
        } catch (error) {
          const codes = cancellationCodes(error);
          if (!codes) throw error;
          if (openCheck.length > 0 && codes[planned.items.length + audit.length] === 'ConditionalCheckFailed') throw recordClosed();
          const own = codes.slice(0, planned.items.length).findIndex((c) => c === 'ConditionalCheckFailed');
          if (own >= 0) {
            const outcome = planned.onConditionFailed?.(own) ?? error;
            if (outcome !== 'retry') throw outcome;
            continue;
          }
          const auditMoved = codes.slice(planned.items.length).some((c) => c === 'ConditionalCheckFailed');
          if (!auditMoved && !codes.includes('TransactionConflict')) throw error;
        }
      }
      throw new ServiceUnavailableError('Too many changes at once to this record; please try again.');
    },
  };
};
