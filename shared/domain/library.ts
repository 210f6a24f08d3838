import * as z from 'zod/mini';
import { plainHttpsLink } from './https-link';
import type { FieldIssue } from './zod';

/**
 * The borough's library of programmes, services and apps (docs/library.md): what a patient may take up
 * and add to a goal. Borough-wide, kept by operators; nothing in it is about a patient.
 */
export const PROGRAMME_CATEGORIES = ['exercise', 'diet', 'arts', 'therapy-apps', 'digital-skills', 'peer-support', 'employment'] as const;
export type ProgrammeCategory = (typeof PROGRAMME_CATEGORIES)[number];
export const PROGRAMME_STATUSES = ['active', 'retired'] as const;
export type ProgrammeStatus = (typeof PROGRAMME_STATUSES)[number];

export const LIBRARY_LIMITS = { name: 120, offers: 1000, forWhom: 500, howToJoin: 500, link: 500 } as const;

/**
 * Why a programme's link is refused, or undefined for a plain https address (no user name, no port).
 * @example programmeLinkProblem('http://example.org') // 'must be an https link'
 */
export const programmeLinkProblem = (link: string): string | undefined => plainHttpsLink(link).problem;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));
const link = z.string().check(
  z.maxLength(LIBRARY_LIMITS.link),
  z.refine((v) => programmeLinkProblem(v) === undefined, { error: (issue) => programmeLinkProblem(String(issue.input)) ?? 'must be an https link' }),
);
const orgId = z.string().check(z.regex(/^[a-z0-9-]{1,64}$/, 'must be an organisation id of the borough'));

const programmeFields = {
  name: text(LIBRARY_LIMITS.name),
  /** An organisation of the borough file (shown by its name). */
  provider: orgId,
  category: z.enum(PROGRAMME_CATEGORIES),
  /** What it offers. */
  offers: text(LIBRARY_LIMITS.offers),
  /** Who it is for. */
  forWhom: text(LIBRARY_LIMITS.forWhom),
  howToJoin: text(LIBRARY_LIMITS.howToJoin),
  link,
};

export const ProgrammeBody = z.strictObject(programmeFields);
export type ProgrammeInput = z.infer<typeof ProgrammeBody>;

/** A change: any of the fields, or `status` to retire a programme (`retired`) or bring it back (`active`). */
export const ProgrammeChangeBody = z.strictObject({
  name: z.optional(programmeFields.name),
  provider: z.optional(programmeFields.provider),
  category: z.optional(programmeFields.category),
  offers: z.optional(programmeFields.offers),
  forWhom: z.optional(programmeFields.forWhom),
  howToJoin: z.optional(programmeFields.howToJoin),
  link: z.optional(programmeFields.link),
  status: z.optional(z.enum(PROGRAMME_STATUSES)),
});
export type ProgrammeChange = z.infer<typeof ProgrammeChangeBody>;

export const ProgrammeIdSchema = z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a programme id'));

export interface Programme extends ProgrammeInput {
  programmeId: string;
  status: ProgrammeStatus;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A programme as the API shows it: its provider by name. */
export const ProgrammeView = z.strictObject({
  ...programmeFields,
  programmeId: z.string(),
  providerName: z.string(),
  status: z.enum(PROGRAMME_STATUSES),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProgrammeViewT = z.infer<typeof ProgrammeView>;

export const LibraryQuery = z.strictObject({
  q: z.optional(z.string().check(z.trim(), z.maxLength(80))),
  category: z.optional(z.enum(PROGRAMME_CATEGORIES)),
  /** Operators only: retired programmes too. */
  include: z.optional(z.literal('retired')),
});
export type LibraryQueryT = z.infer<typeof LibraryQuery>;

export const CHANGE_ACTIONS = ['created', 'changed', 'retired', 'restored'] as const;

/** One change of a programme, kept with it in the same transaction: who, when, and each field from and to. */
export interface ProgrammeChangeEntry {
  programmeId: string;
  /** The programme's version this change made. */
  version: number;
  at: string;
  byUserId: string;
  /** Who, by name, as the directory held them when they made the change. */
  byName: string;
  action: (typeof CHANGE_ACTIONS)[number];
  changes: { field: string; from?: string; to?: string }[];
}

export const ProgrammeChangeEntryView = z.strictObject({
  programmeId: z.string(),
  version: z.number(),
  at: z.string(),
  byUserId: z.string(),
  byName: z.string(),
  action: z.enum(CHANGE_ACTIONS),
  changes: z.array(z.strictObject({ field: z.string(), from: z.optional(z.string()), to: z.optional(z.string()) })),
});

const FIELDS = ['name', 'provider', 'category', 'offers', 'forWhom', 'howToJoin', 'link', 'status'] as const;

/** The provider is one of the borough's organisations, or the field at fault. */
export const providerProblems = (provider: string | undefined, orgIds: readonly string[]): FieldIssue[] =>
  provider === undefined || orgIds.includes(provider) ? [] : [{ field: 'body.provider', detail: `is "${provider}", which is not one of the borough's organisations` }];

/** A new programme, active, at version 1, and the change entry that records its creation. */
export const newProgramme = (programmeId: string, input: ProgrammeInput, at: string, by: { userId: string; name: string }): { programme: Programme; entry: ProgrammeChangeEntry } => {
  const programme: Programme = { ...input, programmeId, status: 'active', version: 1, createdAt: at, updatedAt: at };
  const changes = FIELDS.filter((f) => f !== 'status').map((field) => ({ field, to: programme[field] }));
  return { programme, entry: { programmeId, version: 1, at, byUserId: by.userId, byName: by.name, action: 'created', changes } };
};

/**
 * A programme after a change, and the entry that records what changed (only the fields that did);
 * undefined when nothing would change.
 * @example changeProgramme(p, { status: 'retired' }, at, by)?.entry.action // 'retired'
 */
export const changeProgramme = (current: Programme, change: ProgrammeChange, at: string, by: { userId: string; name: string }): { programme: Programme; entry: ProgrammeChangeEntry } | undefined => {
  const next: Programme = { ...current, ...change, version: current.version + 1, updatedAt: at };
  const changes = FIELDS.filter((field) => next[field] !== current[field]).map((field) => ({ field, from: current[field], to: next[field] }));
  if (changes.length === 0) return undefined;
  const action = next.status !== current.status ? (next.status === 'retired' ? 'retired' : 'restored') : 'changed';
  return { programme: next, entry: { programmeId: current.programmeId, version: next.version, at, byUserId: by.userId, byName: by.name, action, changes } };
};

/** Folds case and accents away, so that "cafe" finds "Café". */
const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The programmes a reader sees for a search: active ones (retired too when asked, by operators),
 * every word of `q` in the name, the provider's name or what it offers, of the category asked; by name.
 */
export const searchProgrammes = <P extends Programme & { providerName: string }>(programmes: readonly P[], query: LibraryQueryT, includeRetired: boolean): P[] => {
  const words = fold(query.q ?? '')
    .split(/\s+/)
    .filter((w) => w.length > 0);
  return programmes
    .filter((p) => includeRetired || p.status === 'active')
    .filter((p) => query.category === undefined || p.category === query.category)
    .filter((p) => {
      const haystack = fold(`${p.name} ${p.providerName} ${p.offers}`);
      return words.every((w) => haystack.includes(w));
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
};

/** How a step names the programme it is about: snapshot of its name and link when it was added. */
export interface StepProgramme {
  programmeId: string;
  name: string;
  link: string;
}
