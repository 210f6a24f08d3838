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
import { pounds, toPence } from './money';

type QueueItem = Answer<'/phb-requests'>['items'][number];

const longDate = (iso: string): string => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** Who asked: the patient themselves, or a member of their care team by name, role and organisation. */
const askedBy = (request: QueueItem): string => (request.submittedBy.asPatient ? `${request.patient.name} (the patient)` : request.submittedBy.label);

/** The queues an advisor works through, each oldest first. */
const QUEUES = [
  ['submitted', 'Waiting for a decision', 'There are no requests waiting for a decision.'],
  ['approved', 'Approved: to order', 'Nothing approved is waiting to be ordered.'],
  ['ordered', 'Ordered: to deliver', 'Nothing ordered is waiting to be delivered.'],
] as const;
type QueueState = (typeof QUEUES)[number][0];

/** The advisor's queues, oldest first: each request with the goal it serves and the budget left, and what to do next. */
export const Queue = () => {
  const { api } = useApp();
  const [status, setStatus] = useState<QueueState>('submitted');
  const queue = useLoad(() => api.GET('/phb-requests', { params: { query: { status, limit: 20 } } }), [status]);
  // Said here, not on the card: a decided request leaves the queue, and its card with it.
  const [decided, setDecided] = useState<string>();
  const [, , empty] = QUEUES.find(([s]) => s === status) ?? QUEUES[0];
  return (
    <>
      <Saved message={decided} />
      <ul class="app-queue-tabs" aria-label="Queues">
        {QUEUES.map(([s, label]) => (
          <li key={s}>
            <button
              type="button"
              class={`nhsuk-button nhsuk-button--secondary app-small-button${s === status ? ' app-queue-tabs__current' : ''}`}
              aria-pressed={s === status}
              onClick={() => setStatus(s)}
            >
              {label}
            </button>
          </li>
        ))}
      </ul>
      {queue.loading ? (
        <p role="status">Loading the requests…</p>
      ) : queue.error || !queue.data ? (
        <ErrorSummary error={queue.error} />
      ) : (
        <>
          {queue.data.items.length === 0 ? <p>{empty}</p> : <p>Oldest first.</p>}
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
      )}
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
        {request.status === 'submitted' && (
          <>
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
          </>
        )}
        {request.status === 'approved' && <OrderForm request={request} decide={decide} action={action} />}
        {request.status === 'ordered' && <DeliveryForm request={request} decide={decide} action={action} />}
      </div>
    </section>
  );
};

type Decide = (body: BodyOf<'/phb-requests/{requestId}/decision', 'post'>, said: string) => Promise<void>;
type Action = ReturnType<typeof useAction>;

/** Approved: where it was bought, the order's reference and what it really cost (less gives the rest back to the budget). */
const OrderForm = ({ request, decide, action }: { request: QueueItem; decide: Decide; action: Action }) => {
  const [supplier, setSupplier] = useState('');
  const [reference, setReference] = useState('');
  const [cost, setCost] = useState(String(request.amountPence / 100));
  const id = `order-${request.requestId}`;
  const ids = { 'body.supplier': `${id}-supplier`, 'body.orderReference': `${id}-reference`, 'body.actualCostPence': `${id}-cost` };
  const record = () => {
    const actualCostPence = toPence(cost);
    if (actualCostPence === undefined) {
      action.refuse('body.actualCostPence', 'must be an amount in pounds, like 120 or 12.50');
      return;
    }
    void decide({ decision: 'order', supplier: supplier.trim(), orderReference: reference.trim(), actualCostPence }, 'Ordered:');
  };
  return (
    <>
      <ErrorSummary error={action.error} fieldIds={ids} />
      <Field id={ids['body.supplier']} label="Bought from" hint="The shop or supplier" error={action.error} field="body.supplier">
        {(props) => <input class="nhsuk-input nhsuk-input--width-20" value={supplier} onInput={(e) => setSupplier(e.currentTarget.value)} {...props} />}
      </Field>
      <Field id={ids['body.orderReference']} label="Order reference" error={action.error} field="body.orderReference">
        {(props) => <input class="nhsuk-input nhsuk-input--width-10" value={reference} onInput={(e) => setReference(e.currentTarget.value)} {...props} />}
      </Field>
      <Field
        id={ids['body.actualCostPence']}
        label="What it cost, in pounds"
        hint={`Approved: ${pounds(request.amountPence)}. Less gives the rest back to the budget.`}
        error={action.error}
        field="body.actualCostPence"
      >
        {(props) => <input class="nhsuk-input nhsuk-input--width-5" inputMode="decimal" value={cost} onInput={(e) => setCost(e.currentTarget.value)} {...props} />}
      </Field>
      <button type="button" class="nhsuk-button" onClick={record}>
        Record the order
      </button>
    </>
  );
};

/** Ordered: the day it reached the patient (the review then falls due after the borough's months). */
const DeliveryForm = ({ request, decide, action }: { request: QueueItem; decide: Decide; action: Action }) => {
  // Today as the advisor counts it, in London (not UTC's day, which lags an hour in summer).
  const [on, setOn] = useState(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date()));
  const id = `delivered-${request.requestId}`;
  return (
    <>
      <ErrorSummary error={action.error} fieldIds={{ 'body.deliveredOn': id }} />
      {request.order && (
        <p class="nhsuk-body-s">
          Ordered from {request.order.supplier} ({request.order.orderReference}) by {request.order.by.label}: {pounds(request.order.actualCostPence)}.
        </p>
      )}
      <Field id={id} label="Delivered on" error={action.error} field="body.deliveredOn">
        {(props) => <input class="nhsuk-input nhsuk-input--width-10" type="date" value={on} onInput={(e) => setOn(e.currentTarget.value)} {...props} />}
      </Field>
      <button type="button" class="nhsuk-button" onClick={() => void decide({ decision: 'deliver', deliveredOn: on }, 'Delivered:')}>
        Record the delivery
      </button>
    </>
  );
};
