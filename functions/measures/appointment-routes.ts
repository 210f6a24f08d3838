import * as z from 'zod/mini';
import { APPOINTMENT_STATUSES, toFhirAppointment, upcomingAndPast, VIRTUAL_SERVICE_EXTENSION, withWhom, type Appointment } from '../../shared/domain/appointments';
import { NHS_NUMBER_SYSTEM } from '../../shared/domain/fhir-observation';
import { PatientBanner } from '../../shared/domain/people';
import { NotFoundError } from '../../shared/http/problem';
import { fileResponse, jsonResponse } from '../../shared/http/responses';
import { defineRoute, type Route, type RouteContext } from '../../shared/http/route';
import { bannerFrom } from '../../shared/record/named-people';
import { patientRecord } from '../../shared/record/patient-record';
import { appointmentKey, appointmentsOf, fromAppointmentItem } from '../../shared/store/appointments-repository';
import { appointmentCalendar, CALENDAR } from './appointment-calendar';
import { AppointmentBundleBody, AppointmentImportResult, importAppointments, MAX_BUNDLE_APPOINTMENTS } from './appointment-import';

type AnyContext = RouteContext<unknown, unknown, unknown>;

const HEALTH_READ = { kind: 'patient-data', action: 'health:read', roles: ['clinician'] } as const;
const id = z.string().check(z.regex(/^[A-Za-z0-9._~-]{1,128}$/, 'must be an id'));
const AppointmentParams = z.strictObject({ patientId: id, appointmentId: z.string().check(z.regex(/^[0-9a-f]{32}$/, 'must be an appointment id')) });
const ListQuery = z.strictObject({ format: z.optional(z.enum(['json', 'fhir'])) });

/** An appointment as the patient and her care team see it: whom with by name, never an id of theirs. */
const AppointmentView = z.strictObject({
  appointmentId: z.string(),
  status: z.enum(APPOINTMENT_STATUSES),
  start: z.string(),
  end: z.string(),
  location: z.optional(z.string()),
  videoUrl: z.optional(z.string()),
  /** The organisation and role: "ELFT · Psychotherapist". */
  with: z.string(),
  practitioner: z.optional(z.string()),
  what: z.optional(z.string()),
  /** How many times the sending system changed it (the calendar file's SEQUENCE). */
  sequence: z.int(),
  updatedAt: z.string(),
});
type AppointmentView = z.infer<typeof AppointmentView>;
const AppointmentsView = z.strictObject({ upcoming: z.array(AppointmentView), past: z.array(AppointmentView), patient: z.optional(PatientBanner) });

const viewOf = (ctx: AnyContext, a: Appointment): AppointmentView => ({
  appointmentId: a.appointmentId,
  status: a.status,
  start: a.start,
  end: a.end,
  ...(a.location ? { location: a.location } : {}),
  ...(a.videoUrl ? { videoUrl: a.videoUrl } : {}),
  with: withWhom(a, ctx.deps.config.borough.organisations),
  ...(a.practitioner ? { practitioner: a.practitioner } : {}),
  ...(a.what ? { what: a.what } : {}),
  sequence: a.sequence,
  updatedAt: a.updatedAt,
});

const EXAMPLE_NHS = '9990000018';
/** The appointment the calendar file's example names (the tests' fixtures hold it). */
export const EXAMPLE_APPOINTMENT_ID = '0123456789abcdef0123456789abcdef';

/** Appointments that GP and trust systems send, as the patient and her care team see them. */
export const appointmentRoutes: readonly Route[] = [
  defineRoute<z.infer<typeof AppointmentBundleBody>, Record<string, never>, Record<string, string>, Record<string, unknown>>({
    method: 'POST',
    path: '/imports/appointments',
    summary: `A FHIR R4 Bundle of up to ${MAX_BUNDLE_APPOINTMENTS} Appointments from a GP or trust system (a system client with the imports/appointments.write scope), with a Patient entry (NHS number and birthDate) for each patient; created, updated or cancelled by the Appointment's identifier; a result per entry`,
    tags: ['measures'],
    access: { kind: 'client', scope: 'imports/appointments.write' },
    body: AppointmentBundleBody,
    maxBodyBytes: 512 * 1024,
    response: {
      status: 200,
      schema: z.strictObject({ results: z.array(AppointmentImportResult), created: z.int(), updated: z.int(), cancelled: z.int(), unchanged: z.int(), rejected: z.int() }),
    },
    example: {
      body: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { resource: { resourceType: 'Patient', identifier: [{ system: NHS_NUMBER_SYSTEM, value: EXAMPLE_NHS }], birthDate: '1984-03-14' } },
          {
            resource: {
              resourceType: 'Appointment',
              identifier: [{ system: 'https://trust.example.nhs.uk/appointments', value: 'A-1001' }],
              status: 'booked',
              appointmentType: { text: 'Psychotherapy session' },
              start: '2099-12-08T10:30:00Z',
              end: '2099-12-08T11:20:00Z',
              extension: [{ url: VIRTUAL_SERVICE_EXTENSION, valueUrl: 'https://video.example.nhs.uk/room/1001' }],
              participant: [
                { actor: { identifier: { system: NHS_NUMBER_SYSTEM, value: EXAMPLE_NHS } }, status: 'accepted' },
                { type: [{ text: 'Psychotherapist' }], actor: { reference: 'Practitioner/p1', display: 'Miriam Okafor' }, status: 'accepted' },
              ],
            },
          },
        ],
      },
    },
    handle: async (ctx) => {
      const results = await importAppointments(ctx);
      const count = (r: string) => results.filter((x) => x.result === r).length;
      return { results, created: count('created'), updated: count('updated'), cancelled: count('cancelled'), unchanged: count('unchanged'), rejected: count('rejected') };
    },
  }),
  defineRoute<undefined, z.infer<typeof ListQuery>, { patientId: string }, Record<string, unknown>>({
    method: 'GET',
    path: '/patients/{patientId}/appointments',
    summary:
      "The patient's appointments from GP and trust systems: upcoming (soonest first) and past (newest first), each with whom by organisation and role, where or the video link; `format=fhir` gives a Bundle of Appointments",
    tags: ['measures'],
    access: HEALTH_READ,
    query: ListQuery,
    response: { status: 200, schema: AppointmentsView },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough;
      const record = patientRecord(ctx);
      const read = await record.list((patientId) => appointmentsOf(ctx.deps.store, borough.id, patientId));
      const { upcoming, past } = upcomingAndPast(read.data, ctx.deps.clock());
      if (ctx.query.format === 'fhir') {
        const entry = [...upcoming, ...past].map((a) => ({ resource: toFhirAppointment(a, borough.organisations) }));
        return jsonResponse(200, { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry }, {}, 'application/fhir+json');
      }
      return { upcoming: upcoming.map((a) => viewOf(ctx, a)), past: past.map((a) => viewOf(ctx, a)), ...bannerFrom(ctx, { patientId: record.patientId, item: read.item }) };
    },
  }),
  defineRoute<undefined, Record<string, never>, z.infer<typeof AppointmentParams>, string>({
    method: 'GET',
    path: '/patients/{patientId}/appointments/{appointmentId}/calendar.ics',
    summary:
      'One appointment as a calendar file (iCalendar, one event) to add to a phone: the same UID each time, so adding it again updates the entry; SEQUENCE counts changes; STATUS:CANCELLED once cancelled; times in UTC',
    tags: ['measures'],
    access: HEALTH_READ,
    params: AppointmentParams,
    response: { status: 200, schema: z.string(), contentType: CALENDAR },
    example: { params: { appointmentId: EXAMPLE_APPOINTMENT_ID } },
    handle: async (ctx) => {
      const borough = ctx.deps.config.borough;
      const read = await patientRecord(ctx).read((patientId) => [appointmentKey(borough.id, patientId, ctx.params.appointmentId)]);
      const item = read.item(appointmentKey(borough.id, read.patientId, ctx.params.appointmentId));
      if (!item) throw new NotFoundError('No such appointment.');
      const appointment = fromAppointmentItem(item);
      const file = await appointmentCalendar(appointment, { uidDomain: `${borough.id}.recovery-platform`, withWhom: withWhom(appointment, borough.organisations), now: ctx.deps.clock() });
      // Says what it is, not whose: a shared phone's Downloads folder is seen by others.
      return fileResponse(file, CALENDAR, 'appointment.ics');
    },
  }),
];
