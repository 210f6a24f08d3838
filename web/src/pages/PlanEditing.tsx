import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { DateInput, Field, isoDateOf, NO_DATE, Radios } from '../components/Field';
import { Saved } from '../components/Saved';
import type { PlanView } from './Plan';

export const SECTIONS: [keyof PlanView['sections'], string][] = [
  ['whatMattersToMe', 'What matters to me'],
  ['whatHelpsMeStayWell', 'What helps me stay well'],
  ['mySupportNetwork', 'My support network'],
];

export const CATEGORY_WORDS = { mental: 'My mental health and wellbeing', physical: 'My physical health', social: 'My social life, work or learning' } as const;

/**
 * The patient writes the three sections of their plan. Sent with the version it was based on: a change
 * made meanwhile elsewhere is explained and loaded, never overwritten unseen.
 */
export const EditSections = ({ plan, onSaved }: { plan: PlanView; onSaved: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onSaved);
  const sectionsOf = (view: PlanView) => ({ ...view.sections });
  const [draft, setDraft] = useState(() => sectionsOf(plan));
  // Sections changed elsewhere (loaded after a 412) are what the boxes show; other changes to the plan keep what is typed.
  useEffect(() => setDraft(sectionsOf(plan)), [JSON.stringify(plan.sections)]);
  const save = (event: Event) => {
    event.preventDefault();
    void action.run(() => api.PUT('/patients/{patientId}/plan', { params: ME, ifMatch: plan.version, body: draft }), 'Saved: what matters to you, what helps and your support network.');
  };
  return (
    <>
      <Saved message={action.saved} />
      <details class="nhsuk-details" open={Boolean(action.error)}>
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">Change what matters to me, what helps me and my support network</span>
        </summary>
        <div class="nhsuk-details__text">
          <form onSubmit={save} noValidate>
            <ErrorSummary error={action.error} fieldIds={Object.fromEntries(SECTIONS.map(([key]) => [`body.${key}`, `section-${key}`]))} />
            {SECTIONS.map(([key, label]) => (
              <Field key={key} id={`section-${key}`} label={label} bold error={action.error} field={`body.${key}`}>
                {(props) => <textarea class="nhsuk-textarea" rows={3} value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} {...props} />}
              </Field>
            ))}
            <button class="nhsuk-button nhsuk-button--secondary app-small-button" type="submit">
              Save these
            </button>
          </form>
        </div>
      </details>
    </>
  );
};

/** The patient adds a goal: what it is, which part of life, and when they hope to get there. */
export const AddGoal = ({ onAdded }: { onAdded: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onAdded);
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<keyof typeof CATEGORY_WORDS>();
  const [target, setTarget] = useState(NO_DATE);
  const add = async (event: Event) => {
    event.preventDefault();
    if (!description.trim()) {
      action.refuse('body.description', 'is needed: say what you want to work towards');
      return;
    }
    if (!category) {
      action.refuse('body.category', 'is needed: choose the part of your life it is about');
      return;
    }
    const targetDate = isoDateOf(target);
    if (targetDate === 'invalid') {
      action.refuse('body.targetDate', 'must be a real date, like 31 3 2027');
      return;
    }
    const done = await action.run(
      () => api.POST('/patients/{patientId}/goals', { params: ME, body: { description: description.trim(), category, ...(targetDate ? { targetDate } : {}) } }),
      `Goal added: ${description.trim()}.`,
    );
    if (done) {
      setDescription('');
      setCategory(undefined);
      setTarget(NO_DATE);
    }
  };
  return (
    <form onSubmit={(e) => void add(e)} noValidate class="app-add-goal">
      <h2 class="nhsuk-heading-m">Add a goal</h2>
      <ErrorSummary
        error={action.error}
        fieldIds={{ 'body.description': 'goal-description', 'body.category': 'goal-category-1', 'body.targetDate': 'goal-target-day' }}
        names={{ 'body.targetDate': 'Target date' }}
      />
      <Saved message={action.saved} />
      <Field id="goal-description" label="What I want to work towards" hint="For example, cook a meal for friends once a month" error={action.error} field="body.description">
        {(props) => <input class="nhsuk-input" value={description} onInput={(e) => setDescription(e.currentTarget.value)} {...props} />}
      </Field>
      <Radios
        name="goal-category"
        legend="Which part of my life it is about"
        options={Object.entries(CATEGORY_WORDS) as [keyof typeof CATEGORY_WORDS, string][]}
        value={category}
        onChange={setCategory}
        error={action.error}
        field="body.category"
      />
      <DateInput id="goal-target" legend="When I hope to get there (optional)" hint="For example, 31 3 2027" value={target} onChange={setTarget} error={action.error} field="body.targetDate" />
      <button class="nhsuk-button" type="submit">
        Add goal
      </button>
    </form>
  );
};
