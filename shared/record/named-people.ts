import * as z from 'zod/mini';
import { PatientBanner, patientBanner, personView, unknownPerson, type Person, type PersonView } from '../domain/people';
import type { RouteContext } from '../http/route';
import { pageSchema } from '../http/pagination';
import { callerOf } from '../http/request-actor';
import { keyId } from '../store/batch-get';
import { directoryUserKey, fromDirectoryItem, getPeople, isPatientEntry } from '../store/directory-repository';
import type { ItemKey } from '../store/keys';

type Item = Record<string, unknown>;
type AnyContext = RouteContext<unknown, unknown, unknown>;

/**
 * People by name in answers about a patient's record: the patient banner for staff, and the names of
 * those who wrote something. Nothing here decides anything: each helper runs on what a consent check
 * already allowed (or, for the caller's own entry, on who they are).
 */

/** A page of a patient's list, with their banner when the caller is staff. */
export const patientPageSchema = <T extends z.ZodMiniType>(item: T) => z.extend(pageSchema(item), { patient: z.optional(PatientBanner) });

/** What a consent-checked read gives back: the patient, and the items it read. */
export interface AllowedRead {
  patientId: string;
  item(key: ItemKey): Item | undefined;
}

/**
 * The patient's banner, for a caller other than the patient, from the directory entry the consent
 * check read in the data's own request (`consentKeys`): no extra round trip, and nothing for the
 * patient on their own record (their entry is not read then). Only on a read the record allowed.
 * @example return { ...view, ...bannerFrom(ctx, await patientRecord(ctx).read(keys)) };
 */
export const bannerFrom = (ctx: AnyContext, read: AllowedRead): { patient?: PatientBanner } => {
  // The patient's own read holds their entry too (their account status): they get no banner of themselves.
  if (callerOf(ctx).id === read.patientId) return {};
  const entry = read.item(directoryUserKey(ctx.deps.config.borough.id, read.patientId));
  return entry && isPatientEntry(entry) ? { patient: patientBanner(fromDirectoryItem(entry)) } : {};
};

/** The caller's directory entry: a write reads it with its data (one request) to sign what it writes. */
export const callerKey = (ctx: AnyContext): ItemKey => directoryUserKey(ctx.deps.config.borough.id, callerOf(ctx).id);

/** The caller as others see them, from the entry `callerKey` read; undefined when not in the directory. */
export const callerView = (ctx: AnyContext, found: Map<string, Item>): PersonView | undefined => {
  const entry = found.get(keyId(callerKey(ctx)));
  return entry ? personView(fromDirectoryItem(entry), ctx.deps.config.borough.organisations) : undefined;
};

/** People as others see them, by id; someone not in the directory is shown as such, never by id. */
export const viewsOf = (ctx: AnyContext, ids: Iterable<string>, people: Map<string, Person>): Map<string, PersonView> => {
  const organisations = ctx.deps.config.borough.organisations;
  return new Map(
    [...new Set(ids)].map((id) => {
      const person = people.get(id);
      return [id, person ? personView(person, organisations) : unknownPerson(id)];
    }),
  );
};

/**
 * People by id as others see them, one BatchGet for all (none when `ids` is empty). Bounded by the
 * caller to the people of one page.
 */
export const peopleByIds = async (ctx: AnyContext, ids: Iterable<string>): Promise<Map<string, PersonView>> => {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  return viewsOf(ctx, wanted, await getPeople(ctx.deps.store, ctx.deps.config.borough.id, wanted));
};

/** A name as stamped on what someone wrote: how to address them, and who they are (role title, organisation). */
export interface Signature {
  name: string;
  label: string;
}

export const signatureOf = (person: PersonView): Signature => ({ name: person.name, label: person.label });

/** Someone who wrote something, perhaps signed when they wrote it. */
export interface Signable {
  userId: string;
  name?: string;
  label?: string;
}

/** Those of `writers` who did not sign what they wrote: their names are to be looked up. */
export const unsignedIds = (writers: readonly Signable[]): string[] => writers.filter((w) => w.name === undefined || w.label === undefined).map((w) => w.userId);

/** Signs writers with their own signature, or else as `people` (looked up) show them. */
export const signWith =
  (people: Map<string, PersonView>) =>
  <T extends Signable>(writer: T): T & Signature => {
    if (writer.name !== undefined && writer.label !== undefined) return { ...writer, name: writer.name, label: writer.label };
    return { ...writer, ...signatureOf(people.get(writer.userId) ?? unknownPerson(writer.userId)) };
  };

/**
 * Names for everyone in `writers`: their signature where they signed, otherwise looked up in the
 * directory (one BatchGet for the unsigned alone, none when all signed). Only on data already allowed.
 * @example const sign = await signWriters(ctx, page.items.map((u) => u.by)); page.items.map((u) => ({ ...u, by: sign(u.by) }))
 */
export const signWriters = async (ctx: AnyContext, writers: readonly Signable[]): Promise<<T extends Signable>(writer: T) => T & Signature> => signWith(await peopleByIds(ctx, unsignedIds(writers)));

/** One writer by name (a lookup only if they did not sign). */
export const signOne = async <T extends Signable>(ctx: AnyContext, writer: T): Promise<T & Signature> => (await signWriters(ctx, [writer]))(writer);
