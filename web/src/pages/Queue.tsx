import { useState } from 'preact/hooks';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { PatientBanner } from '../components/PatientBanner';
import { Saved } from '../components/Saved';
import { SummaryList } from '../components/SummaryList';
import { useLoad, usePages } from '../load';
import { requestRows } from './PhbRequestPage';
import { Decisions } from './PhbDecisions';
import { pounds } from './money';
import { QUEUES, type QueueItem, type QueueTab } from './queues';

/** The advisor's queues: the requests of one, oldest first, each with its patient by name and a link to its page, where the advisor acts. */
export const Queue = ({ tab }: { tab: QueueTab }) => {
  const { api } = useApp();
  const queue = QUEUES.find((q) => q.tab === tab) ?? QUEUES[0];
  const list = usePages((page) => api.GET('/phb-requests', { params: { query: { ...queue.query, ...page } } }), [queue.tab]);
  // Said here, not on the card: a decided request leaves the queue, and its card with it.
  const [decided, setDecided] = useState<string>();
  return (
    <>
      <nav aria-label="Queues">
        <ul class="app-queue-tabs">
          {QUEUES.map((q) => (
            <li key={q.tab}>
              <a
                href={`#/queue/${q.tab}`}
                class={`nhsuk-button nhsuk-button--secondary app-small-button${q.tab === queue.tab ? ' app-queue-tabs__current' : ''}`}
                aria-current={q.tab === queue.tab ? 'page' : undefined}
              >
                {q.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h2 class="nhsuk-heading-m">{queue.label}</h2>
      <Saved message={decided} />
      <ErrorSummary error={list.error} />
      {list.loading && list.items.length === 0 ? (
        <p role="status">Loading the requests…</p>
      ) : list.items.length === 0 ? (
        !list.error && <p>{queue.empty}</p>
      ) : (
        <>
          <p>{queue.tab === 'reviews-due' ? 'By the day the review fell due, longest overdue first.' : 'Oldest first.'}</p>
          {list.items.map((r) => (
            <RequestCard key={r.requestId} request={r} onChanged={list.reload} onDecided={setDecided} />
          ))}
        </>
      )}
      {list.more && (
        <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => void list.loadMore()}>
          Show more requests<span class="nhsuk-u-visually-hidden"> in {queue.label}</span>
        </button>
      )}
    </>
  );
};

/** A request in its queue: the patient by name, what it is for, the budget left, a link to its page, and what may be done next. */
const RequestCard = ({ request, onChanged, onDecided }: { request: QueueItem; onChanged: () => Promise<void>; onDecided: (said: string | undefined) => void }) => {
  const { api } = useApp();
  const budget = useLoad(() => api.GET('/patients/{patientId}/budget', { params: { path: { patientId: request.patientId } } }), [request.patientId]);
  const name = request.patient.name;
  const headingId = `request-${request.requestId}`;
  return (
    <section class="nhsuk-card" aria-labelledby={headingId}>
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading nhsuk-heading-s" id={headingId}>
          {request.item} for {name}: {pounds(request.amountPence)}
        </h3>
        <PatientBanner patient={request.patient} />
        <SummaryList
          rows={[
            ...requestRows(request, name),
            ['Budget left', budget.data ? `${pounds(budget.data.remainingPence)} of ${pounds(budget.data.allocatedPence)} (${budget.data.label})` : budget.error ? 'No budget allocated' : '…'],
          ]}
        />
        <p>
          <a href={`#/phb-requests/${encodeURIComponent(request.requestId)}`}>
            Open {request.item} for {name}
          </a>
          <span class="app-muted">: its history, the budget and {name}’s other requests</span>
        </p>
        <Decisions request={request} patientName={name} onChanged={onChanged} onDecided={onDecided} />
      </div>
    </section>
  );
};
