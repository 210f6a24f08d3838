import { useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { RAG_WORDS, RagTag, type RagStatus } from '../components/Rag';
import { useLoad } from '../load';
import { GoalHistory } from './GoalHistory';

interface Step {
  stepId: string;
  text: string;
  done: boolean;
  addedBy: { userId: string; org?: string; asPatient: boolean };
}

interface Goal {
  goalId: string;
  description: string;
  category: 'mental' | 'physical' | 'social';
  targetDate?: string;
  status: 'active' | 'closed';
  rag?: { status: RagStatus; at: string };
  steps: Step[];
}

export interface PlanView {
  patientId: string;
  version: number;
  sections: { whatMattersToMe?: string; whatHelpsMeStayWell?: string; mySupportNetwork?: string };
  goals: Goal[];
  permissions?: { contribute: boolean };
}

const SECTIONS: [keyof PlanView['sections'], string][] = [
  ['whatMattersToMe', 'What matters to me'],
  ['whatHelpsMeStayWell', 'What helps me stay well'],
  ['mySupportNetwork', 'My support network'],
];

const when = (iso: string): string => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });

/**
 * A recovery plan: the patient's own (they update each goal with one tap), or one shared with a care
 * team member (read, and add steps with `plan:contribute`).
 */
export const Plan = ({ patientId, mine }: { patientId: string; mine: boolean }) => {
  const { api } = useApp();
  const plan = useLoad(() => api<PlanView>(`/patients/${encodeURIComponent(patientId)}/plan`), [patientId]);
  if (plan.loading) return <p role="status">Loading the plan…</p>;
  if (plan.error || !plan.data) return <ErrorSummary error={plan.error} />;
  const view = plan.data;
  // The API says what this reader may do besides reading: only forms that can work are shown.
  const canContribute = mine || view.permissions?.contribute === true;
  return (
    <>
      {SECTIONS.map(([key, label]) =>
        view.sections[key] ? (
          <div class="nhsuk-card" key={key}>
            <div class="nhsuk-card__content">
              <h2 class="nhsuk-card__heading nhsuk-heading-s">{label}</h2>
              <p class="nhsuk-card__description">{view.sections[key]}</p>
            </div>
          </div>
        ) : null,
      )}
      <h2 class="nhsuk-heading-m">{mine ? 'My goals' : 'Goals'}</h2>
      {view.goals.length === 0 && <p>No goals yet.</p>}
      {view.goals.map((goal) => (
        <GoalCard key={goal.goalId} goal={goal} patientId={patientId} mine={mine} canContribute={canContribute} onChange={plan.reload} />
      ))}
    </>
  );
};

const GoalCard = ({ goal, patientId, mine, canContribute, onChange }: { goal: Goal; patientId: string; mine: boolean; canContribute: boolean; onChange(): Promise<void> }) => {
  const { api } = useApp();
  const [note, setNote] = useState('');
  const [step, setStep] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();
  const base = `/patients/${encodeURIComponent(patientId)}/goals/${encodeURIComponent(goal.goalId)}`;
  const ids = { note: `note-${goal.goalId}`, step: `step-${goal.goalId}` };

  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(undefined);
    setSaved(undefined);
    try {
      await action();
      await onChange();
      setSaved(done);
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e);
        if (e.status === 412) await onChange();
      } else throw e;
    }
  };

  const update = (status: RagStatus) =>
    run(async () => {
      await api(`${base}/updates`, { method: 'POST', body: { status, ...(note.trim() ? { note: note.trim() } : {}) } });
      setNote('');
    }, status === 'red' ? 'Saved. The people you share your plan with have been told you asked for help.' : `Saved: ${RAG_WORDS[status].toLowerCase()}.`);

  const addStep = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api(`${base}/steps`, { method: 'POST', body: { text: step.trim() } });
      setStep('');
    }, 'Step added.');
  };

  const headingId = `goal-${goal.goalId}`;
  return (
    <section class="nhsuk-card app-goal" aria-labelledby={headingId}>
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading nhsuk-heading-s" id={headingId}>
          {goal.description}
        </h3>
        <p class="nhsuk-body-s">
          <RagTag status={goal.rag?.status} /> {goal.rag && <span class="app-muted">since {when(goal.rag.at)}</span>}
        </p>
        <ErrorSummary error={error} fieldIds={{ 'body.note': ids.note, 'body.text': ids.step }} />
        {saved && (
          <p class="app-saved" role="status">
            {saved}
          </p>
        )}
        {goal.steps.length > 0 && (
          <>
            <h4 class="nhsuk-heading-xs">Steps</h4>
            <ul class="nhsuk-list nhsuk-list--bullet">
              {goal.steps.map((s) => (
                <li key={s.stepId}>
                  {s.text}
                  {s.done && <span class="app-muted"> (done)</span>}
                  {!s.addedBy.asPatient && <span class="app-muted"> — added by {s.addedBy.userId}</span>}
                </li>
              ))}
            </ul>
          </>
        )}
        {mine && goal.status === 'active' && (
          <fieldset class="nhsuk-fieldset app-rag">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">How is this going?</legend>
            <Field id={ids.note} label="Add a note (optional)" error={error} field="body.note">
              {(props) => <textarea class="nhsuk-textarea" name="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} {...props} />}
            </Field>
            <div class="app-rag__buttons">
              {(['green', 'orange', 'red'] as const).map((status) => (
                <button type="button" key={status} class={`nhsuk-button app-rag__button app-rag__button--${status}`} onClick={() => void update(status)}>
                  {status.charAt(0).toUpperCase() + status.slice(1)}
                  <span class="app-rag__words">{RAG_WORDS[status]}</span>
                  <span class="nhsuk-u-visually-hidden"> for {goal.description}</span>
                </button>
              ))}
            </div>
          </fieldset>
        )}
        {canContribute && goal.status === 'active' && (
          <form onSubmit={addStep} class="app-inline-form">
            <Field id={ids.step} label="Add a step" error={error} field="body.text">
              {(props) => <input class="nhsuk-input" name="text" value={step} onInput={(e) => setStep(e.currentTarget.value)} required {...props} />}
            </Field>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">
              Add step<span class="nhsuk-u-visually-hidden"> to {goal.description}</span>
            </button>
          </form>
        )}
        <GoalHistory base={base} goal={goal.description} mine={mine} canComment={canContribute && goal.status === 'active'} />
      </div>
    </section>
  );
};
