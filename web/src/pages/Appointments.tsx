import { ME, type Answer } from '../api';
import { useApp } from '../app-context';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorSummary } from '../components/ErrorSummary';
import { SummaryList } from '../components/SummaryList';
import { londonTimeSpan } from '../dates';
import { useLoad } from '../load';

type Appointment = Answer<'/patients/{patientId}/appointments'>['upcoming'][number];

/** What a status means to the patient, where it is not simply booked. */
const STATUS_WORDS: Partial<Record<Appointment['status'], string>> = {
  cancelled: 'Cancelled',
  'entered-in-error': 'Cancelled (sent in error)',
  noshow: 'Missed',
  fulfilled: 'Attended',
  proposed: 'Not confirmed yet',
  pending: 'Not confirmed yet',
  waitlist: 'On the waiting list',
};
const isOff = (a: Appointment) => a.status === 'cancelled' || a.status === 'entered-in-error';

/** One appointment as an NHS card: when in words, where or the video link, whom with, and its calendar file. */
const AppointmentCard = ({ a, patientId }: { a: Appointment; patientId: string }) => {
  const { api } = useApp();
  const status = STATUS_WORDS[a.status];
  const when = londonTimeSpan(a.start, a.end);
  return (
    <li class="nhsuk-card">
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading nhsuk-heading-s">{isOff(a) ? <s>{when}</s> : when}</h3>
        {status && <strong class={`nhsuk-tag ${isOff(a) ? 'nhsuk-tag--red' : 'nhsuk-tag--grey'}`}>{status}</strong>}
        <SummaryList
          rows={[
            ['With', a.practitioner ? `${a.practitioner}, ${a.with}` : a.with],
            [
              'Where',
              a.videoUrl ? (
                <>
                  Video call: <a href={a.videoUrl}>join the video call</a>
                  {a.location ? ` (or ${a.location})` : ''}
                </>
              ) : (
                (a.location ?? 'Not given')
              ),
            ],
            ...(a.what ? [['What for', a.what] as [string, string]] : []),
          ]}
        />
        <DownloadButton
          label={isOff(a) ? 'Update my calendar' : 'Add to my calendar'}
          download={() => api.download('/patients/{patientId}/appointments/{appointmentId}/calendar.ics', { params: { path: { patientId, appointmentId: a.appointmentId } } })}
        />
      </div>
    </li>
  );
};

const List = ({ items, patientId, label }: { items: Appointment[]; patientId: string; label: string }) => (
  <ul class="nhsuk-list app-appointments" aria-label={label}>
    {items.map((a) => (
      <AppointmentCard key={a.appointmentId} a={a} patientId={patientId} />
    ))}
  </ul>
);

/**
 * Appointments GP and trust systems sent: upcoming ones, soonest first, then past ones, newest first.
 * `mine`: the patient's own page (she is "you"); otherwise a care team member's view of a patient.
 */
export const Appointments = ({ patientId = 'me', mine = true }: { patientId?: string; mine?: boolean }) => {
  const { api } = useApp();
  const list = useLoad(() => api.GET('/patients/{patientId}/appointments', { params: patientId === 'me' ? ME : { path: { patientId } } }), [patientId]);
  if (list.loading) return <p role="status">Loading appointments…</p>;
  if (list.error || !list.data) return <ErrorSummary error={list.error} />;
  const { upcoming, past } = list.data;
  return (
    <>
      {mine && <p>Appointments your GP practice and mental health services have booked for you. Add one to your phone’s calendar to be reminded; if it changes, add it again to update it.</p>}
      <h2 class="nhsuk-heading-m">Upcoming</h2>
      {upcoming.length === 0 ? <p>{mine ? 'You have no appointments coming up.' : 'No appointments coming up.'}</p> : <List items={upcoming} patientId={patientId} label="Upcoming appointments" />}
      <h2 class="nhsuk-heading-m">Past</h2>
      {past.length === 0 ? <p>No past appointments.</p> : <List items={past} patientId={patientId} label="Past appointments" />}
    </>
  );
};
