import { londonDateTime } from '../dates';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { PatientBanner } from '../components/PatientBanner';
import { Saved } from '../components/Saved';
import { SummaryList } from '../components/SummaryList';
import { useLoad } from '../load';
import { usePageTitle } from '../page-title';
import { wordsFor } from '../words';
import { BudgetSummary } from './Budget';
import { CATEGORY_WORDS, dayWords, STATUS_WORDS } from './phb-words';
import { ChangeAllocation, Statement } from './BudgetStatement';
import { Decisions, type AdvisorRequest } from './PhbDecisions';
import { pounds } from './money';

type Step = NonNullable<AdvisorRequest['history']>[number];

/** Where a request is, as the advisor reads it (the patient reads "The advisor has a question"). */
const ADVISOR_STATUS_WORDS: typeof STATUS_WORDS = { ...STATUS_WORDS, 'info-requested': 'Waiting for the patient’s answer' };

/** Who asked: the patient themselves, or a member of their care team by name, role and organisation. */
const askedBy = (request: AdvisorRequest, patientName: string): string => (request.submittedBy.asPatient ? `${patientName} (the patient)` : request.submittedBy.label);

/** What the request is and what it is for, as asked; the queue's cards show the same. */
export const requestRows = (request: AdvisorRequest, patientName: string): [string, ComponentChildren][] => [
  ['Kind', wordsFor(CATEGORY_WORDS, request.category)],
  ['Goal it serves', request.goalDescription ?? 'Not recorded'],
  ['How it will help', request.whyItHelps],
  ['What else they thought about', request.alternativesConsidered],
  ['Asked by', askedBy(request, patientName)],
  ['Asked on', dayWords(request.submittedAt)],
  ...(request.firstApproval ? [['First approval', `${request.firstApproval.label}, ${dayWords(request.firstApproval.at)}: a second advisor must approve`] as [string, string]] : []),
];

/** What became of it once approved: the order, the delivery and the patient's review. */
const afterwardsRows = (request: AdvisorRequest): [string, ComponentChildren][] => [
  ...(request.order
    ? [['Ordered', `From ${request.order.supplier} (${request.order.orderReference}) on ${dayWords(request.order.orderedAt)}, for ${pounds(request.order.actualCostPence)}`] as [string, string]]
    : []),
  ...(request.deliveredOn ? [['Delivered', dayWords(request.deliveredOn)] as [string, string]] : []),
  ...(request.reviewDueOn && !request.review ? [['Review due', dayWords(request.reviewDueOn)] as [string, string]] : []),
  ...(request.review
    ? [
        ['Did it help with the goal?', `${{ yes: 'Yes', partly: 'Partly', no: 'No' }[request.review.helped]}${request.review.inTheirWords ? `: “${request.review.inTheirWords}”` : ''}`] as [
          string,
          string,
        ],
      ]
    : []),
];

/** Each step in words, before who took it: "Question from" Tom Fielding, PHB advisor. */
const STEP_WORDS: Record<Step['step'], (step: Step) => string> = {
  submitted: () => 'Asked for by',
  'info-requested': () => 'Question from',
  answered: () => 'Answered by',
  'first-approval': () => 'First approval by',
  approved: () => 'Approved by',
  declined: () => 'Declined by',
  withdrawn: () => 'Withdrawn by',
  repriced: (s) => `New cost of ${pounds(s.amountPence ?? 0)}, to be approved again, from`,
  ordered: () => 'Ordered by',
  delivered: () => 'Delivery recorded by',
  reviewed: () => 'Reviewed by',
  closed: () => 'Closed without a review by',
};

/** What happened, oldest first: each step, who took it by name and role, when, and their words. */
const History = ({ steps }: { steps: readonly Step[] | undefined }) =>
  !steps || steps.length === 0 ? (
    <p>This request was made before its steps were recorded: its status and the decisions above say what happened.</p>
  ) : (
    <ol class="nhsuk-list app-history" aria-label="What happened, oldest first">
      {steps.map((s, i) => (
        <li key={i} class="app-history__item">
          <p class="app-history__text">
            {Object.hasOwn(STEP_WORDS, s.step) ? STEP_WORDS[s.step](s) : s.step} {s.by.label}, {londonDateTime(s.at)}
            {s.note ? ':' : ''}
          </p>
          {s.note && <p class="app-history__text">{s.note}</p>}
        </li>
      ))}
    </ol>
  );

/**
 * An advisor's page of one request (`#/phb-requests/:requestId`): the patient, the request and the
 * goal it serves, what happened so far, the budget with its statement and allocation, what may be
 * done next, and the patient's other requests.
 */
export const PhbRequestPage = ({ requestId }: { requestId: string }) => {
  const { api } = useApp();
  const page = useLoad(() => api.GET('/phb-requests/{requestId}', { params: { path: { requestId } } }), [requestId]);
  const [decided, setDecided] = useState<string>();
  // The statement is read (and audited) only when the advisor opens it.
  const [statementOpen, setStatementOpen] = useState(false);
  usePageTitle(page.data ? `${page.data.request.item} for ${page.data.patient.name}` : undefined);
  if (page.loading) return <p role="status">Loading the request…</p>;
  if (!page.data)
    return (
      <>
        <ErrorSummary error={page.error} />
        {page.error?.status === 403 && <p>This is a request you made yourself: another advisor handles it.</p>}
        <p>
          <a href="#/queue">Go to the requests to decide</a>
        </p>
      </>
    );
  const { request, patient, budget, others } = page.data;
  const name = patient.name;
  const items = new Map([...others.map((o) => [o.requestId, o.item] as const), [request.requestId, request.item]]);
  return (
    <>
      <PatientBanner patient={patient} />
      <ErrorSummary error={page.error} />
      <h2 class="nhsuk-heading-m">The request</h2>
      <SummaryList
        rows={[['What', request.item], ['Cost', pounds(request.amountPence)], ['Status', wordsFor(ADVISOR_STATUS_WORDS, request.status)], ...requestRows(request, name), ...afterwardsRows(request)]}
      />
      <h2 class="nhsuk-heading-m">What happened</h2>
      <History steps={request.history} />
      <h2 class="nhsuk-heading-m">Budget {budget.label}</h2>
      <BudgetSummary budget={budget} whose="theirs" />
      <ChangeAllocation patientId={request.patientId} patientName={name} budget={budget} onDone={page.reload} />
      <details class="nhsuk-details" onToggle={(e) => setStatementOpen(e.currentTarget.open)}>
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">
            Money in and out<span class="nhsuk-u-visually-hidden"> of {name}’s budget</span>
          </span>
        </summary>
        <div class="nhsuk-details__text">{statementOpen && <Statement patientId={request.patientId} budget={budget} whose="theirs" items={items} />}</div>
      </details>
      <h2 class="nhsuk-heading-m">What to do next</h2>
      <Saved message={decided} />
      {['declined', 'withdrawn', 'closed'].includes(request.status) ? (
        <p>Nothing: it is {wordsFor(ADVISOR_STATUS_WORDS, request.status).toLowerCase()}.</p>
      ) : (
        <Decisions request={request} patientName={name} onChanged={page.reload} onDecided={setDecided} />
      )}
      <h2 class="nhsuk-heading-m">{name}’s other requests</h2>
      {others.length === 0 ? (
        <p>None: this is the first.</p>
      ) : (
        <ul class="nhsuk-list app-history">
          {others.map((o) => (
            <li key={o.requestId} class="app-history__item">
              <a href={`#/phb-requests/${encodeURIComponent(o.requestId)}`}>{o.item}</a> ({wordsFor(CATEGORY_WORDS, o.category)}), {pounds(o.amountPence)}: {wordsFor(ADVISOR_STATUS_WORDS, o.status)}.{' '}
              <span class="app-muted">Asked on {dayWords(o.submittedAt)}.</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};
