import * as z from 'zod/mini';
import type { Organisation } from './borough-config';
import { NHS_NUMBER_SYSTEM } from './fhir-observation';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';
import { orgLabel } from './people';

/** FHIR R4 Appointment.status (http://hl7.org/fhir/R4/valueset-appointmentstatus.html). */
export const APPOINTMENT_STATUSES = ['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Statuses that mean the appointment will not happen: no reminder, STATUS:CANCELLED in a calendar. */
export const isCancelled = (status: AppointmentStatus): boolean => status === 'cancelled' || status === 'entered-in-error' || status === 'noshow';

/**
 * R4 has no Appointment.virtualService (R5 added it): the video link travels in the cross-version
 * extension HL7 publishes for it, with a `valueUrl` (https only).
 */
export const VIRTUAL_SERVICE_EXTENSION = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Appointment.virtualService';

/** What a sending system says of one appointment, read from its FHIR Appointment. */
export const AppointmentContent = z.strictObject({
  status: z.enum(APPOINTMENT_STATUSES),
  start: z.string(),
  end: z.string(),
  /** Where, as the system words it (Location display: a clinic and its address). */
  location: z.optional(z.string()),
  /** A video call's link, instead of or beside a place. */
  videoUrl: z.optional(z.string()),
  /** The role of who the patient sees ("Psychotherapist"). */
  role: z.optional(z.string()),
  /** A named practitioner, when the system gives one. */
  practitioner: z.optional(z.string()),
  /** What it is for (description or appointmentType), as display text. */
  what: z.optional(z.string()),
});
export type AppointmentContent = z.infer<typeof AppointmentContent>;

/** An appointment as stored: the source system's content, whose it is, and how often it changed. */
export interface Appointment extends AppointmentContent {
  appointmentId: string;
  patientId: string;
  /** The sending organisation: the source identifier is theirs. */
  org: string;
  sourceSystem: string;
  sourceId: string;
  /** 0 when created, one more at each change (a calendar's SEQUENCE). */
  sequence: number;
  createdAt: string;
  updatedAt: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const MAX_TEXT = 200;
/** Display text from outside: a short line, no control characters or markup. */
const plainText = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  // eslint-disable-next-line no-control-regex
  return t.length > 0 && t.length <= MAX_TEXT && !/[\u0000-\u001f\u007f<>{}]/.test(t) ? t : undefined;
};
const conceptText = (v: unknown): string | undefined => {
  const c = obj(v);
  return (
    plainText(c?.text) ??
    arr(c?.coding)
      .map((x) => plainText(obj(x)?.display))
      .find(Boolean)
  );
};
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const instant = (v: unknown): string | undefined => (typeof v === 'string' && INSTANT.test(v) && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : undefined);
const MAX_MINUTES = 24 * 60;
const parseUrl = (v: string): URL | undefined => {
  try {
    return new URL(v);
  } catch {
    return undefined;
  }
};

export type ParsedAppointment = { ok: true; sourceSystem: string; sourceId: string; nhsNumber: string; content: AppointmentContent } | { ok: false; sourceId?: string; reason: string };

/**
 * Reads one FHIR R4 Appointment from a GP or trust system: its identifier (system and value: how a
 * re-send is recognised), the patient's NHS number (a participant's actor.identifier), status, start
 * and end (or minutesDuration), where (a Location participant's display) or the video link (the
 * virtualService extension), with whom (a participant's type and, optionally, a Practitioner's
 * display) and what for. Anything it cannot read exactly is refused with why, never guessed.
 */
export const parseAppointment = (resource: unknown): ParsedAppointment => {
  const r = obj(resource);
  if (r?.resourceType !== 'Appointment') return { ok: false, reason: 'is not an Appointment' };
  const identifier = arr(r.identifier)
    .map(obj)
    .find((i) => typeof i?.system === 'string' && typeof i.value === 'string');
  const sourceSystem = identifier?.system as string | undefined;
  const sourceId = identifier?.value as string | undefined;
  if (!sourceSystem || !sourceId || sourceSystem.length > MAX_TEXT || !/^[A-Za-z0-9\-.:_/]{1,64}$/.test(sourceId)) {
    return { ok: false, reason: 'Appointment has no identifier with a system and a value (letters, digits, - . : _ /, at most 64): needed to recognise a re-send' };
  }
  const fail = (reason: string): ParsedAppointment => ({ ok: false, sourceId, reason: `Appointment ${reason}` });
  const status = APPOINTMENT_STATUSES.find((s) => s === r.status);
  if (!status) return fail(`has status "${String(r.status)}"; expected one of ${APPOINTMENT_STATUSES.join(', ')}`);
  const start = instant(r.start);
  if (!start) return fail('has no start with a time zone');
  const minutes = r.minutesDuration;
  const end =
    r.end !== undefined
      ? instant(r.end)
      : typeof minutes === 'number' && Number.isInteger(minutes) && minutes > 0 && minutes <= MAX_MINUTES
        ? new Date(Date.parse(start) + minutes * 60_000).toISOString()
        : undefined;
  if (!end) return fail(`has no end with a time zone, nor a minutesDuration of 1 to ${MAX_MINUTES}`);
  if (end <= start) return fail('ends before it starts');
  const participants = arr(r.participant).map((p) => obj(p) ?? {});
  const actorOf = (p: Json) => obj(p.actor) ?? {};
  const patient = participants.map((p) => obj(actorOf(p).identifier)).find((i) => i?.system === NHS_NUMBER_SYSTEM);
  if (typeof patient?.value !== 'string') return fail('has no participant whose actor.identifier is an NHS number');
  if (!isValidNhsNumber(patient.value)) return fail('has an NHS number that fails the modulus 11 check');
  const refersTo = (p: Json, type: string) => typeof actorOf(p).reference === 'string' && String(actorOf(p).reference).startsWith(`${type}/`);
  const location = participants.filter((p) => refersTo(p, 'Location')).map((p) => plainText(actorOf(p).display))[0];
  const practitionerParticipant = participants.find((p) => refersTo(p, 'Practitioner') || refersTo(p, 'PractitionerRole'));
  const practitioner = practitionerParticipant ? plainText(actorOf(practitionerParticipant).display) : undefined;
  const role = participants
    .filter((p) => !refersTo(p, 'Location') && obj(actorOf(p).identifier)?.system !== NHS_NUMBER_SYSTEM)
    .flatMap((p) => arr(p.type).map(conceptText))
    .find(Boolean);
  const video = arr(r.extension)
    .map(obj)
    .find((e) => e?.url === VIRTUAL_SERVICE_EXTENSION);
  let videoUrl: string | undefined;
  if (video) {
    const url = typeof video.valueUrl === 'string' && video.valueUrl.length <= 500 ? parseUrl(video.valueUrl) : undefined;
    if (url?.protocol !== 'https:') return fail(`has a ${VIRTUAL_SERVICE_EXTENSION} extension without an https valueUrl`);
    videoUrl = url.href;
  }
  if (!location && !videoUrl) return fail(`says neither where (a participant whose actor is a Location, with its display) nor the video link (${VIRTUAL_SERVICE_EXTENSION})`);
  const what = plainText(r.description) ?? conceptText(r.appointmentType);
  return {
    ok: true,
    sourceSystem,
    sourceId,
    nhsNumber: normaliseNhsNumber(patient.value),
    content: {
      status,
      start,
      end,
      ...(location ? { location } : {}),
      ...(videoUrl ? { videoUrl } : {}),
      ...(role ? { role } : {}),
      ...(practitioner ? { practitioner } : {}),
      ...(what ? { what } : {}),
    },
  };
};

const CONTENT_FIELDS = ['status', 'start', 'end', 'location', 'videoUrl', 'role', 'practitioner', 'what'] as const;

/** Whether a re-send says exactly what is stored (then nothing changes). */
export const sameContent = (a: AppointmentContent, b: AppointmentContent): boolean => CONTENT_FIELDS.every((f) => a[f] === b[f]);

/** The content alone, from a stored appointment. */
export const contentOf = (a: AppointmentContent): AppointmentContent => Object.fromEntries(CONTENT_FIELDS.flatMap((f) => (a[f] === undefined ? [] : [[f, a[f]]]))) as AppointmentContent;

/** Whom the appointment is with, as people say it: "ELFT · Psychotherapist" (the organisation's short name). */
export const withWhom = (a: Pick<Appointment, 'org' | 'role'>, organisations: readonly Organisation[]): string => {
  const org = organisations.find((o) => o.id === a.org);
  const name = org ? orgLabel(org) : 'Another organisation';
  return a.role ? `${name} · ${a.role}` : name;
};

/** Upcoming ones first, soonest first; then past ones, newest first. */
export const upcomingAndPast = <T extends Pick<Appointment, 'start' | 'end'>>(all: readonly T[], now: Date): { upcoming: T[]; past: T[] } => {
  const at = now.toISOString();
  const upcoming = all.filter((a) => a.end > at).sort((a, b) => a.start.localeCompare(b.start));
  const past = all.filter((a) => a.end <= at).sort((a, b) => b.start.localeCompare(a.start));
  return { upcoming, past };
};

/**
 * A stored appointment as a FHIR R4 Appointment: the source system's identifier, the patient, whom
 * with (the organisation and role, and any named practitioner), where (a Location by display) and the
 * video link (the virtualService extension, as it came).
 */
export const toFhirAppointment = (a: Appointment, organisations: readonly Organisation[]): Record<string, unknown> => ({
  resourceType: 'Appointment',
  id: a.appointmentId,
  meta: { lastUpdated: a.updatedAt },
  identifier: [{ system: a.sourceSystem, value: a.sourceId }],
  status: a.status,
  ...(a.what ? { description: a.what } : {}),
  start: a.start,
  end: a.end,
  created: a.createdAt,
  ...(a.videoUrl ? { extension: [{ url: VIRTUAL_SERVICE_EXTENSION, valueUrl: a.videoUrl }] } : {}),
  participant: [
    { actor: { reference: `Patient/${a.patientId}` }, status: 'accepted' },
    { ...(a.role ? { type: [{ text: a.role }] } : {}), actor: { display: a.practitioner ?? withWhom({ org: a.org }, organisations) }, status: 'accepted' },
    ...(a.location ? [{ actor: { display: a.location }, status: 'accepted' }] : []),
  ],
});
