import { useState } from 'preact/hooks';
import { useAction, type Action } from '../action';
import type { Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { DateInput, Field, isoDateOf, NO_DATE, Radios } from '../components/Field';
import { Saved } from '../components/Saved';
import { useLoad } from '../load';
import type { PlanView } from './Plan';
import { CATEGORY_WORDS, SECTIONS } from './PlanEditing';

type Proposal = Answer<'/patients/{patientId}/proposals'>['items'][number];
type Words = Proposal['proposal'];
type Category = keyof typeof CATEGORY_WORDS;
type SectionKey = keyof PlanView['sections'];

const SECTION_WORDS = Object.fromEntries(SECTIONS) as Record<SectionKey, string>;
const longDate = (iso: string): string => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

/** What a proposal is called where people read it: the goal's words, or which section it would change. */
const titleOf = (words: Words): string => (words.kind === 'goal' ? words.description : `A change to “${SECTION_WORDS[words.section]}”`);

/** One step a line: what people type in a box of steps. */
const linesOf = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * Proposals on a plan. The patient sees what their care team suggests and decides: accept, edit and
 * accept, or decline (with a reason if they wish). A contributor proposes a goal or new words for a
 * section, and sees what became of what was proposed. Nothing proposed is in the plan until accepted.
 */
export const Proposals = ({ patientId, plan, mine, canPropose, onPlanChanged }: { patientId: string; plan: PlanView; mine: boolean; canPropose: boolean; onPlanChanged: () => Promise<void> }) => {
  const { api } = useApp();
  const list = useLoad(() => api.GET('/patients/{patientId}/proposals', { params: { path: { patientId }, query: { limit: 100 } } }), [patientId]);
  const items = list.data?.items ?? [];
  // What the patient decided is said here: the suggestion's own card is gone once it is decided.
  const [decided, setDecided] = useState<string>();
  const changed = async () => {
    await Promise.all([list.reload(), onPlanChanged()]);
  };
  if (mine) {
    const open = items.filter((p) => p.status === 'proposed');
    return (
      <>
        <Saved message={decided} />
        {open.length > 0 && (
          <>
            <h2 class="nhsuk-heading-m">Suggested by your care team</h2>
            <p>These are not in your plan unless you accept them. You can change the words first.</p>
            {open.map((p) => (
              <ProposalToDecide key={p.proposalId} proposal={p} plan={plan} onChanged={changed} onDecided={setDecided} />
            ))}
          </>
        )}
      </>
    );
  }
  return (
    <>
      {items.length > 0 && (
        <>
          <h2 class="nhsuk-heading-m">Proposals</h2>
          <ul class="nhsuk-list nhsuk-list--bullet">
            {items.slice(0, 10).map((p) => (
              <ProposalLine key={p.proposalId} proposal={p} patientId={patientId} onChanged={list.reload} />
            ))}
          </ul>
        </>
      )}
      {canPropose && (
        <>
          <ProposeGoal patientId={patientId} onProposed={list.reload} />
          <ProposeChange patientId={patientId} onProposed={list.reload} />
        </>
      )}
    </>
  );
};

const STATUS_WORDS = { proposed: 'waiting for a decision', accepted: 'accepted', declined: 'declined', withdrawn: 'withdrawn' } as const;

/** What became of one proposal, for the care team; its proposer may withdraw it while it waits. */
const ProposalLine = ({ proposal: p, patientId, onChanged }: { proposal: Proposal; patientId: string; onChanged: () => Promise<void> }) => {
  const { api, session } = useApp();
  const action = useAction(onChanged);
  const title = titleOf(p.proposal);
  const mine = p.status === 'proposed' && !p.proposedBy.asPatient && p.proposedBy.userId === session.userId;
  return (
    <li>
      {title}: <strong>{p.status === 'accepted' && p.edited ? 'accepted in their own words' : STATUS_WORDS[p.status]}</strong>
      {p.reason && <span> (“{p.reason}”)</span>}
      <span class="app-muted"> — proposed by {p.proposedBy.label}</span>
      <ErrorSummary error={action.error} />
      {mine && (
        <button
          type="button"
          class="nhsuk-button nhsuk-button--secondary app-small-button"
          onClick={() => void action.run(() => api.POST('/patients/{patientId}/proposals/{proposalId}/withdrawal', { params: { path: { patientId, proposalId: p.proposalId } } }), 'Withdrawn.')}
        >
          Withdraw<span class="nhsuk-u-visually-hidden">: {title}</span>
        </button>
      )}
    </li>
  );
};

/** One suggestion for the patient: what it is, who suggested it, and their three choices. */
const ProposalToDecide = ({ proposal, plan, onChanged, onDecided }: { proposal: Proposal; plan: PlanView; onChanged: () => Promise<void>; onDecided: (said: string) => void }) => {
  const { api } = useApp();
  const action = useAction(onChanged);
  const decide = async (change: () => Promise<unknown>, said: string): Promise<boolean> => {
    const done = await action.run(change, said);
    if (done) onDecided(said);
    return done;
  };
  const [choice, setChoice] = useState<'edit' | 'decline'>();
  const words = proposal.proposal;
  const title = titleOf(words);
  const id = proposal.proposalId;
  const path = { patientId: 'me', proposalId: id };
  // The acceptance is made on the version of the plan on screen: a change made meanwhile is explained (412), never overwritten.
  const accept = (edits: Edits) =>
    decide(() => api.POST('/patients/{patientId}/proposals/{proposalId}/acceptance', { params: { path }, ifMatch: plan.version, body: edits }), `Accepted: ${title}. It is now in your plan.`);
  return (
    <section class="nhsuk-card" aria-labelledby={`proposal-${id}`}>
      <div class="nhsuk-card__content">
        <h3 class="nhsuk-card__heading nhsuk-heading-s" id={`proposal-${id}`}>
          {title}
        </h3>
        <p class="nhsuk-body-s app-muted">Suggested by {proposal.proposedBy.label}</p>
        <ErrorSummary error={action.error} />
        {words.kind === 'goal' ? (
          <>
            <p class="nhsuk-body-s">
              {CATEGORY_WORDS[words.category]}
              {words.targetDate && `. Hoping to get there by ${longDate(words.targetDate)}`}
            </p>
            {words.steps.length > 0 && (
              <ul class="nhsuk-list nhsuk-list--bullet">
                {words.steps.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <>
            <p class="nhsuk-body-s">
              <strong>Now:</strong> {plan.sections[words.section] || 'nothing written yet'}
            </p>
            <p class="nhsuk-body-s app-history__text">
              <strong>Suggested:</strong> {words.text}
            </p>
          </>
        )}
        <div class="app-rag__buttons">
          <button type="button" class="nhsuk-button app-small-button" onClick={() => void accept({})}>
            Accept<span class="nhsuk-u-visually-hidden">: {title}</span>
          </button>
          <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => setChoice('edit')}>
            Edit and accept<span class="nhsuk-u-visually-hidden">: {title}</span>
          </button>
          <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => setChoice('decline')}>
            Decline<span class="nhsuk-u-visually-hidden">: {title}</span>
          </button>
        </div>
        {choice === 'edit' && <EditAndAccept words={words} id={id} title={title} action={action} onAccept={accept} />}
        {choice === 'decline' && (
          <Decline
            id={id}
            title={title}
            action={action}
            onDecline={(reason) => decide(() => api.POST('/patients/{patientId}/proposals/{proposalId}/decline', { params: { path }, body: reason ? { reason } : {} }), `Declined: ${title}.`)}
          />
        )}
      </div>
    </section>
  );
};

/** The patient's own words for what they accept (none: word for word). */
type Edits = { goal?: { description: string; steps: string[] }; section?: { text: string } };

/** The patient's own words for a suggestion, then accepted. */
const EditAndAccept = ({ words, id, title, action, onAccept }: { words: Words; id: string; title: string; action: Action; onAccept: (edits: Edits) => Promise<boolean> }) => {
  const [text, setText] = useState(words.kind === 'goal' ? words.description : words.text);
  const [steps, setSteps] = useState(words.kind === 'goal' ? words.steps.join('\n') : '');
  const submit = (event: Event) => {
    event.preventDefault();
    void onAccept(words.kind === 'goal' ? { goal: { description: text.trim(), steps: linesOf(steps) } } : { section: { text } });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Field
        id={`edit-${id}`}
        label={words.kind === 'goal' ? 'My goal, in my words' : 'In my words'}
        error={action.error}
        field={words.kind === 'goal' ? 'body.goal.description' : 'body.section.text'}
      >
        {(props) => <textarea class="nhsuk-textarea" rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} {...props} />}
      </Field>
      {words.kind === 'goal' && (
        <Field id={`edit-steps-${id}`} label="Steps (one a line)" error={action.error} field="body.goal.steps">
          {(props) => <textarea class="nhsuk-textarea" rows={3} value={steps} onInput={(e) => setSteps(e.currentTarget.value)} {...props} />}
        </Field>
      )}
      <button class="nhsuk-button app-small-button" type="submit">
        Accept my version<span class="nhsuk-u-visually-hidden">: {title}</span>
      </button>
    </form>
  );
};

/** Declining, with a reason if the patient wants to give one: the person who suggested it sees it. */
const Decline = ({ id, title, action, onDecline }: { id: string; title: string; action: Action; onDecline: (reason: string) => Promise<boolean> }) => {
  const [reason, setReason] = useState('');
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onDecline(reason.trim());
      }}
    >
      <Field id={`reason-${id}`} label="Why not? (optional)" hint="The person who suggested it will see this." error={action.error} field="body.reason">
        {(props) => <textarea class="nhsuk-textarea" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} {...props} />}
      </Field>
      <button class="nhsuk-button nhsuk-button--secondary app-small-button" type="submit">
        Decline the suggestion<span class="nhsuk-u-visually-hidden">: {title}</span>
      </button>
    </form>
  );
};

/** A contributor proposes a goal with steps: the patient decides whether it goes into their plan. */
const ProposeGoal = ({ patientId, onProposed }: { patientId: string; onProposed: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onProposed);
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<Category>();
  const [target, setTarget] = useState(NO_DATE);
  const [steps, setSteps] = useState('');
  const propose = async (event: Event) => {
    event.preventDefault();
    const targetDate = isoDateOf(target);
    if (!description.trim()) {
      action.refuse('body.description', 'is needed: say what they could work towards');
      return;
    }
    if (!category) {
      action.refuse('body.category', 'is needed: choose the part of their life it is about');
      return;
    }
    if (targetDate === 'invalid') {
      action.refuse('body.targetDate', 'must be a real date, like 31 3 2027');
      return;
    }
    const body = { kind: 'goal' as const, description: description.trim(), category, ...(targetDate ? { targetDate } : {}), steps: linesOf(steps) };
    if (
      await action.run(() => api.POST('/patients/{patientId}/proposals', { params: { path: { patientId } }, body }), `Proposed: ${body.description}. They will decide whether it goes into their plan.`)
    ) {
      setDescription('');
      setCategory(undefined);
      setTarget(NO_DATE);
      setSteps('');
    }
  };
  return (
    <details class="nhsuk-details" open={Boolean(action.error || action.saved)}>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">Propose a goal</span>
      </summary>
      <div class="nhsuk-details__text">
        <form onSubmit={(e) => void propose(e)} noValidate>
          <ErrorSummary
            error={action.error}
            fieldIds={{ 'body.description': 'propose-description', 'body.category': 'propose-category-1', 'body.targetDate': 'propose-target-day', 'body.steps': 'propose-steps' }}
            names={{ 'body.targetDate': 'Target date' }}
          />
          <Saved message={action.saved} />
          <Field id="propose-description" label="What they could work towards" error={action.error} field="body.description">
            {(props) => <input class="nhsuk-input" value={description} onInput={(e) => setDescription(e.currentTarget.value)} {...props} />}
          </Field>
          <Radios
            name="propose-category"
            legend="Which part of their life it is about"
            options={Object.entries(CATEGORY_WORDS) as [Category, string][]}
            value={category}
            onChange={setCategory}
            error={action.error}
            field="body.category"
          />
          <DateInput id="propose-target" legend="When they might get there (optional)" hint="For example, 31 3 2027" value={target} onChange={setTarget} error={action.error} field="body.targetDate" />
          <Field id="propose-steps" label="Steps (optional, one a line)" error={action.error} field="body.steps">
            {(props) => <textarea class="nhsuk-textarea" rows={3} value={steps} onInput={(e) => setSteps(e.currentTarget.value)} {...props} />}
          </Field>
          <button class="nhsuk-button nhsuk-button--secondary" type="submit">
            Propose the goal
          </button>
        </form>
      </div>
    </details>
  );
};

/** A contributor proposes new words for one section of the plan. */
const ProposeChange = ({ patientId, onProposed }: { patientId: string; onProposed: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onProposed);
  const [section, setSection] = useState<SectionKey>();
  const [text, setText] = useState('');
  const propose = async (event: Event) => {
    event.preventDefault();
    if (!section) {
      action.refuse('body.section', 'is needed: choose the part of the plan');
      return;
    }
    if (!text.trim()) {
      action.refuse('body.text', 'is needed: write the words you suggest');
      return;
    }
    if (
      await action.run(
        () => api.POST('/patients/{patientId}/proposals', { params: { path: { patientId } }, body: { kind: 'section', section, text: text.trim() } }),
        'Proposed. They will decide whether to take it.',
      )
    ) {
      setSection(undefined);
      setText('');
    }
  };
  return (
    <details class="nhsuk-details" open={Boolean(action.error || action.saved)}>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">Propose a change</span>
      </summary>
      <div class="nhsuk-details__text">
        <form onSubmit={(e) => void propose(e)} noValidate>
          <ErrorSummary error={action.error} fieldIds={{ 'body.section': 'propose-section-1', 'body.text': 'propose-text' }} />
          <Saved message={action.saved} />
          <Radios name="propose-section" legend="Which part of the plan" options={SECTIONS} value={section} onChange={setSection} error={action.error} field="body.section" />
          <Field id="propose-text" label="The words you suggest" error={action.error} field="body.text">
            {(props) => <textarea class="nhsuk-textarea" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} {...props} />}
          </Field>
          <button class="nhsuk-button nhsuk-button--secondary" type="submit">
            Propose the change
          </button>
        </form>
      </div>
    </details>
  );
};
