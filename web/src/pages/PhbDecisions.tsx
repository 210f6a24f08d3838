import { useState } from 'preact/hooks';
import { useAction, type Action } from '../action';
import type { Answer, BodyOf } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { dayWords } from './phb-words';
import { pounds, toPence } from './money';

/** A request as an advisor acts on it (a queue item is one too, with its patient). */
export type AdvisorRequest = Answer<'/phb-requests/{requestId}'>['request'];

type Decision = BodyOf<'/phb-requests/{requestId}/decision', 'post'>;
/** Sends a decision; `said` starts the sentence that says what was done ("Approved:"). */
type Decide = (body: Decision, said: string) => Promise<void>;

interface FormProps {
  request: AdvisorRequest;
  /** Whom it is for, by name: the buttons say what they act on ("Approve A phone for Sally Brown"). */
  patientName: string;
  decide: Decide;
  action: Action;
}

/**
 * "of A phone for Sally Brown", hidden from sight: what a button acts on, for screen readers, where the
 * page shows it around them. `joiner` links it to the button's words ("Record the order of ..."); it
 * may stand mid-sentence ("Close ... without a review": browsers add a space around it, not a colon).
 */
const ForWhat = ({ request, patientName, joiner = '' }: { request: AdvisorRequest; patientName: string; joiner?: string }) => (
  <span class="nhsuk-u-visually-hidden">{`${joiner} ${request.item} for ${patientName}`}</span>
);

/**
 * What an advisor may do with a request in its state: decide one waiting for a decision, decline one
 * waiting for the patient's answer, order one approved (or ask for approval again at a higher cost),
 * record the delivery of one ordered, close one delivered without a review. The queue's cards and
 * the request's page both use it. After a change, `onChanged` reloads what is shown and `onDecided`
 * is told what was done (said where the form may no longer be, as the request leaves its queue).
 */
export const Decisions = ({
  request,
  patientName,
  onChanged,
  onDecided,
}: {
  request: AdvisorRequest;
  patientName: string;
  onChanged: () => Promise<void>;
  onDecided: (said: string | undefined) => void;
}) => {
  const { api } = useApp();
  const action = useAction(onChanged);
  const decide: Decide = async (body, said) => {
    onDecided(undefined);
    const done = await action.run(() => api.POST('/phb-requests/{requestId}/decision', { params: { path: { requestId: request.requestId } }, body }), '');
    const amount = body.decision === 'reprice' ? body.amountPence : request.amountPence;
    if (done) onDecided(`${said} ${request.item} for ${patientName}, ${pounds(amount)}.`);
  };
  const props = { request, patientName, decide, action };
  switch (request.status) {
    case 'submitted':
    case 'info-requested':
      return <DecideForm {...props} />;
    case 'approved':
      return <OrderForm {...props} />;
    case 'ordered':
      return <DeliveryForm {...props} />;
    case 'delivered':
      return <CloseForm {...props} />;
    default:
      return null;
  }
};

/**
 * Waiting for a decision: approve, ask the patient a question, or decline with a reason. Waiting for
 * the patient's answer, only declining is left (the answer sends it back for a decision).
 */
const DecideForm = ({ request, patientName, decide, action }: FormProps) => {
  const { session } = useApp();
  const [text, setText] = useState('');
  const id = `why-${request.requestId}`;
  const waiting = request.status === 'info-requested';
  const firstWasMine = request.firstApproval?.advisorId === session.userId;
  const withText = (decision: 'decline' | 'request-info') => {
    const words = text.trim();
    if (!words) {
      action.refuse(decision === 'decline' ? 'body.reason' : 'body.question', decision === 'decline' ? 'is needed to decline: say why' : 'is needed: say what you need to know');
      return;
    }
    void decide(decision === 'decline' ? { decision, reason: words } : { decision, question: words }, decision === 'decline' ? 'Declined:' : 'Question sent about');
  };
  return (
    <>
      <ErrorSummary error={action.error} fieldIds={{ 'body.reason': id, 'body.question': id }} />
      {waiting && <p>Waiting for {patientName} to answer the question. You can still decline it.</p>}
      {firstWasMine && <p>You gave the first approval: another advisor must give the second.</p>}
      <Field
        id={id}
        label={waiting ? 'Reason for declining' : 'Reason for declining, or your question'}
        hint={waiting ? undefined : 'Not needed to approve. The patient reads it.'}
        error={action.error}
        field={['body.reason', 'body.question']}
      >
        {(p) => <textarea class="nhsuk-textarea" rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} {...p} />}
      </Field>
      <div class="app-button-row">
        {!waiting && !firstWasMine && (
          <button type="button" class="nhsuk-button" onClick={() => void decide({ decision: 'approve' }, 'Approved:')}>
            Approve
            <ForWhat request={request} patientName={patientName} />
          </button>
        )}
        {!waiting && (
          <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => withText('request-info')}>
            Ask for information
            <ForWhat request={request} patientName={patientName} joiner=" about" />
          </button>
        )}
        <button type="button" class="nhsuk-button nhsuk-button--warning" onClick={() => withText('decline')}>
          Decline
          <ForWhat request={request} patientName={patientName} />
        </button>
      </div>
    </>
  );
};

/**
 * Approved: where it was bought, the order's reference and what it really cost (less gives the rest
 * back to the budget). A cost above the approval cannot be ordered: the form offers instead to ask
 * for approval again at that cost, with the reason (the approved money goes back meanwhile).
 */
const OrderForm = ({ request, patientName, decide, action }: FormProps) => {
  const [supplier, setSupplier] = useState('');
  const [reference, setReference] = useState('');
  const [cost, setCost] = useState(String(request.amountPence / 100));
  const [why, setWhy] = useState('');
  const id = `order-${request.requestId}`;
  const ids = { 'body.supplier': `${id}-supplier`, 'body.orderReference': `${id}-reference`, 'body.actualCostPence': `${id}-cost`, 'body.amountPence': `${id}-cost`, 'body.reason': `${id}-why` };
  const costPence = toPence(cost);
  const higher = costPence !== undefined && costPence > request.amountPence ? costPence : undefined;
  const record = () => {
    if (costPence === undefined) {
      action.refuse('body.actualCostPence', 'must be an amount in pounds, like 120 or 12.50');
      return;
    }
    void decide({ decision: 'order', supplier: supplier.trim(), orderReference: reference.trim(), actualCostPence: costPence }, 'Ordered:');
  };
  const reprice = (amountPence: number) => {
    if (!why.trim()) {
      action.refuse('body.reason', `is needed: ${patientName} reads it`);
      return;
    }
    void decide({ decision: 'reprice', amountPence, reason: why.trim() }, 'To be approved again:');
  };
  return (
    <>
      <ErrorSummary error={action.error} fieldIds={ids} names={{ 'body.amountPence': 'What it costs', 'body.reason': 'Why it costs more' }} />
      <Field
        id={ids['body.actualCostPence']}
        label="What it cost, in pounds"
        hint={`Approved: ${pounds(request.amountPence)}. Less gives the rest back to the budget; more needs approving again.`}
        error={action.error}
        field={['body.actualCostPence', 'body.amountPence']}
      >
        {(p) => <input class="nhsuk-input nhsuk-input--width-5" inputMode="decimal" value={cost} onInput={(e) => setCost(e.currentTarget.value)} {...p} />}
      </Field>
      {higher === undefined ? (
        <>
          <Field id={ids['body.supplier']} label="Bought from" hint="The shop or supplier" error={action.error} field="body.supplier">
            {(p) => <input class="nhsuk-input nhsuk-input--width-20" value={supplier} onInput={(e) => setSupplier(e.currentTarget.value)} {...p} />}
          </Field>
          <Field id={ids['body.orderReference']} label="Order reference" error={action.error} field="body.orderReference">
            {(p) => <input class="nhsuk-input nhsuk-input--width-10" value={reference} onInput={(e) => setReference(e.currentTarget.value)} {...p} />}
          </Field>
          <button type="button" class="nhsuk-button" onClick={record}>
            Record the order
            <ForWhat request={request} patientName={patientName} joiner=" of" />
          </button>
        </>
      ) : (
        <div class="nhsuk-inset-text">
          <p>
            {pounds(higher)} is more than the {pounds(request.amountPence)} approved, so it cannot be ordered yet. Ask for approval again at {pounds(higher)}: the {pounds(request.amountPence)} goes
            back to the budget until then.
          </p>
          <Field id={ids['body.reason']} label="Why it costs more" hint={`${patientName} reads this.`} error={action.error} field="body.reason">
            {(p) => <textarea class="nhsuk-textarea" rows={2} value={why} onInput={(e) => setWhy(e.currentTarget.value)} {...p} />}
          </Field>
          <button type="button" class="nhsuk-button" onClick={() => reprice(higher)}>
            Ask for approval
            <ForWhat request={request} patientName={patientName} joiner=" of" /> again at {pounds(higher)}
          </button>
        </div>
      )}
    </>
  );
};

/** Today as the advisor counts it, in London (not UTC's day, which lags an hour in summer). */
const londonToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** Ordered: the day it reached the patient (the review then falls due after the borough's months). */
const DeliveryForm = ({ request, patientName, decide, action }: FormProps) => {
  const [on, setOn] = useState(londonToday);
  const id = `delivered-${request.requestId}`;
  return (
    <>
      <ErrorSummary error={action.error} fieldIds={{ 'body.deliveredOn': id }} />
      {request.order && (
        <p>
          Ordered from {request.order.supplier} ({request.order.orderReference}) by {request.order.by.label}: {pounds(request.order.actualCostPence)}.
        </p>
      )}
      <Field id={id} label="Delivered on" error={action.error} field="body.deliveredOn">
        {(p) => <input class="nhsuk-input nhsuk-input--width-10" type="date" value={on} onInput={(e) => setOn(e.currentTarget.value)} {...p} />}
      </Field>
      <button type="button" class="nhsuk-button" onClick={() => void decide({ decision: 'deliver', deliveredOn: on }, 'Delivered:')}>
        Record the delivery
        <ForWhat request={request} patientName={patientName} joiner=" of" />
      </button>
    </>
  );
};

/** Delivered: the patient's review closes it; an advisor may close it without one (nobody answered). */
const CloseForm = ({ request, patientName, decide, action }: FormProps) => (
  <>
    <ErrorSummary error={action.error} />
    <p>
      {request.reviewDueOn ? `${patientName} is asked whether it helped from ${dayWords(request.reviewDueOn)}. ` : ''}Their review closes the request. If they do not answer, you can close it without
      one.
    </p>
    <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => void decide({ decision: 'close' }, 'Closed without a review:')}>
      Close
      <ForWhat request={request} patientName={patientName} /> without a review
    </button>
  </>
);
