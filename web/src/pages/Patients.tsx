import { useState } from 'preact/hooks';
import type { Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary, FieldError, fieldError } from '../components/ErrorSummary';
import { RagTag } from '../components/Rag';
import { Table } from '../components/Table';
import { usePages } from '../load';
import { wordsFor } from '../words';

type Entry = Answer<'/me/caseload'>['items'][number];
type Banner = Entry['patient'];
type PlanGlance = NonNullable<Entry['plan']>;

/** What a patient shares with me, in a word or two each (their scopes). */
const SHARED_WORDS: Record<string, string> = {
  'plan:read': 'plan',
  'plan:contribute': 'adding to the plan',
  'crisis-plan:read': 'crisis plan',
  'log:read': 'log',
  'health:read': 'health checks',
  'health:contribute': 'adding health checks',
  'phb:read': 'budget',
  'phb:request': 'budget requests for them',
  messages: 'messages',
};

/** In the order above (the plan first), any scope this page does not know by its name. */
const sharedWords = (scopes: readonly string[]): string =>
  [...Object.keys(SHARED_WORDS).filter((s) => scopes.includes(s)), ...scopes.filter((s) => !Object.hasOwn(SHARED_WORDS, s))].map((s) => wordsFor(SHARED_WORDS, s)).join(', ');

/** Each patient once: the list reorders as alerts come and go, so a later page may repeat someone. */
const onceEach = (items: readonly Entry[]): Entry[] => [...new Map(items.map((e) => [e.patientId, e])).values()];

/** A page of the list: what the API gives at most. */
const PAGE = 50;

/** As NHS lists show a patient: "BROWN, Sally"; a name not recorded is said so. */
const listName = (p: Banner): string => (p.familyName ? `${p.familyName.toUpperCase()}, ${p.preferredName ?? p.givenName}` : p.name);

const day = (iso: string): string => new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/London' });

/** Why a patient is near the top, in words as well as colour. */
const Attention = ({ entry }: { entry: Entry }) => {
  switch (entry.attention) {
    case 'alert-open':
      return <strong class="nhsuk-tag nhsuk-tag--red">Red alert: not yet acknowledged</strong>;
    case 'alert-escalated':
      return <strong class="nhsuk-tag nhsuk-tag--red">Red alert: passed to the duty team</strong>;
    case 'red':
      return <strong class="nhsuk-tag nhsuk-tag--orange">A goal at red</strong>;
    default:
      return entry.plan ? <span class="app-muted">No alert</span> : <span class="app-muted">Plan not shared with you</span>;
  }
};

/** A plan review due within a week, or overdue. */
const ReviewTag = ({ review }: { review: PlanGlance['review'] }) => {
  if (!review?.status) return null;
  return review.status === 'overdue' ? (
    <strong class="nhsuk-tag nhsuk-tag--orange app-review-tag">Review overdue: {day(review.on)}</strong>
  ) : (
    <strong class="nhsuk-tag nhsuk-tag--yellow app-review-tag">Review due: {day(review.on)}</strong>
  );
};

/** Each open goal with its latest RAG, in the plan's order. */
const Goals = ({ plan }: { plan: PlanGlance | undefined }) => {
  if (!plan) return <span class="app-muted">Not shared</span>;
  if (plan.goals.length === 0) return <span class="app-muted">No open goals</span>;
  return (
    <ul class="nhsuk-list app-caseload-goals">
      {plan.goals.map((g) => (
        <li key={g.goalId}>
          <RagTag status={g.rag?.status} /> <span class="app-caseload-goal">{g.description}</span>
        </li>
      ))}
    </ul>
  );
};

/**
 * The list a clinician works from: everyone who shares with me, those needing attention first (a red
 * alert nobody acknowledged, one passed to the duty team, a goal at red, a review due), then by family
 * name; each with the banner's facts, their open goals' colours and when they last did something (to
 * readers of their plan only; each showing is in the patient's access log). Found by name or NHS number.
 */
export const Patients = () => {
  const { api } = useApp();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [total, setTotal] = useState<number>();
  const list = usePages<Entry>(
    async (page) => {
      const answer = await api.GET('/me/caseload', { params: { query: { ...page, ...(q ? { q } : {}) } } });
      setTotal(answer.total);
      return answer;
    },
    [q],
    PAGE,
  );
  const searchMessage = fieldError(list.error, 'query.q');
  return (
    <>
      <form
        role="search"
        aria-label="Patients"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(typed.trim());
        }}
      >
        <div class={`nhsuk-form-group${searchMessage ? ' nhsuk-form-group--error' : ''}`}>
          <label class="nhsuk-label nhsuk-label--s" for="caseload-search">
            Find a patient
          </label>
          <div class="nhsuk-hint" id="caseload-search-hint">
            Their name, or their NHS number
          </div>
          <FieldError message={searchMessage} id="caseload-search-error" />
          <div class="app-search-row">
            <input
              class="nhsuk-input nhsuk-input--width-20"
              id="caseload-search"
              type="search"
              autocomplete="off"
              maxLength={100}
              value={typed}
              aria-describedby={`caseload-search-hint${searchMessage ? ' caseload-search-error' : ''}`}
              onInput={(e) => setTyped(e.currentTarget.value)}
            />
            <button type="submit" class="nhsuk-button nhsuk-button--secondary app-small-button">
              Search
            </button>
          </div>
        </div>
      </form>
      {list.loading && list.items.length === 0 ? (
        <p role="status">Loading your patients…</p>
      ) : list.error && !searchMessage ? (
        <ErrorSummary error={list.error} />
      ) : (
        <>
          <p role="status" class="nhsuk-body-s">
            {q ? `${total ?? 0} found for “${q}”` : total === 0 ? 'Nobody shares with you at the moment.' : `${total ?? 0} ${total === 1 ? 'person shares' : 'people share'} with you`}
            {q && (
              <>
                {' '}
                <button
                  type="button"
                  class="app-link-button"
                  onClick={() => {
                    setTyped('');
                    setQ('');
                  }}
                >
                  Show everyone
                </button>
              </>
            )}
          </p>
          {list.items.length > 0 && (
            <Table
              className="app-patients"
              responsive
              caption="People who share with you, those needing attention first, then by family name"
              headings={['Person', 'Born', 'NHS number', 'Needs attention', 'Goals', 'Last activity', 'Shared with you']}
              rows={onceEach(list.items)}
              rowKey={(p) => p.patientId}
              cells={(p) => [
                // Their record opens at the plan; a part not shared says so there, in words.
                <a href={`#/patients/${encodeURIComponent(p.patientId)}/plan`}>{listName(p.patient)}</a>,
                p.patient.birthDate ? day(p.patient.birthDate) : 'Not recorded',
                p.patient.nhsNumber ?? 'Not recorded',
                <>
                  <Attention entry={p} />
                  <ReviewTag review={p.plan?.review} />
                </>,
                <Goals plan={p.plan} />,
                p.plan ? (p.plan.lastActivityAt ? day(p.plan.lastActivityAt) : 'None yet') : 'Not shared',
                sharedWords(p.scopes),
              ]}
            />
          )}
          {list.more && (
            <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => void list.loadMore()}>
              Show the next {PAGE}
            </button>
          )}
        </>
      )}
    </>
  );
};
