import * as z from 'zod/mini';
import { needsChecking } from '../../shared/domain/crisis-plan';
import { displayName } from '../../shared/domain/people';
import { defineRoute, type Route, type RouteContext } from '../../shared/http/route';
import { fileResponse } from '../../shared/http/responses';
import { patientRecord, type PatientRead } from '../../shared/record/patient-record';
import { signWriters } from '../../shared/record/named-people';
import { crisisPlanKey, fromCrisisPlanItem } from '../../shared/store/crisis-plan-repository';
import { directoryUserKey, fromDirectoryItem, isPatientEntry } from '../../shared/store/directory-repository';
import { fromPlanItem, planKey } from '../../shared/store/plan-repository';

type AnyContext = RouteContext<unknown, unknown, unknown>;

/**
 * The PDF writers load on the first print, not at each cold start of the plans function: pdfkit and
 * its font engine are two thirds of the bundle, and most requests print nothing.
 */
const writers = {
  crisisCard: async () => (await import('./pdf/crisis-card')).crisisCardPdf,
  plan: async () => (await import('./pdf/plan-document')).planPdf,
};

export const PDF = 'application/pdf';
/** A file, not JSON: the API document says so (`format: binary`). */
const PdfFile = z.file();

/** The patient's name as the app shows it, from their directory entry read with the data. */
const patientName = (ctx: AnyContext, read: PatientRead): string => {
  const entry = read.item(directoryUserKey(ctx.deps.config.borough.id, read.patientId));
  return displayName(entry && isPatientEntry(entry) ? fromDirectoryItem(entry) : undefined);
};

/**
 * Printable copies for the patient to keep: the crisis card and the recovery plan as PDFs, read
 * through the consent decision like the plans themselves (staff with the grant may print them for
 * the patient, audited). The file names say what the file is and nothing about whose it is: a
 * shared phone's Downloads folder is seen by others.
 */
export const pdfRoutes: readonly Route[] = [
  defineRoute<undefined, Record<string, never>, { patientId: string }, File>({
    method: 'GET',
    path: '/patients/{patientId}/crisis-plan/card.pdf',
    summary:
      'The crisis plan as a wallet card to print (PDF, A4 at actual size, to cut, fold and laminate): who to call, what helps, what to avoid, the urgent numbers, when it was last changed and printed',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'crisis-plan:read', roles: ['clinician', 'paramedic'] },
    response: { status: 200, schema: PdfFile, contentType: PDF },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const read = await patientRecord(ctx).read((patientId) => [crisisPlanKey(borough, patientId), directoryUserKey(borough, patientId)]);
      const plan = fromCrisisPlanItem(read.patientId, read.item(crisisPlanKey(borough, read.patientId)));
      const now = ctx.deps.clock();
      const file = await (
        await writers.crisisCard()
      )({ name: patientName(ctx, read), plan, urgentNumbers: ctx.deps.config.borough.alerts.urgentNumbers, needsChecking: needsChecking(plan, now), now });
      return fileResponse(file, PDF, 'my-crisis-card.pdf');
    },
  }),
  defineRoute<undefined, Record<string, never>, { patientId: string }, File>({
    method: 'GET',
    path: '/patients/{patientId}/plan.pdf',
    summary: 'The recovery plan to print (PDF, A4): the sections, each goal with its latest RAG status in words and colour and its steps, when it was last changed and printed; no comments or notes',
    tags: ['plans'],
    access: { kind: 'patient-data', action: 'plan:read', roles: ['clinician', 'phb-advisor'] },
    response: { status: 200, schema: PdfFile, contentType: PDF },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough.id;
      const read = await patientRecord(ctx).read((patientId) => [planKey(borough, patientId), directoryUserKey(borough, patientId)]);
      const plan = fromPlanItem(read.patientId, read.item(planKey(borough, read.patientId)));
      const sign = await signWriters(
        ctx,
        Object.values(plan.goals).flatMap((g) => g.steps.map((s) => s.addedBy)),
      );
      const file = await (await writers.plan())({ name: patientName(ctx, read), plan, stepAuthor: (step) => (step.addedBy.asPatient ? undefined : sign(step.addedBy).label), now: ctx.deps.clock() });
      return fileResponse(file, PDF, 'my-recovery-plan.pdf');
    },
  }),
];
