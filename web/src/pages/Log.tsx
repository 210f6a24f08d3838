import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME, type Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field, Radios } from '../components/Field';
import { Saved } from '../components/Saved';
import { useLoad } from '../load';
import { londonDay } from '../dates';
import { MOOD_WORDS } from '../words';
import { NotSentYet } from '../offline/NotSentYet';
import { flushOutbox, onOutboxChange, sendOrKeep, type QueuedLogEntry } from '../offline/outbox';
import { useQueuedUpdates } from '../offline/use-outbox';

/** My log: a few words and a mood for the day, private unless I share `log:read`. */
export const Log = () => {
  const app = useApp();
  const { api, session } = app;
  const log = useLoad(() => api.GET('/patients/{patientId}/log', { params: { ...ME, query: { limit: 30 } } }), []);
  const queued = useQueuedUpdates(app).filter((q) => q.kind === 'log');
  // Sent from the outbox: the entry is now among the earlier ones.
  useEffect(() => onOutboxChange(() => void log.reload()), [log.reload]);
  const [text, setText] = useState('');
  const [mood, setMood] = useState<number>();
  const action = useAction(log.reload);
  const { error } = action;

  const save = async (event: Event) => {
    event.preventDefault();
    if (mood === undefined) {
      action.refuse('body.mood', 'is needed: choose how you feel');
      return;
    }
    // Its own key from the moment it is written: kept with no connection and sent later, still one entry.
    const made: QueuedLogEntry = {
      kind: 'log',
      id: crypto.randomUUID(),
      borough: session.borough.id,
      userId: session.userId,
      text: text.trim(),
      mood,
      date: londonDay(new Date()),
      madeAt: new Date().toISOString(),
    };
    // Checked here as the API would: kept now, it must not be refused later.
    if (!navigator.onLine && !made.text) {
      action.refuse('body.text', 'is needed: write a few words about your day');
      return;
    }
    const result = await sendOrKeep(
      action,
      made,
      (timeoutMs) => api.POST('/patients/{patientId}/log', { params: ME, body: { text: made.text, mood, date: made.date }, idempotencyKey: made.id, timeoutMs }),
      () => 'Saved in your log.',
    );
    if (result !== 'refused') {
      setText('');
      setMood(undefined);
    }
  };

  return (
    <>
      <form onSubmit={(e) => void save(e)} noValidate>
        <ErrorSummary error={error} fieldIds={{ 'body.text': 'log-text', 'body.mood': 'mood-1' }} />
        <Saved message={action.saved} />
        <NotSentYet items={queued} session={session} onRetry={() => void flushOutbox(api, session)} />
        <Radios name="mood" legend="How do you feel today?" inline options={[1, 2, 3, 4, 5].map((m) => [m, MOOD_WORDS[m]] as const)} value={mood} onChange={setMood} error={error} field="body.mood" />
        <Field id="log-text" label="What happened today" error={error} field="body.text">
          {(props) => <textarea class="nhsuk-textarea" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} {...props} />}
        </Field>
        <button class="nhsuk-button" type="submit">
          Save
        </button>
      </form>
      <h2 class="nhsuk-heading-m">Earlier</h2>
      {log.error && (log.error.status === 0 ? <p>You are offline: your earlier entries show when you are back online.</p> : <ErrorSummary error={log.error} />)}
      {log.data && log.data.items.length === 0 && <p>Nothing in your log yet.</p>}
      {log.data && <LogEntries entries={log.data.items} />}
    </>
  );
};

type LogEntry = Answer<'/patients/{patientId}/log'>['items'][number];

/** Log entries, newest first: each day's mood in words and what was written. */
export const LogEntries = ({ entries }: { entries: LogEntry[] }) => (
  <ul class="nhsuk-list">
    {entries.map((e) => (
      <li key={e.entryId} class="app-inbox__item">
        <strong>{new Date(`${e.date}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'long' })}</strong>: {MOOD_WORDS[e.mood]}
        <p class="nhsuk-body-s">{e.text}</p>
      </li>
    ))}
  </ul>
);
