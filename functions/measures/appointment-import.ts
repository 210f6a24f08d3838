import * as z from 'zod/mini';
import { isCancelled, parseAppointment, sameContent, type Appointment, type AppointmentContent } from '../../shared/domain/appointments';
import { NotFoundError } from '../../shared/http/problem';
import { callerOf } from '../../shared/http/request-actor';
import type { RouteContext } from '../../shared/http/route';
import { patientRecord } from '../../shared/record/patient-record';
import { keyId } from '../../shared/store/batch-get';
import { appointmentIdOf, appointmentKey, fromAppointmentItem, putAppointmentItem } from '../../shared/store/appointments-repository';
import type { TransactItem } from '../../shared/store/transact';
import { birthDateProblem, byPatient, CHUNK, importBundleBody, isA, NOT_SHARED, patientsOf } from './bundle-import';

export const MAX_BUNDLE_APPOINTMENTS = 100;
export const AppointmentBundleBody = importBundleBody('Appointment', MAX_BUNDLE_APPOINTMENTS);

export const AppointmentImportResult = z.strictObject({
  index: z.int(),
  /** The Appointment's identifier value, as the system sent it. */
  identifier: z.optional(z.string()),
  /** `patient`: a Patient entry, naming the patient of the Appointments with its NHS number. */
  result: z.enum(['created', 'updated', 'cancelled', 'unchanged', 'rejected', 'patient']),
  reason: z.optional(z.string()),
});
export type AppointmentImportResult = z.infer<typeof AppointmentImportResult>;
type Outcome = 'created' | 'updated' | 'cancelled' | 'unchanged' | 'rejected';

interface Accepted {
  index: number;
  nhsNumber: string;
  birthDate: string;
  sourceSystem: string;
  sourceId: string;
  content: AppointmentContent;
}

/**
 * Plans one patient's entries on what is stored, in bundle order: each against the appointment as
 * the entries before it left it (the same identifier twice in one bundle is one appointment), and one
 * write per appointment, with the last state. A create that starts in the past is refused.
 */
const planEntries = (ctx: RouteContext<unknown, unknown, unknown>, patientId: string, org: string, entries: readonly Accepted[], found: Map<string, Record<string, unknown>>) => {
  const { deps } = ctx;
  const borough = deps.config.borough.id;
  const now = deps.clock().toISOString();
  const current = new Map<string, { stored?: Appointment; next?: Appointment }>();
  const results: { index: number; result: Outcome; reason?: string }[] = [];
  for (const e of entries) {
    const appointmentId = appointmentIdOf(borough, org, e.sourceSystem, e.sourceId);
    if (!current.has(appointmentId)) {
      const item = found.get(keyId(appointmentKey(borough, patientId, appointmentId)));
      current.set(appointmentId, item ? { stored: fromAppointmentItem(item) } : {});
    }
    const state = current.get(appointmentId) ?? {};
    const before = state.next ?? state.stored;
    if (before && sameContent(before, e.content)) {
      results.push({ index: e.index, result: 'unchanged' });
      continue;
    }
    if (!before && e.content.start < now) {
      results.push({ index: e.index, result: 'rejected', reason: 'Appointment is new and starts in the past: only an appointment sent before may be updated once it has started' });
      continue;
    }
    const at = deps.clock().toISOString();
    const { location: _l, videoUrl: _v, role: _r, practitioner: _p, what: _w, ...kept } = before ?? ({} as Partial<Appointment>);
    state.next = {
      ...kept,
      ...e.content,
      appointmentId,
      patientId,
      org,
      sourceSystem: e.sourceSystem,
      sourceId: e.sourceId,
      sequence: before ? before.sequence + 1 : 0,
      createdAt: before?.createdAt ?? at,
      updatedAt: at,
    };
    current.set(appointmentId, state);
    results.push({ index: e.index, result: !before ? 'created' : isCancelled(e.content.status) && !isCancelled(before.status) ? 'cancelled' : 'updated' });
  }
  const items: TransactItem[] = [...current.values()].flatMap(({ stored, next }) => (next ? [putAppointmentItem(deps.store, borough, next, stored?.sequence)] : []));
  return { items, results };
};

/**
 * Imports a GP or trust system's Bundle of Appointments and the Patient entries that name their
 * patients. Each Appointment is keyed by its identifier (system and value) within the sending
 * organisation: new is created, the same again is unchanged, changed content is updated (cancelled
 * when its status says so); each entry gets its result, or why it was rejected. An Appointment is
 * attached to a patient only when its NHS number and the date of birth its Patient entry gives both
 * match the directory, and the patient shares health data with the organisation (`health:contribute`).
 * Each patient's entries go in as whole transactions, audited; a malformed entry never touches the table.
 */
export const importAppointments = async (ctx: RouteContext<z.infer<typeof AppointmentBundleBody>, unknown, unknown>): Promise<AppointmentImportResult[]> => {
  const org = callerOf(ctx).org;
  if (!org) throw new Error('a system client without an organisation');
  const { birthDates, results: patientResults } = patientsOf(ctx.body.entry);
  const results: AppointmentImportResult[] = [...patientResults];
  const accepted: Accepted[] = [];
  ctx.body.entry.forEach(({ resource }, index) => {
    if (isA('Patient')({ resource })) return;
    const parsed = parseAppointment(resource);
    if (!parsed.ok) return void results.push({ index, ...(parsed.sourceId ? { identifier: parsed.sourceId } : {}), result: 'rejected', reason: parsed.reason });
    const problem = birthDateProblem(birthDates, parsed.nhsNumber, 'Appointment');
    const birthDate = birthDates.get(parsed.nhsNumber);
    if (problem !== undefined || birthDate === undefined) return void results.push({ index, identifier: parsed.sourceId, result: 'rejected', reason: problem ?? 'no birthDate' });
    accepted.push({ index, nhsNumber: parsed.nhsNumber, birthDate, sourceSystem: parsed.sourceSystem, sourceId: parsed.sourceId, content: parsed.content });
  });

  const identifierOf = new Map(accepted.map((a) => [a.index, a.sourceId]));
  for (const [patientId, { noPatient, entries }] of await byPatient(ctx, accepted)) {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      try {
        const planned = await patientRecord(ctx, { patientId, noPatient }).write(
          (p) => chunk.map((e) => appointmentKey(ctx.deps.config.borough.id, p, appointmentIdOf(ctx.deps.config.borough.id, org, e.sourceSystem, e.sourceId))),
          (write) => {
            const { items, results: chunkResults } = planEntries(ctx, write.patientId, org, chunk, write.found);
            // Another send of the same appointment landed first: plan again on what it left.
            return { items, result: chunkResults, onConditionFailed: () => 'retry' as const };
          },
          { action: 'health:contribute' },
        );
        for (const r of planned) results.push({ ...r, identifier: identifierOf.get(r.index) ?? '' });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        // The patient did not share with this organisation: the refusal is in their access log.
        for (const c of entries.slice(i)) results.push({ index: c.index, identifier: c.sourceId, result: 'rejected', reason: NOT_SHARED });
        break;
      }
    }
  }
  return results.sort((a, b) => a.index - b.index);
};
