import { londonDate } from '../dates';
import { useState } from 'preact/hooks';
import { useAction } from '../action';
import type { Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { OlderButton } from '../components/OlderButton';
import { Saved } from '../components/Saved';
import { usePages } from '../load';
import { wordsFor, type Whose } from '../words';
import { CATEGORY_WORDS } from './phb-words';
import { pounds, toPence } from './money';

type Movement = Answer<'/patients/{patientId}/budget/movements'>['items'][number];

/** The budget a statement or an allocation is about: its year and what it holds now. */
interface BudgetNow {
  financialYear: number;
  label: string;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
}

interface Line {
  movement: Movement;
  /** An allocation's new amount: the budget now, less the allocations made since. */
  allocatedAfter: number;
}

/**
 * Each movement in plain words: "Budget set to £1,200 by Tom Fielding: More sessions agreed at the
 * review", "£120 set aside for A basic smartphone (approved by Tom Fielding)", "£99.99 spent on A
 * basic smartphone, £20.01 back". `what` names the request the money moved for; `who` the person.
 */
const lineWords = ({ movement: m, allocatedAfter }: Line, what: string, who: string): string => {
  const { change } = m;
  switch (m.kind) {
    case 'allocated':
      return `Budget set to ${pounds(allocatedAfter)} by ${who}${m.reason ? `: ${m.reason}` : ''}`;
    case 'approved':
      return `${pounds(change.committedPence)} set aside for ${what} (approved by ${who})`;
    case 'ordered':
      return `${pounds(change.spentPence)} spent on ${what}${change.remainingPence > 0 ? `, ${pounds(change.remainingPence)} back` : ''} (ordered by ${who})`;
    case 'withdrawn':
      return `${pounds(change.remainingPence)} back: ${what} withdrawn by ${who}`;
    case 'repriced':
      return `${pounds(change.remainingPence)} back: ${what} will cost more and is to be approved again (${who})`;
    case 'opening':
      return `The budget when this statement began: ${pounds(change.allocatedPence)}, of which ${pounds(change.committedPence)} approved and not yet bought and ${pounds(change.spentPence)} spent`;
    default:
      return `${pounds(change.remainingPence)} moved by ${who}`;
  }
};

/**
 * "Money in and out": the budget's statement for its year, newest first, each movement in words with
 * its day, who moved it by name and why, older ones on request. `items` names requests by what was
 * asked for (A basic smartphone), where the page knows them; otherwise by their kind (A phone).
 */
export const Statement = ({ patientId, budget, whose, items }: { patientId: string; budget: BudgetNow; whose: Whose; items: ReadonlyMap<string, string> }) => {
  const { api, session } = useApp();
  // Read again whenever the budget is: a change to it is a new line.
  const list = usePages(
    (query) => api.GET('/patients/{patientId}/budget/movements', { params: { path: { patientId }, query: { financialYear: budget.financialYear, ...query } } }),
    [patientId, budget],
  );
  const lines = list.items.reduce<Line[]>((all, movement) => {
    const newer = all.at(-1);
    return [...all, { movement, allocatedAfter: newer ? newer.allocatedAfter - newer.movement.change.allocatedPence : budget.allocatedPence }];
  }, []);
  const what = (m: Movement): string => (m.requestId && items.get(m.requestId)) ?? (m.category ? wordsFor(CATEGORY_WORDS, m.category) : 'a request');
  const who = (m: Movement): string => (whose === 'mine' && m.by.userId === session.userId ? 'you' : m.by.name);
  return (
    <>
      <ErrorSummary error={list.error} />
      {list.loading && list.items.length === 0 ? (
        <p role="status">Loading the statement…</p>
      ) : lines.length === 0 ? (
        !list.error && <p>No money has moved in or out of {whose === 'mine' ? 'your' : 'this'} budget this year yet.</p>
      ) : (
        <ul class="nhsuk-list app-history app-statement" aria-label={`Money in and out, ${budget.label}, newest first`}>
          {lines.map((line) => (
            <li key={line.movement.movementId} class="app-history__item">
              <span class="nhsuk-body-s app-muted">{londonDate(line.movement.at)}</span>
              <p class="app-history__text">{lineWords(line, what(line.movement), who(line.movement))}</p>
            </li>
          ))}
        </ul>
      )}
      <OlderButton list={list} what="entries" small />
    </>
  );
};

/**
 * An advisor sets the year's allocation, with the reason the patient will read on their statement;
 * never below what is already set aside or spent (the API names the amount if it is).
 */
export const ChangeAllocation = ({ patientId, patientName, budget, onDone }: { patientId: string; patientName: string; budget: BudgetNow; onDone: () => Promise<void> }) => {
  const { api } = useApp();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction(onDone);
  const ids = { 'body.allocatedPence': 'allocation-amount', 'body.reason': 'allocation-reason' };
  const used = budget.committedPence + budget.spentPence;
  const save = async (event: Event) => {
    event.preventDefault();
    const allocatedPence = toPence(amount);
    const missing = [
      ...(allocatedPence === undefined ? [{ field: 'body.allocatedPence', detail: 'must be an amount in pounds, like 1200 or 1,200.50' }] : []),
      ...(reason.trim() ? [] : [{ field: 'body.reason', detail: `is needed: ${patientName} reads it on their statement` }]),
    ];
    if (allocatedPence === undefined || missing.length > 0) {
      action.refuse(missing);
      return;
    }
    // The API refuses it too (a change made meanwhile); said here in pounds.
    if (allocatedPence < used) {
      action.refuse('body.allocatedPence', `must be at least ${pounds(used)}: that much is already set aside or spent`);
      return;
    }
    if (
      await action.run(
        () => api.PUT('/patients/{patientId}/budget', { params: { path: { patientId } }, body: { financialYear: budget.financialYear, allocatedPence, reason: reason.trim() } }),
        (b) => `${patientName}’s budget for ${b.label} is now ${pounds(b.allocatedPence)}.`,
      )
    ) {
      setAmount('');
      setReason('');
    }
  };
  return (
    <details class="nhsuk-details">
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">
          Change the allocation<span class="nhsuk-u-visually-hidden"> of {patientName}’s budget</span>
        </span>
      </summary>
      <form class="nhsuk-details__text" onSubmit={(e) => void save(e)} noValidate>
        <ErrorSummary error={action.error} fieldIds={ids} names={{ 'body.allocatedPence': 'The new allocation', 'body.reason': 'The reason' }} />
        <Saved message={action.saved} />
        <Field
          id={ids['body.allocatedPence']}
          label={`The ${budget.label} allocation, in pounds`}
          hint={`Now ${pounds(budget.allocatedPence)}. At least ${pounds(used)}: already set aside or spent.`}
          error={action.error}
          field="body.allocatedPence"
        >
          {(p) => <input class="nhsuk-input nhsuk-input--width-10" inputMode="decimal" value={amount} onInput={(e) => setAmount(e.currentTarget.value)} {...p} />}
        </Field>
        <Field id={ids['body.reason']} label="Why" hint={`${patientName} reads this on their statement.`} error={action.error} field="body.reason">
          {(p) => <textarea class="nhsuk-textarea" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} {...p} />}
        </Field>
        <button type="submit" class="nhsuk-button">
          Change the allocation<span class="nhsuk-u-visually-hidden"> of {patientName}’s budget</span>
        </button>
      </form>
    </details>
  );
};
