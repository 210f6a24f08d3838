import * as z from 'zod/mini';
import { PatientBanner } from '../../shared/domain/people';
import { RECORD_VIEW_NAMES, RECORD_VIEWS, type RecordView } from '../../shared/domain/record-views';
import { NotFoundError } from '../../shared/http/problem';
import { defineRoute } from '../../shared/http/route';
import { bannerFrom } from '../../shared/record/named-people';
import { patientRecord } from '../../shared/record/patient-record';

export const SharedWithMeView = z.strictObject({
  /** The patient banner: name, date of birth, NHS number (3-3-4). */
  patient: PatientBanner,
  /** The parts of the record the caller may open now, as the decision point decides for each part's route. */
  readable: z.array(z.enum(RECORD_VIEW_NAMES)),
});
type SharedWithMeViewT = z.infer<typeof SharedWithMeView>;

/**
 * What one patient shares with me: one consent-checked read (`sharing:read`, allowed by any grant in
 * force, audited like any other), then what each part's own route would decide, on the grants it read.
 */
export const sharedWithMeRoute = defineRoute<undefined, Record<string, never>, { patientId: string }, SharedWithMeViewT>({
  method: 'GET',
  path: '/patients/{patientId}/shared-with-me',
  summary:
    "What this patient shares with me: their banner and the parts of their record I may open now (plan, crisis plan, log, health, budget); 404 when nothing is shared with me, as for a patient who does not exist; never for one's own record",
  tags: ['consent'],
  access: { kind: 'patient-data', action: 'sharing:read', roles: ['clinician', 'phb-advisor'] },
  response: { status: 200, schema: SharedWithMeView },
  handle: async (ctx) => {
    const read = await patientRecord(ctx).read(() => []);
    const { patient } = bannerFrom(ctx, read);
    // The door read the patient's entry and refused an id that is no patient: this is a safeguard.
    if (!patient) throw new NotFoundError('No such patient record, or it was not shared with you.');
    const readable = RECORD_VIEW_NAMES.filter((view: RecordView) => read.may(RECORD_VIEWS[view].action, RECORD_VIEWS[view].roles));
    return { patient, readable };
  },
});
