import * as z from 'zod/mini';
import type { Role } from './actor';
import type { Organisation } from './borough-config';
import { isActive, isPatient, orgLabel, personView, PersonView, type Person } from './people';

/**
 * Who a patient can share with, and how they find them by name: the borough's care staff and
 * organisations, never another patient, a disabled person or anyone's contact details.
 */

/** Roles a person grant can reach: paramedics see a crisis plan through emergency sharing, operators see no patient's data. */
const CARE_ROLES: readonly Role[] = ['clinician', 'phb-advisor'];

/** Kinds of organisation a patient may share with as a team (the ambulance service works through emergency sharing). */
const SHAREABLE_KINDS: readonly Organisation['kind'][] = ['nhs-trust', 'gp-practice', 'voluntary', 'phb-provider', 'local-authority'];

/** Whether a directory entry is someone a patient may name in a grant. */
export const isShareablePerson = (p: Person): boolean => isActive(p) && !isPatient(p) && p.roles.some((r) => CARE_ROLES.includes(r));

export const isShareableOrganisation = (o: Pick<Organisation, 'kind'>): boolean => SHAREABLE_KINDS.includes(o.kind);

/** Bounds of one lookup: at least 2 letters, at most 20 answers. */
export const DIRECTORY_SEARCH = { minChars: 2, maxChars: 60, maxAnswers: 20 } as const;

/** Lookups one caller may make per window: search-as-you-type sends one per pause in typing. */
export const DIRECTORY_SEARCH_RATE = { perWindow: 30, windowMs: 60_000 } as const;

/**
 * Text as search compares it: accents and case dropped, anything but letters and digits a space.
 * @example searchText('  Zoë  O’Brien-Smith ') // 'zoe o brien smith'
 */
export const searchText = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export const DirectoryQuery = z.strictObject({
  q: z.string().check(
    z.maxLength(DIRECTORY_SEARCH.maxChars),
    z.refine((v) => searchText(v).replace(/ /g, '').length >= DIRECTORY_SEARCH.minChars, `must hold at least ${DIRECTORY_SEARCH.minChars} letters or digits`),
  ),
});

export const DirectoryMatch = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('person'), person: PersonView }),
  z.strictObject({ type: z.literal('organisation'), org: z.strictObject({ id: z.string(), name: z.string(), label: z.string() }) }),
]);
export type DirectoryMatch = z.infer<typeof DirectoryMatch>;

export const DirectorySearchView = z.strictObject({
  items: z.array(DirectoryMatch),
  /** More matched than the answer holds: type more of the name. */
  more: z.boolean(),
});
export type DirectorySearchView = z.infer<typeof DirectorySearchView>;

/** How well one entry's words answer the query's words: undefined when a word is missing, 0 when each begins a word, 1 when one is inside a word. */
const rank = (queryWords: readonly string[], fields: readonly (string | undefined)[]): number | undefined => {
  const text = ` ${searchText(fields.filter(Boolean).join(' '))}`;
  if (!queryWords.every((w) => text.includes(w))) return undefined;
  return queryWords.every((w) => text.includes(` ${w}`)) ? 0 : 1;
};

/**
 * The borough's organisations, then its care staff, whose names, role titles or organisation match
 * every word typed (anywhere in a word; those matching at the start of words first), at most 20.
 * @example searchDirectory('miriam elft', staff, organisations).items[0] // { type: 'person', person: { label: 'Miriam Okafor, Psychotherapist, ELFT', ... } }
 */
export const searchDirectory = (query: string, staff: readonly Person[], organisations: readonly Organisation[]): DirectorySearchView => {
  const words = searchText(query).split(' ').filter(Boolean);
  const ranked: { rank: number; label: string; match: DirectoryMatch }[] = [];
  for (const o of organisations.filter(isShareableOrganisation)) {
    const r = rank(words, [o.name, o.shortName]);
    if (r !== undefined) ranked.push({ rank: r, label: o.name, match: { type: 'organisation', org: { id: o.id, name: o.name, label: orgLabel(o) } } });
  }
  for (const p of staff.filter(isShareablePerson)) {
    const org = organisations.find((o) => o.id === p.org);
    const r = rank(words, [p.name?.given, p.name?.family, p.name?.preferred, p.roleTitle, org?.name, org?.shortName]);
    if (r === undefined) continue;
    const person = personView(p, organisations);
    ranked.push({ rank: r, label: person.label, match: { type: 'person', person } });
  }
  // Organisations keep their place before people of the same rank: a team is usually what is meant by its name.
  ranked.sort((a, b) => a.rank - b.rank || (a.match.type === b.match.type ? a.label.localeCompare(b.label, 'en-GB') : a.match.type === 'organisation' ? -1 : 1));
  return { items: ranked.slice(0, DIRECTORY_SEARCH.maxAnswers).map((r) => r.match), more: ranked.length > DIRECTORY_SEARCH.maxAnswers };
};

/** A fixed window of a rate limit: where the window of `now` starts, and the seconds until the next one. */
export const fixedWindow = (limit: { windowMs: number }, now: Date): { startedAt: number; retryAfterSeconds: number } => {
  const startedAt = Math.floor(now.getTime() / limit.windowMs) * limit.windowMs;
  return { startedAt, retryAfterSeconds: Math.max(1, Math.ceil((startedAt + limit.windowMs - now.getTime()) / 1000)) };
};
