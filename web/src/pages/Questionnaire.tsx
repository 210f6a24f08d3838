import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME, type Answer as ApiAnswer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Radios } from '../components/Field';
import { OlderButton } from '../components/OlderButton';
import { Saved } from '../components/Saved';
import { Table } from '../components/Table';
import { TrendChart } from '../components/TrendChart';
import { useLoad, usePages, type Paged } from '../load';
import type { Whose } from '../words';

type QuestionnaireView = ApiAnswer<'/questionnaires/reqol-10'>;
type ResponseView = ApiAnswer<'/patients/{patientId}/questionnaires', 'post'>;

/** How a score compares with the first, in words: only a reliable change is called a change. */
const comparedWords = (r: ResponseView, first: boolean, whose: Whose = 'mine'): string => {
  const their = whose === 'mine' ? 'your' : 'their';
  if (first || r.changeSinceFirst === undefined) return whose === 'mine' ? 'Your first score' : 'Their first score';
  const by = Math.abs(r.changeSinceFirst);
  if (r.reliable === 'improved') return `${by} higher than ${their} first: a real improvement`;
  if (r.reliable === 'deteriorated')
    return whose === 'mine' ? `${by} lower than your first: a real change. You could talk to someone you trust or your care team about it` : `${by} lower than their first: a real change`;
  return `About the same as ${their} first`;
};

/** How the API names the answer to the statement at index `i` in a problem. */
const fieldOf = (i: number): string => `body.answers.${i}`;

const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/**
 * ReQoL-10: the questionnaire in the borough's licensed wording (the API scores the answers, so no
 * page has to know which items count in reverse), and my scores over time.
 */
export const Questionnaire = () => {
  const { api } = useApp();
  const questionnaire = useLoad(() => api.GET('/questionnaires/reqol-10'), []);
  const responses = usePages((query) => api.GET('/patients/{patientId}/questionnaires', { params: { ...ME, query } }), []);
  const [saved, setSaved] = useState<string>();

  return (
    <>
      <p>Ten statements about how you have been feeling and getting on. Answering every few months shows how things change over time.</p>
      <Saved message={saved} />
      <h2 class="nhsuk-heading-m">My scores</h2>
      <Scores responses={responses} whose="mine" />
      <h2 class="nhsuk-heading-m">Answer the questionnaire</h2>
      {questionnaire.loading ? (
        <p role="status">Loading the questions…</p>
      ) : questionnaire.data ? (
        <Answer
          questionnaire={questionnaire.data}
          onSent={async (made) => {
            // The very first answer has nothing to be compared with.
            const first = responses.items.length === 0 && !responses.error;
            await responses.reload();
            setSaved(`Thank you. Your score is ${made.total} out of 40.${first ? ' This is your first score: the next ones will be compared with it.' : ` ${comparedWords(made, false)}.`}`);
          }}
        />
      ) : questionnaire.error?.status === 404 ? (
        <p>Your borough has not added the questions yet. Your care team can tell you when it will be ready.</p>
      ) : (
        <ErrorSummary error={questionnaire.error} />
      )}
    </>
  );
};

const Answer = ({ questionnaire, onSent }: { questionnaire: QuestionnaireView; onSent: (made: ResponseView) => Promise<void> }) => {
  const { api } = useApp();
  const [answers, setAnswers] = useState<(number | undefined)[]>(() => questionnaire.items.map(() => undefined));
  // The page says what the score is: this form only says what went wrong.
  const action = useAction();
  const { error } = action;
  const fields = questionnaire.items.map((_, i) => fieldOf(i));

  const send = async (event: Event) => {
    event.preventDefault();
    const missing = answers.flatMap((a, i) => (a === undefined ? [{ field: fieldOf(i), detail: 'needs an answer' }] : []));
    if (missing.length) {
      action.refuse(missing);
      return;
    }
    const picked = answers.filter((a) => a !== undefined);
    let made: ResponseView | undefined;
    if ((await action.run(async () => (made = await api.POST('/patients/{patientId}/questionnaires', { params: ME, body: { answers: picked } })), '')) && made) {
      setAnswers(questionnaire.items.map(() => undefined));
      await onSent(made);
    }
  };

  return (
    <form onSubmit={(e) => void send(e)} noValidate>
      <p>{questionnaire.instructions}</p>
      <ErrorSummary error={error} fieldIds={Object.fromEntries(fields.map((f, i) => [f, `reqol-${i + 1}-1`]))} names={Object.fromEntries(fields.map((f, i) => [f, `Statement ${i + 1}`]))} />
      {questionnaire.items.map((item, i) => (
        <Radios
          key={item.linkId}
          name={`reqol-${i + 1}`}
          legend={`${i + 1}. ${item.text}`}
          options={questionnaire.answers.map((a) => [a.value, a.text] as const)}
          value={answers[i]}
          onChange={(value: number) => setAnswers(answers.map((a, j) => (j === i ? value : a)))}
          error={error}
          field={fieldOf(i)}
        />
      ))}
      <button class="nhsuk-button" type="submit">
        Send my answers
      </button>
      <p class="nhsuk-body-s app-muted">{questionnaire.copyright}</p>
    </form>
  );
};

/** ReQoL-10 scores over time: the trend (0 to 40) and each score compared with the first. */
export const Scores = ({ responses, whose }: { responses: Paged<ResponseView>; whose: Whose }) => {
  const oldestFirst = [...responses.items].reverse();
  return (
    <>
      <ErrorSummary error={responses.error} />
      {responses.loading && responses.items.length === 0 ? (
        <p role="status">{whose === 'mine' ? 'Loading your scores…' : 'Loading the scores…'}</p>
      ) : responses.items.length === 0 ? (
        <p>{whose === 'mine' ? 'You have not answered it yet.' : 'Not answered yet.'}</p>
      ) : (
        <>
          <TrendChart label="Score out of 40" lines={[{ label: 'Score', values: oldestFirst.map((r) => r.total) }]} scale={[0, 40]} />
          <Table
            caption={whose === 'mine' ? 'My scores, newest first' : 'Scores, newest first'}
            headings={['When', 'Score (out of 40, higher is better)', whose === 'mine' ? 'Compared with my first' : 'Compared with their first']}
            rows={responses.items}
            rowKey={(r) => r.responseId}
            cells={(r) => [day(r.at), r.total, comparedWords(r, !responses.more && r === oldestFirst[0], whose)]}
          />
          <OlderButton list={responses} what="scores" />
        </>
      )}
    </>
  );
};
