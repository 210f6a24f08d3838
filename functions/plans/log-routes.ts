import * as z from 'zod/mini';
import { pageSchema, type Page } from '../../shared/http/pagination';
import { newestFirstPage } from '../../shared/record/patient-lists';
import { patientRecord } from '../../shared/record/patient-record';
import { defineRoute, type Route } from '../../shared/http/route';
import { jsonResponse } from '../../shared/http/responses';
import { SK } from '../../shared/store/keys';
import { putLogItem, type LogEntry } from '../../shared/store/plan-repository';
import { LogEntryBody, LogEntryView, PageQuery } from './schemas';

type View = z.infer<typeof LogEntryView>;

/** The personal log: dated entries with a mood, private unless the patient grants `log:read`. */
export const logRoutes: readonly Route[] = [
  defineRoute<undefined, z.infer<typeof PageQuery>, { patientId: string }, Page<View>>({
    method: 'GET',
    path: '/patients/{patientId}/log',
    summary: 'Personal log entries, newest first, paginated',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'log:read', roles: ['clinician'] },
    query: PageQuery,
    response: { status: 200, schema: pageSchema(LogEntryView) },
    handle: async (ctx) => (await newestFirstPage<View>(ctx, SK.logPrefix)).page,
  }),
  defineRoute<z.infer<typeof LogEntryBody>, Record<string, never>, { patientId: string }, View>({
    method: 'POST',
    path: '/patients/{patientId}/log',
    summary: 'Write a log entry: text and mood 1-5, for a day (today by default)',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'log:write', roles: [] },
    body: LogEntryBody,
    response: { status: 201, schema: LogEntryView },
    example: { body: { text: 'Slept better', mood: 4 } },
    handle: async (ctx) => {
      const entry = await patientRecord(ctx).write(
        () => [],
        (write) => {
          const at = ctx.deps.clock().toISOString();
          const made: LogEntry = { entryId: ctx.deps.ids(), date: ctx.body.date ?? at.slice(0, 10), text: ctx.body.text, mood: ctx.body.mood, at };
          return { items: [putLogItem(ctx.deps.store, ctx.deps.config.borough.id, write.patientId, made)], result: made };
        },
      );
      return jsonResponse(201, entry);
    },
  }),
];
