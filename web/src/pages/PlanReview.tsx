import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { DateInput, isoDateOf, NO_DATE } from '../components/Field';
import { Saved } from '../components/Saved';
import type { PlanView } from './Plan';

const longDate = (iso: string): string => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * The plan's next review: the date agreed with the patient and who recorded it; the patient, or a
 * contributor, records it (with the plan's version: a change made meanwhile is explained, not undone).
 */
export const PlanReview = ({ patientId, plan, mine, canChange, onChanged }: { patientId: string; plan: PlanView; mine: boolean; canChange: boolean; onChanged: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onChanged);
  const [date, setDate] = useState(NO_DATE);
  // The date boxes exist only while changing it: the page's other date (a goal's target) keeps its labels to itself.
  const [changing, setChanging] = useState(false);
  const review = plan.review;
  const save = (on: string | null, said: string) => api.PUT('/patients/{patientId}/plan/review', { params: { path: { patientId } }, ifMatch: plan.version, body: { on } }).then(() => said);
  const submit = async (event: Event) => {
    event.preventDefault();
    const on = isoDateOf(date);
    if (on === undefined || on === 'invalid') {
      action.refuse('body.on', 'must be a real date, like 31 3 2027');
      return;
    }
    if (
      await action.run(
        () => save(on, `Next review: ${longDate(on)}.`),
        (said) => said,
      )
    ) {
      setDate(NO_DATE);
      setChanging(false);
    }
  };
  const by = review ? (review.setBy.asPatient ? (mine ? 'you' : 'them') : review.setBy.label) : '';
  return (
    <div class="nhsuk-inset-text">
      <p>
        {review ? (
          <>
            <strong>Next review: {longDate(review.on)}</strong> <span class="app-muted">(recorded by {by})</span>
          </>
        ) : (
          'No review date agreed yet.'
        )}
      </p>
      <Saved message={action.saved} />
      {canChange && !changing && (
        <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => setChanging(true)}>
          {review ? 'Change the review date' : 'Record the review date'}
        </button>
      )}
      {canChange && changing && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <ErrorSummary error={action.error} fieldIds={{ 'body.on': 'review-on-day' }} names={{ 'body.on': 'Review date' }} />
          <DateInput
            id="review-on"
            legend={mine ? 'The date we agreed for my next review' : 'The date agreed with them for the next review'}
            hint="For example, 31 3 2027"
            value={date}
            onChange={setDate}
            error={action.error}
            field="body.on"
          />
          <button class="nhsuk-button nhsuk-button--secondary app-small-button" type="submit">
            Save the review date
          </button>
          {review && (
            <button
              type="button"
              class="nhsuk-button nhsuk-button--secondary app-small-button"
              onClick={() =>
                void action
                  .run(
                    () => save(null, 'The review date was removed.'),
                    (said) => said,
                  )
                  .then((done) => done && setChanging(false))
              }
            >
              Remove the review date
            </button>
          )}
        </form>
      )}
    </div>
  );
};
