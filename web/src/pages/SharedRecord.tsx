import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { OlderButton } from '../components/OlderButton';
import { PatientBanner } from '../components/PatientBanner';
import { PatientNav, type RecordPage } from '../components/PatientNav';
import { useLoad, usePages } from '../load';
import { BudgetSummary, itemsOf, Requests } from './Budget';
import { ChangeAllocation, Statement } from './BudgetStatement';
import { CrisisPlanSummary } from './CrisisPlan';
import { LogEntries } from './Log';
import { Appointments } from './Appointments';
import { FLAG_WORDS, KindSelect, Trend, type MeasurementType } from './Measurements';
import { Conversation } from './Conversation';
import { TeamConversations } from './Messages';
import { Plan } from './Plan';
import { Scores } from './Questionnaire';

/**
 * A patient's record as a care team member sees it: one page per part, each with the patient banner
 * and the record's sub-navigation. What the patient has not shared says so in words; the API decides
 * (GET /patients/{patientId}/shared-with-me) and each part's own route decides again when it is read.
 */

type Part = Answer<'/patients/{patientId}/shared-with-me'>['readable'][number];

/**
 * The part of the record (as the API names it) each page shows; undefined where the page's own route
 * alone decides (messages: the conversations answer 404 to someone she does not share them with).
 */
const PART_OF: Record<RecordPage, Part | undefined> = {
  plan: 'plan',
  'crisis-plan': 'crisis-plan',
  log: 'log',
  measurements: 'health',
  appointments: 'health',
  'quality-of-life': 'health',
  budget: 'phb',
  messages: undefined,
};

const NOT_SHARED_WORDS: Record<RecordPage, string> = {
  plan: 'recovery plan',
  'crisis-plan': 'crisis plan',
  log: 'personal log',
  measurements: 'measurements',
  appointments: 'appointments',
  'quality-of-life': 'quality of life scores (ReQoL-10)',
  budget: 'personal health budget',
  messages: 'messages',
};

type SharedPatient = Answer<'/patients/{patientId}/shared-with-me'>['patient'];

/**
 * One page of the record: the part when it is shared (its view mounts, and reads, only then), else
 * a sentence saying it is not. `framed: false` for a view that draws the banner and navigation itself;
 * `within` for a page inside the part (one conversation). Its content is given the patient (their name).
 */
const RecordSection = ({
  patientId,
  page,
  framed = true,
  within = false,
  children,
}: {
  patientId: string;
  page: RecordPage;
  framed?: boolean;
  within?: boolean;
  children: (patient: SharedPatient) => ComponentChildren;
}) => {
  const { api } = useApp();
  const shared = useLoad(() => api.GET('/patients/{patientId}/shared-with-me', { params: { path: { patientId } } }), [patientId]);
  if (shared.loading) return <p role="status">Loading…</p>;
  if (shared.error?.status === 404)
    return (
      <p>
        Nothing of this person’s record is shared with you, or there is no such record. <a href="#/patients">Go to my patients</a>
      </p>
    );
  if (shared.error || !shared.data) return <ErrorSummary error={shared.error} />;
  const { patient, readable } = shared.data;
  const part = PART_OF[page];
  const open = part === undefined || readable.includes(part);
  const content = children(patient);
  if (open && !framed) return <>{content}</>;
  return (
    <>
      <PatientBanner patient={patient} />
      <PatientNav patientId={patientId} current={page} within={within} />
      {open ? (
        content
      ) : (
        <p>
          {patient.name} has not shared their {NOT_SHARED_WORDS[page]} with you.
        </p>
      )}
    </>
  );
};

const CrisisPlanPart = ({ patientId }: { patientId: string }) => {
  const { api } = useApp();
  const plan = useLoad(() => api.GET('/patients/{patientId}/crisis-plan', { params: { path: { patientId } } }), [patientId]);
  if (plan.loading) return <p role="status">Loading the crisis plan…</p>;
  if (plan.error || !plan.data) return <ErrorSummary error={plan.error} />;
  return plan.data.version === 0 ? <p>No crisis plan written yet.</p> : <CrisisPlanSummary plan={plan.data} />;
};

const LogPart = ({ patientId }: { patientId: string }) => {
  const { api } = useApp();
  const log = usePages((query) => api.GET('/patients/{patientId}/log', { params: { path: { patientId }, query } }), [patientId]);
  return (
    <>
      <ErrorSummary error={log.error} />
      {log.loading && log.items.length === 0 ? <p role="status">Loading the log…</p> : log.items.length === 0 ? <p>Nothing in the log yet.</p> : <LogEntries entries={log.items} />}
      <OlderButton list={log} what="entries" />
    </>
  );
};

const MeasurementsPart = ({ patientId }: { patientId: string }) => {
  const { api } = useApp();
  const [type, setType] = useState<MeasurementType>('wellbeing');
  const summary = useLoad(() => api.GET('/patients/{patientId}/health-summary', { params: { path: { patientId } } }), [patientId]);
  const trend = useLoad(() => api.GET('/patients/{patientId}/measurements', { params: { path: { patientId }, query: { type, limit: 50 } } }), [patientId, type]);
  const flags = summary.data?.flags ?? [];
  return (
    <>
      <h2 class="nhsuk-heading-m">Flags</h2>
      <ErrorSummary error={summary.error} />
      {summary.loading && <p role="status">Loading the flags…</p>}
      {summary.data &&
        (flags.length === 0 ? (
          <p>The latest readings raise no flags.</p>
        ) : (
          <ul class="nhsuk-list">
            {flags.map((f) => (
              <li key={f}>
                <strong class="nhsuk-tag nhsuk-tag--orange">{FLAG_WORDS[f]}</strong>
              </li>
            ))}
          </ul>
        ))}
      <KindSelect type={type} label="What to look at" onChoose={setType} />
      <Trend type={type} trend={trend} flagged />
    </>
  );
};

const QualityOfLifePart = ({ patientId }: { patientId: string }) => {
  const { api } = useApp();
  const responses = usePages((query) => api.GET('/patients/{patientId}/questionnaires', { params: { path: { patientId }, query } }), [patientId]);
  return (
    <>
      <h2 class="nhsuk-heading-m">ReQoL-10 scores</h2>
      <Scores responses={responses} whose="theirs" />
    </>
  );
};

const BudgetPart = ({ patientId }: { patientId: string }) => {
  const { api, session } = useApp();
  const data = useLoad(async () => {
    const path = { path: { patientId } };
    const [budget, requests] = await Promise.all([api.GET('/patients/{patientId}/budget', { params: path }), api.GET('/patients/{patientId}/phb-requests', { params: path })]);
    return { budget, requests: requests.items, patientName: budget.patient?.name ?? 'The patient' };
  }, [patientId]);
  if (data.loading) return <p role="status">Loading the budget…</p>;
  if (data.error || !data.data) return <ErrorSummary error={data.error} />;
  const { budget, requests, patientName } = data.data;
  return (
    <>
      <BudgetSummary budget={budget} whose="theirs" />
      {session.roles.includes('phb-advisor') && <ChangeAllocation patientId={patientId} patientName={patientName} budget={budget} onDone={data.reload} />}
      <h2 class="nhsuk-heading-m">Requests</h2>
      <Requests requests={requests} whose="theirs" />
      <h2 class="nhsuk-heading-m">Money in and out</h2>
      <Statement patientId={patientId} budget={budget} whose="theirs" items={itemsOf(requests)} />
    </>
  );
};

/** A care team member's conversations with the patient: their own and their team's. */
const MessagesPart = ({ patientId, patient }: { patientId: string; patient: SharedPatient }) => <TeamConversations patientId={patientId} patientName={patient.name} />;

const PARTS: Record<Exclude<RecordPage, 'plan'>, (props: { patientId: string; patient: SharedPatient }) => preact.JSX.Element> = {
  'crisis-plan': CrisisPlanPart,
  log: LogPart,
  measurements: MeasurementsPart,
  appointments: ({ patientId }) => <Appointments patientId={patientId} mine={false} />,
  'quality-of-life': QualityOfLifePart,
  budget: BudgetPart,
  messages: MessagesPart,
};

/** The page of a patient's record for staff at `/patients/:id/<page>`. */
export const SharedRecord = ({ patientId, page }: { patientId: string; page: RecordPage }) => {
  if (page === 'plan')
    return (
      <RecordSection patientId={patientId} page="plan" framed={false}>
        {() => <Plan patientId={patientId} mine={false} />}
      </RecordSection>
    );
  const Part = PARTS[page];
  return (
    <RecordSection patientId={patientId} page={page}>
      {(patient: SharedPatient) => <Part patientId={patientId} patient={patient} />}
    </RecordSection>
  );
};

/** One conversation with the patient, for staff, at `/patients/:id/messages/:conversation`: under the banner, back to all of them. */
export const SharedConversation = ({ patientId, conversation }: { patientId: string; conversation: string }) => (
  <RecordSection patientId={patientId} page="messages" within>
    {(patient: SharedPatient) => (
      <>
        <div class="nhsuk-back-link">
          <a class="nhsuk-back-link__link" href={`#/patients/${encodeURIComponent(patientId)}/messages`}>
            All messages with {patient.name}
          </a>
        </div>
        <Conversation patientId={patientId} conversation={conversation} whose="theirs" patientName={patient.name} />
      </>
    )}
  </RecordSection>
);
