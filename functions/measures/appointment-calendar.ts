import { isCancelled, type Appointment } from '../../shared/domain/appointments';

export const CALENDAR = 'text/calendar';

/**
 * One appointment as an iCalendar file (RFC 5545) with one VEVENT: its UID is the appointment's own,
 * so that adding it again updates the entry a phone has; SEQUENCE is the appointment's count of
 * changes; a cancelled one says STATUS:CANCELLED. Times in UTC. ical-generator loads on the first
 * file, not at each cold start.
 * @example await appointmentCalendar(a, { uidDomain: 'city-and-hackney.recovery', withWhom: 'ELFT · Psychotherapist', now })
 */
export const appointmentCalendar = async (a: Appointment, options: { uidDomain: string; withWhom: string; now: Date }): Promise<string> => {
  const { default: ical, ICalEventStatus } = await import('ical-generator');
  const calendar = ical({ prodId: { company: 'NHS North East London', product: 'Recovery platform', language: 'EN' }, name: 'Appointment' });
  const description = [a.what, a.practitioner ? `With ${a.practitioner}` : undefined, a.videoUrl ? `Video call: ${a.videoUrl}` : undefined].filter(Boolean).join('\n');
  calendar.createEvent({
    id: `${a.appointmentId}@${options.uidDomain}`,
    sequence: a.sequence,
    stamp: options.now,
    start: new Date(a.start),
    end: new Date(a.end),
    timezone: 'UTC',
    summary: `Appointment: ${options.withWhom}`,
    location: a.location ?? (a.videoUrl ? 'Video call' : null),
    url: a.videoUrl ?? null,
    ...(description ? { description } : {}),
    status: isCancelled(a.status) ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    lastModified: new Date(a.updatedAt),
  });
  return calendar.toString();
};
