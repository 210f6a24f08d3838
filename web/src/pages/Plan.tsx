import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME, type Answer } from '../api';
import { useApp } from '../app-context';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorSummary } from '../components/ErrorSummary';
import { PatientBanner } from '../components/PatientBanner';
import { PatientNav } from '../components/PatientNav';
import { Field, Radios } from '../components/Field';
import { RAG_WORDS, RagTag, type RagStatus } from '../components/Rag';
import { Saved } from '../components/Saved';
import { useKeptLoad, useLoad } from '../load';
import { OfflineCopy } from '../offline/OfflineCopy';
import { NotSentYet } from '../offline/NotSentYet';
import { flushOutbox, nextBaseVersion, onOutboxChange, sendOrKeep, type QueuedRag, type QueuedUpdate } from '../offline/outbox';
import { useQueuedUpdates } from '../offline/use-outbox';
import { GoalHistory } from './GoalHistory';
import { AddGoal, CATEGORY_WORDS, EditSections, SECTIONS } from './PlanEditing';
import { AlertStatus, latestAlertByGoal, UrgentHelpPanel, type RedAlert, type UrgentHelp } from './RedAlerts';
import { PlanReview } from './PlanReview';
import { Proposals } from './Proposals';

export type PlanView = Answer<'/patients/{patientId}/plan'>;
type Goal = PlanView['goals'][number];
type Step = Goal['steps'][number];
type Achievement = NonNullable<Goal['achievement']>;

const ACHIEVEMENT_WORDS: Record<Achievement, string> = { achieved: 'I got there', 'partly-achieved': 'I got part of the way', 'not-achieved': 'It did not work out' };

/** Who added a step someone else added: "Priya Shah, Sports coach, Core Sport". */
const addedBy = (step: Step) => (step.addedBy.asPatient ? null : <span class="app-muted"> — added by {step.addedBy.label}</span>);

/** A step about a programme of the library: its name, linking to its website. */
const programmeOf = (step: Step) =>
  step.programme ? (
    <>
      From the library:{' '}
      <a href={step.programme.link} target="_blank" rel="noopener noreferrer">
        {step.programme.name} (opens in a new tab)
      </a>
    </>
  ) : null;

const when = (iso: string): string => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
const longDate = (iso: string): string => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * A recovery plan: the patient's own (they write it, and update each goal with one tap), or one
 * shared with a care team member (read, and add steps and comments if the API says they may).
 */
export const Plan = ({ patientId, mine }: { patientId: string; mine: boolean }) => {
  const app = useApp();
  const { api, session } = app;
  // The patient's own plan is kept for reading offline; a plan read by staff never is.
  const plan = useKeptLoad(session, mine ? 'plan' : undefined, () => api.GET('/patients/{patientId}/plan', { params: { path: { patientId } } }), [patientId]);
  const queued = useQueuedUpdates(mine ? app : undefined);
  // Sent from the outbox (or discarded): the plan shows what is there now.
  useEffect(() => (mine ? onOutboxChange(() => void plan.reload()) : undefined), [mine, plan.reload]);
  // Red goals' alerts: who answered them (read under the same consent as the plan).
  const alerts = useLoad(() => api.GET('/patients/{patientId}/alerts', { params: { path: { patientId }, query: { limit: 100 } } }), [patientId]);
  if (plan.loading) return <p role="status">Loading the plan…</p>;
  if (plan.error || !plan.data) return <ErrorSummary error={plan.error} />;
  const view = plan.data;
  const offline = plan.asOf !== undefined;
  const latest = latestAlertByGoal(alerts.data?.items ?? []);
  const reload = async () => {
    await Promise.all([plan.reload(), alerts.reload()]);
  };
  const patientName = view.patient ? (view.patient.preferredName ?? view.patient.givenName) : undefined;
  // The API says what this reader may do besides reading: only forms that can work are shown.
  const canContribute = mine || view.permissions?.contribute === true;
  const active = view.goals.filter((g) => g.status === 'active');
  const finished = view.goals.filter((g) => g.status === 'closed');
  const card = (goal: Goal) => (
    <GoalCard
      key={goal.goalId}
      goal={goal}
      version={view.version}
      patientId={patientId}
      mine={mine}
      canContribute={canContribute}
      onChange={reload}
      queued={queued.filter((q) => q.kind === 'rag' && q.goalId === goal.goalId)}
      {...(goal.rag?.status === 'red' && latest.has(goal.goalId) ? { alert: latest.get(goal.goalId) } : {})}
      {...(patientName ? { patientName } : {})}
    />
  );
  return (
    <>
      {!mine && view.patient && <PatientBanner patient={view.patient} />}
      {!mine && <PatientNav patientId={patientId} current="plan" />}
      {plan.asOf && <OfflineCopy what="your plan" asOf={plan.asOf} then="You can still say how each goal is going: it is sent when you are back online." />}
      {!offline && <PlanReview patientId={patientId} plan={view} mine={mine} canChange={canContribute} onChanged={plan.reload} />}
      {mine && !offline && <DownloadButton label="Download my plan (PDF)" download={() => api.download('/patients/{patientId}/plan.pdf', { params: ME })} />}
      {SECTIONS.map(([key, label]) =>
        view.sections[key] ? (
          <div class="nhsuk-card" key={key}>
            <div class="nhsuk-card__content">
              <h2 class="nhsuk-card__heading nhsuk-heading-s">{label}</h2>
              <p class="nhsuk-card__description app-history__text">{view.sections[key]}</p>
            </div>
          </div>
        ) : null,
      )}
      {mine && !offline && <EditSections plan={view} onSaved={plan.reload} />}
      {mine && !offline && <Proposals patientId={patientId} plan={view} mine canPropose={false} onPlanChanged={plan.reload} />}
      <h2 class="nhsuk-heading-m">{mine ? 'My goals' : 'Goals'}</h2>
      {active.length === 0 && <p>No goals in progress.</p>}
      {active.map(card)}
      {mine && !offline && <AddGoal onAdded={plan.reload} />}
      {finished.length > 0 && (
        <>
          <h2 class="nhsuk-heading-m">{mine ? 'Goals I have finished' : 'Finished goals'}</h2>
          {finished.map(card)}
        </>
      )}
      {!mine && <Proposals patientId={patientId} plan={view} mine={false} canPropose={canContribute} onPlanChanged={plan.reload} />}
    </>
  );
};

const GoalCard = ({
  goal,
  version,
  patientId,
  mine,
  canContribute,
  onChange,
  alert,
  patientName,
  queued,
}: {
  goal: Goal;
  version: number;
  patientId: string;
  mine: boolean;
  canContribute: boolean;
  onChange: () => Promise<void>;
  /** This goal's updates not sent yet. */
  queued: readonly QueuedUpdate[];
  /** The red goal's alert, where it is red. */
  alert?: RedAlert | undefined;
  patientName?: string | undefined;
}) => {
  const { api, session } = useApp();
  const action = useAction(onChange);
  const [note, setNote] = useState('');
  const [step, setStep] = useState('');
  const [help, setHelp] = useState<UrgentHelp>();
  // One update at a time: a second tap while the first is on its way would be a second update (and alert).
  const [sending, setSending] = useState(false);
  const path = { patientId, goalId: goal.goalId };
  const ids = { note: `note-${goal.goalId}`, step: `step-${goal.goalId}` };
  const open = goal.status === 'active';

  // Each update has its own key from the tap on: kept when there is no connection and sent later, it is
  // still one update (and a red one, one alert) however many times it is sent.
  const update = async (status: RagStatus) => {
    const made: QueuedRag = {
      kind: 'rag',
      id: crypto.randomUUID(),
      borough: session.borough.id,
      userId: session.userId,
      goalId: goal.goalId,
      status,
      ...(note.trim() ? { note: note.trim() } : {}),
      baseVersion: nextBaseVersion(session, version),
      madeAt: new Date().toISOString(),
    };
    setSending(true);
    const result = await sendOrKeep(
      action,
      made,
      async (timeoutMs) => {
        const answer = await api.POST('/patients/{patientId}/goals/{goalId}/updates', {
          params: { path },
          body: { status, ...(made.note ? { note: made.note } : {}) },
          idempotencyKey: made.id,
          timeoutMs,
        });
        setHelp(answer.help);
        return answer;
      },
      () => (status === 'red' ? 'Saved. The people you share your plan with have been told you asked for help.' : `Saved: ${RAG_WORDS[status].toLowerCase()}.`),
    );
    setSending(false);
    if (result !== 'refused') setNote('');
  };

  const addStep = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      await api.POST('/patients/{patientId}/goals/{goalId}/steps', { params: { path }, body: { text: step.trim() } });
      setStep('');
    }, 'Step added.');
  };

  // Edits: sent with the plan's version, so a change made meanwhile elsewhere is explained (412), not undone.
  const markStep = (s: Step, done: boolean) =>
    action.run(
      () => api.PATCH('/patients/{patientId}/goals/{goalId}/steps/{stepId}', { params: { path: { ...path, stepId: s.stepId } }, ifMatch: version, body: { done } }),
      done ? `Done: ${s.text}.` : `Not done yet: ${s.text}.`,
    );
  const finish = (achievement: Achievement | null) =>
    action.run(
      () => api.PATCH('/patients/{patientId}/goals/{goalId}', { params: { path }, ifMatch: version, body: { achievement } }),
      achievement ? 'Well done for working on it. The goal is now with your finished goals.' : 'The goal is back in progress.',
    );

  const headingId = `goal-${goal.goalId}`;
  return (
    <section class="nhsuk-card app-goal" aria-labelledby={headingId}>
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading nhsuk-heading-s" id={headingId}>
          {goal.description}
        </h3>
        <p class="nhsuk-body-s">
          {open ? <RagTag status={goal.rag?.status} /> : <strong class="nhsuk-tag nhsuk-tag--blue">Finished: {goal.achievement ? ACHIEVEMENT_WORDS[goal.achievement] : ''}</strong>}{' '}
          {open && goal.rag && <span class="app-muted">since {when(goal.rag.at)}</span>}
        </p>
        <p class="nhsuk-body-s app-muted">
          {CATEGORY_WORDS[goal.category]}
          {goal.targetDate && `. Hoping to get there by ${longDate(goal.targetDate)}`}
        </p>
        {open && alert && <AlertStatus alert={alert} patientId={patientId} mine={mine} patientName={patientName} onChange={onChange} />}
        <ErrorSummary error={action.error} fieldIds={{ 'body.note': ids.note, 'body.text': ids.step }} />
        <Saved message={action.saved} />
        {help && <UrgentHelpPanel help={help} />}
        <NotSentYet items={queued} session={session} onRetry={() => void flushOutbox(api, session)} />
        {goal.steps.length > 0 && (
          <>
            <h4 class="nhsuk-heading-xs">Steps</h4>
            {mine && open ? (
              <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                {goal.steps.map((s) => (
                  <StepDone key={s.stepId} step={s} onMark={markStep} />
                ))}
              </div>
            ) : (
              <ul class="nhsuk-list nhsuk-list--bullet">
                {goal.steps.map((s) => (
                  <li key={s.stepId}>
                    {s.text}
                    {s.done && <span class="app-muted"> (done)</span>}
                    {addedBy(s)}
                    {s.programme && <div class="nhsuk-body-s">{programmeOf(s)}</div>}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {mine && open && (
          <fieldset class="nhsuk-fieldset app-rag">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">How is this going?</legend>
            <Field id={ids.note} label="Add a note (optional)" error={action.error} field="body.note">
              {(props) => <textarea class="nhsuk-textarea" name="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} {...props} />}
            </Field>
            <div class="app-rag__buttons">
              {(['green', 'orange', 'red'] as const).map((status) => (
                <button type="button" key={status} class={`nhsuk-button app-rag__button app-rag__button--${status}`} disabled={sending} onClick={() => void update(status)}>
                  {status.charAt(0).toUpperCase() + status.slice(1)}
                  <span class="app-rag__words">{RAG_WORDS[status]}</span>
                  <span class="nhsuk-u-visually-hidden"> for {goal.description}</span>
                </button>
              ))}
            </div>
          </fieldset>
        )}
        {canContribute && open && (
          <form onSubmit={addStep} class="app-inline-form">
            <Field id={ids.step} label="Add a step" error={action.error} field="body.text">
              {(props) => <input class="nhsuk-input" name="text" value={step} onInput={(e) => setStep(e.currentTarget.value)} required {...props} />}
            </Field>
            <button class="nhsuk-button nhsuk-button--secondary" type="submit">
              Add step<span class="nhsuk-u-visually-hidden"> to {goal.description}</span>
            </button>
          </form>
        )}
        {mine &&
          (open ? (
            <FinishGoal goal={goal} onFinish={finish} />
          ) : (
            <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => void finish(null)}>
              Work on it again<span class="nhsuk-u-visually-hidden">: {goal.description}</span>
            </button>
          ))}
        <GoalHistory path={path} goal={goal.description} mine={mine} canComment={canContribute && open} />
      </div>
    </section>
  );
};

/** A step ticked done (or not): shown at once, put back if the change is refused. */
const StepDone = ({ step, onMark }: { step: Step; onMark: (step: Step, done: boolean) => Promise<boolean> }) => {
  const [checked, setChecked] = useState(step.done);
  useEffect(() => setChecked(step.done), [step.done]);
  const id = `done-${step.stepId}`;
  return (
    <div class="nhsuk-checkboxes__item">
      <input
        class="nhsuk-checkboxes__input"
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => {
          const done = e.currentTarget.checked;
          setChecked(done);
          void onMark(step, done).then((ok) => ok || setChecked(step.done));
        }}
      />
      <label class="nhsuk-label nhsuk-checkboxes__label" for={id}>
        {step.text}
        {addedBy(step)}
      </label>
      {step.programme && <div class="nhsuk-hint nhsuk-checkboxes__hint">{programmeOf(step)}</div>}
    </div>
  );
};

/** Finishing a goal, with how it went: it moves to the finished goals, and the outcome report counts it. */
const FinishGoal = ({ goal, onFinish }: { goal: Goal; onFinish: (achievement: Achievement) => Promise<boolean> }) => {
  const [achievement, setAchievement] = useState<Achievement>();
  const check = useAction();
  const name = `achievement-${goal.goalId}`;
  return (
    <details class="nhsuk-details app-goal-history">
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">
          I have finished this goal<span class="nhsuk-u-visually-hidden">: {goal.description}</span>
        </span>
      </summary>
      <div class="nhsuk-details__text">
        <Radios
          name={name}
          legend="How did it go?"
          options={Object.entries(ACHIEVEMENT_WORDS) as [Achievement, string][]}
          value={achievement}
          onChange={setAchievement}
          error={check.error}
          field="body.achievement"
        />
        <button
          type="button"
          class="nhsuk-button nhsuk-button--secondary app-small-button"
          onClick={() => (achievement ? void onFinish(achievement) : check.refuse('body.achievement', 'is needed: choose how it went'))}
        >
          Finish the goal<span class="nhsuk-u-visually-hidden">: {goal.description}</span>
        </button>
      </div>
    </details>
  );
};
