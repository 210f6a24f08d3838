import { useState } from 'preact/hooks';
import { useAction } from '../action';
import type { Answer, BodyOf } from '../api';
import { useApp } from '../app-context';
import { SummaryList } from '../components/SummaryList';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { Saved } from '../components/Saved';
import { useLoad } from '../load';
import { wordsFor } from '../words';
import { PatientBanner } from '../components/PatientBanner';
import { CATEGORY_WORDS } from './Budget';
import { pounds } from './money';

type QueueItem = Answer<'/phb-requests'>['items'][number];

const longDate = (iso: string): string => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** Who asked: the patient themselves, or a member of their care team by name, role and organisation. */
const askedBy = (request: QueueItem): string => (request.submittedBy.asPatient ? `${request.patient.name} (the patient)` : request.submittedBy.label);

/** The advisor's queue, oldest first: each request with the goal it serves and the budget left. */
export const Queue = () => {
  const { api } = useApp();
  const queue = useLoad(() => api.GET('/phb-requests', { params: { query: { status: 'submitted', limit: 20 } } }), []);
  // Said here, not on the card: a decided request leaves the queue, and its card with it.
  const [decided, setDecided] = useState<string>();
  if (queue.loading) return <p role="status">Loading the requests…</p>;
  if (queue.error || !queue.data) return <ErrorSummary error={queue.error} />;
  return (
    <>
      <Saved message={decided} />
      {queue.data.items.length === 0 ? <p>There are no requests waiting for a decision.</p> : <p>Oldest first.</p>}
      {queue.data.items.map((r) => (
        <RequestCard
          key={r.requestId}
          request={r}
          onDecided={async (said) => {
            setDecided(said);
            await queue.reload();
          }}
        />
      ))}
    </>
  );
};

const RequestCard = ({ request, onDecided }: { request: QueueItem; onDecided: (said: string) => Promise<void> }) => {
  const { api } = useApp();
  const budget = useLoad(() => api.GET('/patients/{patientId}/budget', { params: { path: { patientId: request.patientId } } }), [request.patientId]);
  const [text, setText] = useState('');
  // The card says what went wrong; what was decided the page says, as the card leaves the queue.
  const action = useAction();
  const { error } = action;
  const textId = `why-${request.requestId}`;

  const decide = async (body: BodyOf<'/phb-requests/{requestId}/decision', 'post'>, said: string) => {
    if (await action.run(() => api.POST('/phb-requests/{requestId}/decision', { params: { path: { requestId: request.requestId } }, body }), '')) {
      await onDecided(`${said} ${request.item} for ${request.patient.name}, ${pounds(request.amountPence)}.`);
    }
  };
  const needText = (decision: 'decline' | 'request-info') => {
    if (!text.trim()) {
      action.refuse(decision === 'decline' ? 'body.reason' : 'body.question', decision === 'decline' ? 'is needed to decline: say why' : 'is needed: say what you need to know');
      return;
    }
    void decide(decision === 'decline' ? { decision, reason: text.trim() } : { decision, question: text.trim() }, decision === 'decline' ? 'Declined:' : 'Question sent about');
  };

  const headingId = `request-${request.requestId}`;
  return (
    <section class="nhsuk-card" aria-labelledby={headingId}>
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading nhsuk-heading-s" id={headingId}>
          {request.item} for {request.patient.name}: {pounds(request.amountPence)}
        </h2>
        <PatientBanner patient={request.patient} />
        <SummaryList
          rows={[
            ['Kind', wordsFor(CATEGORY_WORDS, request.category)],
            ['Goal it serves', request.goalDescription ?? request.goalId],
            ['How it will help', request.whyItHelps],
            ['What else they thought about', request.alternativesConsidered],
            ['Asked by', askedBy(request)],
            ['Asked on', longDate(request.submittedAt)],
            ...(request.firstApproval ? [['First approval', `${request.firstApproval.label}, ${longDate(request.firstApproval.at)}: a second advisor must approve`] as [string, string]] : []),
            ['Budget left', budget.data ? `${pounds(budget.data.remainingPence)} of ${pounds(budget.data.allocatedPence)} (${budget.data.label})` : budget.error ? 'No budget allocated' : '…'],
          ]}
        />
        <ErrorSummary error={error} fieldIds={{ 'body.reason': textId, 'body.question': textId }} />
        <Field id={textId} label="Reason for declining, or your question (not needed to approve)" error={error} field={['body.reason', 'body.question']}>
          {(props) => <textarea class="nhsuk-textarea" rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} {...props} />}
        </Field>
        <div class="app-button-row">
          <button type="button" class="nhsuk-button" onClick={() => void decide({ decision: 'approve' }, 'Approved:')}>
            Approve
            <span class="nhsuk-u-visually-hidden">
              {' '}
              {request.item} for {request.patient.name}
            </span>
          </button>
          <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => needText('request-info')}>
            Ask for information
          </button>
          <button type="button" class="nhsuk-button nhsuk-button--warning" onClick={() => needText('decline')}>
            Decline
          </button>
        </div>
      </div>
    </section>
  );
};
