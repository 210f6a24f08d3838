import { ME } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { OlderButton } from '../components/OlderButton';
import { Table } from '../components/Table';
import { DownloadButton } from '../components/DownloadButton';
import { usePages } from '../load';
import { wordsFor } from '../words';

const ACTION_WORDS: Record<string, string> = {
  'plan:read': 'looked at your plan',
  'plan:contribute': 'added to your plan',
  'crisis-plan:read': 'looked at your crisis plan',
  'log:read': 'read your log',
  'health:read': 'looked at your health checks',
  'health:contribute': 'added a health check',
  'phb:read': 'looked at your budget',
  'phb:request': 'asked for something from your budget',
  messages: 'read or wrote in your messages',
  'phb:manage': 'looked at your budget request',
  'phb:decide': 'decided on your budget request',
  'phb:finance': 'put your personal health budget purchases in the borough’s finance download (your NHS number, what was bought and what it cost; nothing about your health)',
  'emergency-access': 'opened your crisis plan in an emergency',
  'sharing:read': 'looked at what you share with them',
  'alert:acknowledge': 'saw that you asked for help and said they will contact you',
  'record:export': 'made a copy of your whole record',
};

/** What was done, where the operation says more than the action (the list shows only a glance of the plan). */
const OPERATION_WORDS: Record<string, string> = {
  'GET /me/caseload': 'saw your goals’ colours and any alert in their list of patients',
  'GET /phb-requests': 'saw your budget request in their list of requests',
  'GET /phb-requests/{requestId}': 'opened your budget request, with your budget and your earlier requests',
  'GET /patients/{patientId}/budget/movements': 'looked at your budget’s statement',
  'POST /imports/appointments': 'added or changed an appointment',
  'GET /patients/{patientId}/appointments': 'looked at your appointments',
  'GET /patients/{patientId}/appointments/{appointmentId}/calendar.ics': 'downloaded one of your appointments for a calendar',
};

const whatWasDone = (e: { action: string; operation: string }): string => (Object.hasOwn(OPERATION_WORDS, e.operation) ? wordsFor(OPERATION_WORDS, e.operation) : wordsFor(ACTION_WORDS, e.action));

/** Why someone was let in, where it is not simply a petal you shared. */
const BASIS_WORDS: Record<string, string> = {
  'phb-process': 'because you sent a budget request: the PHB team handles it',
  'subject-access': 'because you asked the borough for a copy of your record (a subject access request)',
};

/** Why, where the action says more than the basis (the PHB process reaches finance too, not only the PHB team). */
const ACTION_BASIS_WORDS: Record<string, string> = {
  'phb:finance': 'because the borough accounts for what budgets buy',
};

const whyAllowed = (e: { action: string; reason: string }): string | undefined =>
  Object.hasOwn(ACTION_BASIS_WORDS, e.action) ? wordsFor(ACTION_BASIS_WORDS, e.action) : Object.hasOwn(BASIS_WORDS, e.reason) ? wordsFor(BASIS_WORDS, e.reason) : undefined;

/** Who has seen my record: every access by someone else, allowed or refused, newest first. */
export const AccessLog = () => {
  const { api } = useApp();
  const log = usePages((query) => api.GET('/patients/{patientId}/access-log', { params: { ...ME, query } }), []);
  if (log.loading && log.items.length === 0) return <p role="status">Loading who has seen your record…</p>;
  if (log.error && log.items.length === 0) return <ErrorSummary error={log.error} />;
  const entries = log.items;
  return (
    <>
      <p>Everyone who has opened or changed your information, and anyone who tried without your permission.</p>
      <ErrorSummary error={log.error} />
      {entries.length === 0 ? (
        <p>Nobody else has looked at your record yet.</p>
      ) : (
        <Table
          caption="Who has seen your record, newest first"
          headings={['When', 'Who', 'What']}
          rows={entries}
          rowKey={(e) => e.seq}
          cells={(e) => [
            new Date(e.at).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
            e.actorLabel,
            <>
              {e.decision === 'deny' ? <strong class="nhsuk-tag nhsuk-tag--red">Refused</strong> : null} {e.decision === 'deny' ? `tried: ${whatWasDone(e)}` : whatWasDone(e)}
              {e.decision === 'allow' && whyAllowed(e) && <span class="app-muted"> {whyAllowed(e)}</span>}
            </>,
          ]}
        />
      )}
      <OlderButton list={log} what="entries" />
      <RecordCopy />
    </>
  );
};

/** The patient's copy of her whole record, in the format health systems exchange (FHIR). */
const RecordCopy = () => {
  const { api } = useApp();
  return (
    <section aria-labelledby="copy-heading">
      <h2 class="nhsuk-heading-m" id="copy-heading">
        A copy of your record
      </h2>
      <p>
        Everything this service holds about you in one file: your plans, crisis plan, log, measurements, questionnaires, appointments, messages, budget requests, who you share with and this list. It
        is in FHIR, the format health records are exchanged in, for you to keep or give to another service. It holds your own words: keep it somewhere private.
      </p>
      <DownloadButton label="Download a copy of my record" download={() => api.download('/patients/{patientId}/export', { params: ME })} />
    </section>
  );
};
