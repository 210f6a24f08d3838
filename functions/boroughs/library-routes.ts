import * as z from 'zod/mini';
import {
  changeProgramme,
  LibraryQuery,
  newProgramme,
  ProgrammeBody,
  ProgrammeChangeBody,
  ProgrammeChangeEntryView,
  ProgrammeIdSchema,
  providerProblems,
  ProgrammeView,
  searchProgrammes,
  type LibraryQueryT,
  type Programme,
  type ProgrammeChange,
  type ProgrammeChangeEntry,
  type ProgrammeInput,
  type ProgrammeViewT,
} from '../../shared/domain/library';
import { displayName } from '../../shared/domain/people';
import { etag, requireIfMatch, staleVersion } from '../../shared/http/preconditions';
import { ForbiddenError, NotFoundError, ValidationProblemError } from '../../shared/http/problem';
import { callerOf } from '../../shared/http/request-actor';
import { jsonResponse } from '../../shared/http/responses';
import { defineRoute, type Route, type RouteContext } from '../../shared/http/route';
import type { Deps } from '../../shared/runtime/deps';
import { getPeople } from '../../shared/store/directory-repository';
import { ProgrammeVersionError, readLibrary, readProgramme, readProgrammeHistory, writeProgramme } from '../../shared/store/library-repository';

const OPERATORS = { kind: 'roles', roles: ['operator'] } as const;
const ProgrammeParams = z.strictObject({ programmeId: ProgrammeIdSchema });
type Params = z.infer<typeof ProgrammeParams>;
const LibraryView = z.strictObject({ items: z.array(ProgrammeView) });
const HistoryView = z.strictObject({ items: z.array(ProgrammeChangeEntryView) });
const EXAMPLE_PROGRAMME = { programmeId: 'core-sport-walking' };

type AnyContext = RouteContext<unknown, unknown, unknown>;

const isOperator = (ctx: AnyContext): boolean => callerOf(ctx).roles.includes('operator');

/** A programme with its provider by name, as the borough file names it. */
const viewOf = (deps: Deps, programme: Programme): ProgrammeViewT => ({
  ...programme,
  providerName: deps.config.borough.organisations.find((o) => o.id === programme.provider)?.name ?? 'An organisation no longer in the borough',
});

const answer = (status: number, deps: Deps, programme: Programme): Response => jsonResponse(status, viewOf(deps, programme), etag(programme.version));

/** An operator's provider must be one of the borough's organisations (422 naming `body.provider`). */
const requireProvider = (deps: Deps, provider: string | undefined): void => {
  const issues = providerProblems(
    provider,
    deps.config.borough.organisations.map((o) => o.id),
  );
  if (issues.length > 0) throw new ValidationProblemError(422, 'Invalid input: body.provider.', issues);
};

/** The operator making a change, by name, for the programme's history. */
const changedBy = async (ctx: AnyContext): Promise<{ userId: string; name: string }> => {
  const { id } = callerOf(ctx);
  const person = (await getPeople(ctx.deps.store, ctx.deps.config.borough.id, [id])).get(id);
  return { userId: id, name: displayName(person) };
};

/** A programme a reader may see: an operator any, anyone else an active one; otherwise 404, as for none. */
const visibleProgramme = async (ctx: AnyContext, programmeId: string): Promise<Programme> => {
  const programme = await readProgramme(ctx.deps.store, ctx.deps.config.borough.id, programmeId);
  if (!programme || (programme.status !== 'active' && !isOperator(ctx))) throw new NotFoundError('No such programme in the library.');
  return programme;
};

const write = async (ctx: AnyContext, made: { programme: Programme; entry: ProgrammeChangeEntry }, expectedVersion: number): Promise<void> => {
  try {
    await writeProgramme(ctx.deps.store, ctx.deps.config.borough.id, made.programme, made.entry, expectedVersion);
  } catch (error) {
    if (!(error instanceof ProgrammeVersionError)) throw error;
    const now = await readProgramme(ctx.deps.store, ctx.deps.config.borough.id, made.programme.programmeId);
    throw staleVersion(now?.version ?? 0);
  }
};

/** The borough's library of programmes, services and apps (docs/library.md). */
export const libraryRoutes: readonly Route[] = [
  defineRoute<undefined, LibraryQueryT, Record<string, string>, z.infer<typeof LibraryView>>({
    method: 'GET',
    path: '/library',
    summary:
      "The borough's library of programmes, services and apps, by name: `q` (every word in the name, the provider's name or what it offers, ignoring case and accents), `category`; retired ones only to operators who ask (`include=retired`)",
    tags: ['library'],
    access: { kind: 'signed-in' },
    query: LibraryQuery,
    response: { status: 200, schema: LibraryView },
    example: { query: { q: 'walking', category: 'exercise' } },
    handle: async (ctx) => {
      if (ctx.query.include === 'retired' && !isOperator(ctx)) throw new ForbiddenError('Only operators see retired programmes.');
      const all = (await readLibrary(ctx.deps.store, ctx.deps.config.borough.id)).map((p) => viewOf(ctx.deps, p));
      return { items: searchProgrammes(all, ctx.query, ctx.query.include === 'retired') };
    },
  }),
  defineRoute<undefined, Record<string, never>, Params, ProgrammeViewT>({
    method: 'GET',
    path: '/library/programmes/{programmeId}',
    summary: 'One programme of the library (a retired one to operators only: 404 to others), its version as ETag',
    tags: ['library'],
    access: { kind: 'signed-in' },
    params: ProgrammeParams,
    response: { status: 200, schema: ProgrammeView },
    example: { params: EXAMPLE_PROGRAMME },
    handle: async (ctx) => answer(200, ctx.deps, await visibleProgramme(ctx, ctx.params.programmeId)),
  }),
  defineRoute<undefined, Record<string, never>, Params, z.infer<typeof HistoryView>>({
    method: 'GET',
    path: '/library/programmes/{programmeId}/history',
    summary: "Operators: a programme's changes, oldest first: who by name, when, and each field from and to",
    tags: ['library'],
    access: OPERATORS,
    params: ProgrammeParams,
    response: { status: 200, schema: HistoryView },
    example: { params: EXAMPLE_PROGRAMME },
    handle: async (ctx) => {
      // Read together (one round trip): the programme says whether there is one, the history what it was.
      const [, items] = await Promise.all([visibleProgramme(ctx, ctx.params.programmeId), readProgrammeHistory(ctx.deps.store, ctx.deps.config.borough.id, ctx.params.programmeId)]);
      return { items };
    },
  }),
  defineRoute<ProgrammeInput, Record<string, never>, Record<string, string>, ProgrammeViewT>({
    method: 'POST',
    path: '/library/programmes',
    summary: 'Operators: add a programme (name, provider: one of the borough organisations, category, what it offers, who it is for, how to join, an https link), active at version 1',
    tags: ['library'],
    access: OPERATORS,
    body: ProgrammeBody,
    response: { status: 201, schema: ProgrammeView },
    example: {
      body: {
        name: 'Chair yoga at the leisure centre',
        provider: 'core-sport',
        category: 'exercise',
        offers: 'Gentle yoga seated or standing, an hour a week',
        forWhom: 'Anyone, whatever their fitness',
        howToJoin: 'Turn up, or ask your coach',
        link: 'https://core-sport.example/chair-yoga',
      },
    },
    handle: async (ctx) => {
      requireProvider(ctx.deps, ctx.body.provider);
      const made = newProgramme(ctx.deps.ids(), ctx.body, ctx.deps.clock().toISOString(), await changedBy(ctx));
      await write(ctx, made, 0);
      return answer(201, ctx.deps, made.programme);
    },
  }),
  defineRoute<ProgrammeChange, Record<string, never>, Params, ProgrammeViewT>({
    method: 'PATCH',
    path: '/library/programmes/{programmeId}',
    summary: 'Operators: change a programme, retire it (`status: retired`: patients no longer see it) or bring it back (`status: active`) (If-Match: its version; 412 if stale)',
    tags: ['library'],
    access: OPERATORS,
    params: ProgrammeParams,
    body: ProgrammeChangeBody,
    response: { status: 200, schema: ProgrammeView },
    example: { params: EXAMPLE_PROGRAMME, body: { howToJoin: 'Meet at the park gates at 10am' }, headers: { 'if-match': '"1"' } },
    handle: async (ctx) => {
      const expected = requireIfMatch(ctx.headers);
      requireProvider(ctx.deps, ctx.body.provider);
      const [current, by] = await Promise.all([visibleProgramme(ctx, ctx.params.programmeId), changedBy(ctx)]);
      if (current.version !== expected) throw staleVersion(current.version);
      const made = changeProgramme(current, ctx.body, ctx.deps.clock().toISOString(), by);
      if (!made) return answer(200, ctx.deps, current);
      await write(ctx, made, current.version);
      return answer(200, ctx.deps, made.programme);
    },
  }),
];
