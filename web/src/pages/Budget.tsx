import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME, type Answer, type BodyOf } from '../api';
import { useApp } from '../app-context';
import { SummaryList } from '../components/SummaryList';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field, type FieldInputProps } from '../components/Field';
import { Saved } from '../components/Saved';
import { useLoad } from '../load';
import { wordsFor, type Whose } from '../words';
import { pounds, toPence } from './money';
import type { PlanView } from './Plan';
import { CATEGORY_WORDS, dayWords, STATUS_WORDS, type PhbRequest } from './phb-words';
import { Statement } from './BudgetStatement';

// Where other pages found them first.
export { CATEGORY_WORDS, STATUS_WORDS, type PhbRequest } from './phb-words';
type Category = PhbRequest['category'];

/** Who decided a request, by name: "Approved by Tom Fielding, Personal health budget advisor, Advocacy Project". */
const decidedWords = (r: PhbRequest): string => {
  const who = (r.deciders ?? []).map((d) => d.label).join(' and ');
  return `${r.status === 'declined' ? 'Declined' : 'Approved'} by ${who}`;
};

/** A year's budget as a page shows it: from the budget's own route, or with a request (its page). */
type BudgetView = Answer<'/patients/{patientId}/budget'> | Answer<'/phb-requests/{requestId}'>['budget'];

/** The year's budget: allocated, committed, spent and left. */
export const BudgetSummary = ({ budget, whose }: { budget: BudgetView; whose: Whose }) => (
  <SummaryList
    rows={[
      ['Year', budget.label],
      [whose === 'mine' ? 'Your budget' : 'Budget', pounds(budget.allocatedPence)],
      ['Approved, not yet bought', pounds(budget.committedPence)],
      ['Spent', pounds(budget.spentPence)],
      ['Left to spend', pounds(budget.remainingPence)],
    ]}
  />
);

const HELPED_WORDS: Record<NonNullable<PhbRequest['review']>['helped'], string> = { yes: 'Yes', partly: 'Partly', no: 'No' };

/** What became of it once approved: the order (and any money back), the delivery, the review. */
const Afterwards = ({ r, whose }: { r: PhbRequest; whose: Whose }) => (
  <>
    {r.order && (
      <p class="nhsuk-body-s">
        Ordered from {r.order.supplier} on {dayWords(r.order.orderedAt)}: it cost {pounds(r.order.actualCostPence)}
        {r.order.actualCostPence < r.amountPence ? `, so ${pounds(r.amountPence - r.order.actualCostPence)} went back to ${whose === 'mine' ? 'your' : 'the'} budget` : ''}.
      </p>
    )}
    {r.deliveredOn && (
      <p class="nhsuk-body-s">
        Delivered on {dayWords(r.deliveredOn)}.
        {r.reviewDueOn && !r.review ? ` ${whose === 'mine' ? 'We will ask you' : 'The patient is asked'} whether it helped from ${dayWords(r.reviewDueOn)}.` : ''}
      </p>
    )}
    {r.review && (
      <p class="nhsuk-body-s">
        Did it help with the goal? {HELPED_WORDS[r.review.helped]}.{r.review.inTheirWords ? ` “${r.review.inTheirWords}”` : ''}
      </p>
    )}
  </>
);

/** PHB requests with their status, who decided and why; the patient reviews one once it is delivered. */
export const Requests = ({ requests, whose, onReviewed }: { requests: PhbRequest[]; whose: Whose; onReviewed?: () => Promise<void> }) =>
  requests.length === 0 ? (
    <p>{whose === 'mine' ? 'You have not asked for anything yet.' : 'Nothing asked for yet.'}</p>
  ) : (
    <ul class="nhsuk-list">
      {requests.map((r) => (
        <li key={r.requestId} class="app-request">
          <strong>{r.item}</strong>, {pounds(r.amountPence)}: <span class="app-request__status">{wordsFor(STATUS_WORDS, r.status)}</span>
          {r.deciders && r.deciders.length > 0 && <p class="nhsuk-body-s app-request__by">{decidedWords(r)}</p>}
          {r.firstApproval && !r.deciders && <p class="nhsuk-body-s app-request__by">First approved by {r.firstApproval.label}; a second advisor must approve it too.</p>}
          {r.question && <p class="nhsuk-body-s">Question: {r.question}</p>}
          {r.declineReason && <p class="nhsuk-body-s">Why: {r.declineReason}</p>}
          <Afterwards r={r} whose={whose} />
          {whose === 'mine' && r.status === 'delivered' && onReviewed && <ReviewForm request={r} onDone={onReviewed} />}
        </li>
      ))}
    </ul>
  );

/** What each request asked for, by its id: the statement names them so. */
export const itemsOf = (requests: readonly PhbRequest[]): ReadonlyMap<string, string> => new Map(requests.map((r) => [r.requestId, r.item]));

export const Budget = () => {
  const { api } = useApp();
  const data = useLoad(async () => {
    const [budget, requests, plan] = await Promise.all([
      api.GET('/patients/{patientId}/budget', { params: ME }),
      api.GET('/patients/{patientId}/phb-requests', { params: ME }),
      api.GET('/patients/{patientId}/plan', { params: ME }),
    ]);
    return { budget, requests: requests.items, goals: plan.goals.filter((g) => g.status === 'active') };
  }, []);
  if (data.loading) return <p role="status">Loading your budget…</p>;
  if (data.error || !data.data) return <ErrorSummary error={data.error} />;
  const { budget, requests, goals } = data.data;
  return (
    <>
      <BudgetSummary budget={budget} whose="mine" />
      <h2 class="nhsuk-heading-m">My requests</h2>
      <Requests requests={requests} whose="mine" onReviewed={data.reload} />
      <h2 class="nhsuk-heading-m">Money in and out</h2>
      <Statement patientId="me" budget={budget} whose="mine" items={itemsOf(requests)} />
      <AskForSomething goals={goals} onDone={data.reload} />
    </>
  );
};

/** Once it is delivered: did it help with the goal? In the patient's own words, if they wish; it closes the request. */
const ReviewForm = ({ request, onDone }: { request: PhbRequest; onDone: () => Promise<void> }) => {
  const { api } = useApp();
  const [helped, setHelped] = useState<NonNullable<PhbRequest['review']>['helped']>();
  const [words, setWords] = useState('');
  const action = useAction(onDone);
  const id = `review-${request.requestId}`;
  const send = async (event: Event) => {
    event.preventDefault();
    if (!helped) {
      action.refuse('body.helped', 'is needed: say whether it helped');
      return;
    }
    await action.run(
      () =>
        api.PATCH('/patients/{patientId}/phb-requests/{requestId}', {
          params: { path: { patientId: 'me', requestId: request.requestId } },
          body: { action: 'review', helped, ...(words.trim() ? { inTheirWords: words.trim() } : {}) },
        }),
      'Thank you: your review is saved.',
    );
  };
  return (
    <form onSubmit={(e) => void send(e)} noValidate class="app-review-form">
      <ErrorSummary error={action.error} fieldIds={{ 'body.helped': `${id}-yes`, 'body.inTheirWords': `${id}-words` }} />
      <fieldset class="nhsuk-fieldset">
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Did the {request.item} help with your goal?</legend>
        <div class="nhsuk-radios nhsuk-radios--inline">
          {(['yes', 'partly', 'no'] as const).map((value) => (
            <div class="nhsuk-radios__item" key={value}>
              <input class="nhsuk-radios__input" id={`${id}-${value}`} type="radio" name={id} checked={helped === value} onChange={() => setHelped(value)} />
              <label class="nhsuk-label nhsuk-radios__label" for={`${id}-${value}`}>
                {HELPED_WORDS[value]}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      <Field id={`${id}-words`} label="In your own words (optional)" error={action.error} field="body.inTheirWords">
        {(props) => <textarea class="nhsuk-textarea" rows={2} value={words} onInput={(e) => setWords(e.currentTarget.value)} {...props} />}
      </Field>
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Send my review
      </button>
    </form>
  );
};

const FIELDS = { category: 'phb-category', item: 'phb-item', amountPence: 'phb-amount', goalId: 'phb-goal', whyItHelps: 'phb-why', alternativesConsidered: 'phb-alternatives' } as const;

const AskForSomething = ({ goals, onDone }: { goals: PlanView['goals']; onDone: () => Promise<void> }) => {
  const { api } = useApp();
  const [form, setForm] = useState({ category: 'phone' as Category, item: '', amount: '', goalId: goals[0]?.goalId ?? '', whyItHelps: '', alternativesConsidered: '' });
  const action = useAction(onDone);
  const { error } = action;
  // One key per request being asked for: a retry after a lost answer is not a second request.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const set = (name: keyof typeof form) => (e: Event) => setForm({ ...form, [name]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (event: Event) => {
    event.preventDefault();
    const amountPence = toPence(form.amount);
    if (amountPence === undefined) {
      action.refuse('body.amountPence', 'must be an amount in pounds, like 120 or 12.50');
      return;
    }
    const body: BodyOf<'/patients/{patientId}/phb-requests', 'post'> = {
      category: form.category,
      item: form.item.trim(),
      amountPence,
      goalId: form.goalId,
      whyItHelps: form.whyItHelps.trim(),
      alternativesConsidered: form.alternativesConsidered.trim(),
    };
    if (await action.run(() => api.POST('/patients/{patientId}/phb-requests', { params: ME, idempotencyKey: key, body }), 'Sent. A PHB advisor will look at it and you will get a notification.')) {
      setKey(crypto.randomUUID());
      setForm({ ...form, item: '', amount: '', whyItHelps: '', alternativesConsidered: '' });
    }
  };

  const group = (field: keyof typeof FIELDS, label: string, input: (props: FieldInputProps) => preact.JSX.Element, hint?: string) => (
    <Field id={FIELDS[field]} label={label} hint={hint} error={error} field={`body.${field}`}>
      {input}
    </Field>
  );

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <h2 class="nhsuk-heading-m">Ask for something</h2>
      <ErrorSummary error={error} fieldIds={Object.fromEntries(Object.entries(FIELDS).map(([k, v]) => [`body.${k}`, v]))} />
      <Saved message={action.saved} />
      {group('category', 'What kind of thing', (props) => (
        <select class="nhsuk-select" {...props} value={form.category} onChange={set('category')}>
          {Object.entries(CATEGORY_WORDS).map(([value, words]) => (
            <option value={value} key={value}>
              {words}
            </option>
          ))}
        </select>
      ))}
      {group(
        'item',
        'What exactly',
        (props) => (
          <input class="nhsuk-input" {...props} value={form.item} onInput={set('item')} />
        ),
        'For example, a basic smartphone',
      )}
      {group('amountPence', 'How much it costs, in pounds', (props) => (
        <input class="nhsuk-input nhsuk-input--width-5" {...props} inputMode="decimal" value={form.amount} onInput={set('amount')} />
      ))}
      {group('goalId', 'Which goal it helps with', (props) => (
        <select class="nhsuk-select" {...props} value={form.goalId} onChange={set('goalId')}>
          {goals.map((g) => (
            <option value={g.goalId} key={g.goalId}>
              {g.description}
            </option>
          ))}
        </select>
      ))}
      {group('whyItHelps', 'How it will help', (props) => (
        <textarea class="nhsuk-textarea" {...props} rows={3} value={form.whyItHelps} onInput={set('whyItHelps')} />
      ))}
      {group('alternativesConsidered', 'What else you thought about', (props) => (
        <textarea class="nhsuk-textarea" {...props} rows={2} value={form.alternativesConsidered} onInput={set('alternativesConsidered')} />
      ))}
      <button class="nhsuk-button" type="submit">
        Send request
      </button>
    </form>
  );
};
