import { useState } from 'preact/hooks';
import { useAction } from '../action';
import type { Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { OlderButton } from '../components/OlderButton';
import { RagTag } from '../components/Rag';
import { Saved } from '../components/Saved';
import { usePages, type Paged } from '../load';

type Author = Answer<'/patients/{patientId}/goals/{goalId}/comments'>['items'][number]['by'];

/** The goal whose history this is. */
interface GoalPath {
  patientId: string;
  goalId: string;
}

const when = (iso: string): string => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** "You" on the patient's own plan; otherwise the person by name, with their role and organisation if staff. */
const byWords = (by: Author, mine: boolean): string => (by.asPatient && mine ? 'You' : by.label);

/** One of the goal's lists, newest first, with its own "Show older" button. */
const HistoryList = <T,>({ heading, list, what, render }: { heading: string; list: Paged<T>; what: string; render: (item: T) => preact.JSX.Element }) => (
  <>
    <h4 class="nhsuk-heading-xs">{heading}</h4>
    <ErrorSummary error={list.error} />
    {list.loading && list.items.length === 0 ? (
      <p role="status">Loading {what}…</p>
    ) : list.items.length === 0 ? (
      <p>No {what} yet.</p>
    ) : (
      <ul class="nhsuk-list app-history">{list.items.map(render)}</ul>
    )}
    <OlderButton list={list} what={what} small />
  </>
);

/**
 * A goal's updates and comments, newest first, and a comment box for the patient and for those they
 * let contribute. Loaded only when opened: a plan of many goals costs no extra reads until then.
 */
export const GoalHistory = ({ path, goal, mine, canComment }: { path: GoalPath; goal: string; mine: boolean; canComment: boolean }) => {
  const [open, setOpen] = useState(false);
  return (
    <details class="nhsuk-details app-goal-history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">
          History and comments<span class="nhsuk-u-visually-hidden"> for {goal}</span>
        </span>
      </summary>
      <div class="nhsuk-details__text">{open && <HistoryLists path={path} goal={goal} mine={mine} canComment={canComment} />}</div>
    </details>
  );
};

const HistoryLists = ({ path, goal, mine, canComment }: { path: GoalPath; goal: string; mine: boolean; canComment: boolean }) => {
  const { api } = useApp();
  const updates = usePages((query) => api.GET('/patients/{patientId}/goals/{goalId}/updates', { params: { path, query } }), [path.patientId, path.goalId], 10);
  const comments = usePages((query) => api.GET('/patients/{patientId}/goals/{goalId}/comments', { params: { path, query } }), [path.patientId, path.goalId], 10);
  return (
    <>
      <HistoryList
        heading="Updates"
        list={updates}
        what="updates"
        render={(u) => (
          <li key={u.updateId} class="app-history__item">
            <RagTag status={u.status} />{' '}
            <span class="app-muted">
              {when(u.at)}, {byWords(u.by, mine)}
            </span>
            {u.note && <p class="app-history__text">{u.note}</p>}
          </li>
        )}
      />
      <HistoryList
        heading="Comments"
        list={comments}
        what="comments"
        render={(c) => (
          <li key={c.commentId} class="app-history__item">
            <span class="app-muted">
              {byWords(c.by, mine)}, {when(c.at)}
            </span>
            <p class="app-history__text">{c.text}</p>
          </li>
        )}
      />
      {canComment && <AddComment path={path} goal={goal} onAdded={comments.reload} />}
    </>
  );
};

const AddComment = ({ path, goal, onAdded }: { path: GoalPath; goal: string; onAdded: () => Promise<void> }) => {
  const { api } = useApp();
  const action = useAction(onAdded);
  const [text, setText] = useState('');
  const id = `comment-${encodeURIComponent(path.goalId)}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    if (!text.trim()) {
      action.refuse('body.text', 'is empty: write a comment first');
      return;
    }
    if (await action.run(() => api.POST('/patients/{patientId}/goals/{goalId}/comments', { params: { path }, body: { text: text.trim() } }), 'Comment added.')) setText('');
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <ErrorSummary error={action.error} fieldIds={{ 'body.text': id }} />
      <Saved message={action.saved} />
      <Field id={id} label="Add a comment" error={action.error} field="body.text">
        {(props) => <textarea class="nhsuk-textarea" rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} {...props} />}
      </Field>
      <button class="nhsuk-button nhsuk-button--secondary app-small-button" type="submit">
        Add comment<span class="nhsuk-u-visually-hidden"> to {goal}</span>
      </button>
    </form>
  );
};
