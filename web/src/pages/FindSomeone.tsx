import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Answer } from '../api';
import { useApp } from '../app-context';
import { FieldError, fieldError } from '../components/ErrorSummary';

type Found = Answer<'/directory'>;
export type Match = Found['items'][number];

/** The grantee a match stands for, as a new grant names them. */
export const granteeOf = (m: Match): { type: 'person'; userId: string } | { type: 'organisation'; org: string } =>
  m.type === 'person' ? { type: 'person', userId: m.person.userId } : { type: 'organisation', org: m.org.id };

const keyOf = (m: Match): string => (m.type === 'person' ? `person-${m.person.userId}` : `organisation-${m.org.id}`);

/** Letters and digits typed: the API looks up from 2. */
const enoughTyped = (q: string): boolean => q.replace(/[^\p{L}\p{N}]/gu, '').length >= 2;

/** How long typing pauses before looking up: one lookup per pause, not per key (the API limits lookups per minute). */
const PAUSE_MS = 400;

/** The grant fields whose errors belong to the choice of who. */
const WHO_FIELDS = ['body.grantee.userId', 'body.grantee.org', 'body.grantee'];

/**
 * Finding who to share with by name: a search box (looked up as you type, or with the button), and the
 * borough's care staff and organisations it finds as radio buttons, each with role and organisation.
 */
export const FindSomeone = ({ chosen, onChoose, error }: { chosen?: Match; onChoose: (m: Match | undefined) => void; error?: ApiError }) => {
  const { api } = useApp();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found>();
  const [problem, setProblem] = useState<ApiError>();
  // Answers can arrive out of order: only the latest lookup's counts.
  const latest = useRef(0);

  const look = async (text: string) => {
    const mine = ++latest.current;
    try {
      const answer = await api.GET('/directory', { params: { query: { q: text } } });
      if (mine !== latest.current) return;
      setFound(answer);
      setProblem(undefined);
    } catch (e) {
      if (!(e instanceof ApiError) || mine !== latest.current) return;
      setFound(undefined);
      setProblem(e);
    }
  };

  useEffect(() => {
    if (!enoughTyped(q)) return;
    const timer = setTimeout(() => void look(q), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [q]);

  const searchMessage = fieldError(problem, 'query.q') ?? (problem ? problem.message : undefined);
  const whoMessage = WHO_FIELDS.map((f) => fieldError(error, f)).find(Boolean);
  const items = found?.items ?? [];
  return (
    <>
      <div class={`nhsuk-form-group${searchMessage ? ' nhsuk-form-group--error' : ''}`}>
        <label class="nhsuk-label nhsuk-label--s" for="petal-search">
          Who do you want to share with?
        </label>
        <div class="nhsuk-hint" id="petal-search-hint">
          Type at least 2 letters of their name, their job or their organisation, for example Okafor, coach or Core Sport.
        </div>
        <FieldError message={searchMessage} id="petal-search-error" />
        <div class="app-search-row">
          <input
            class="nhsuk-input nhsuk-input--width-20"
            id="petal-search"
            type="search"
            autocomplete="off"
            value={q}
            aria-describedby={`petal-search-hint${searchMessage ? ' petal-search-error' : ''}`}
            aria-invalid={searchMessage ? true : undefined}
            onInput={(e) => {
              setQ(e.currentTarget.value);
              onChoose(undefined);
            }}
            onKeyDown={(e) => {
              // Enter looks up now, instead of sending the whole form.
              if (e.key === 'Enter') {
                e.preventDefault();
                void look(q);
              }
            }}
          />
          <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => void look(q)}>
            Search
          </button>
        </div>
      </div>
      <p role="status" class="nhsuk-body-s">
        {found === undefined
          ? ''
          : items.length === 0
            ? 'Nobody found. Check the spelling, or try part of the name.'
            : `${String(items.length)} found${found.more ? ': type more of the name to see others' : ''}.`}
      </p>
      {items.length > 0 && (
        <div class={`nhsuk-form-group${whoMessage ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset class="nhsuk-fieldset" aria-describedby={whoMessage ? 'petal-choice-error' : undefined}>
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Choose who</legend>
            <FieldError message={whoMessage} id="petal-choice-error" />
            <div class="nhsuk-radios">
              {items.map((m, i) => {
                const id = `petal-choice-${String(i + 1)}`;
                return (
                  <div class="nhsuk-radios__item" key={keyOf(m)}>
                    <input class="nhsuk-radios__input" id={id} name="petal-choice" type="radio" checked={chosen !== undefined && keyOf(chosen) === keyOf(m)} onChange={() => onChoose(m)} />
                    <label class="nhsuk-label nhsuk-radios__label" for={id}>
                      {m.type === 'person' ? m.person.name : m.org.name}
                      <span class="nhsuk-hint app-choice-detail">{m.type === 'person' ? [m.person.roleTitle, m.person.org?.name].filter(Boolean).join(', ') : 'A team: everyone who works there'}</span>
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
      )}
      {items.length === 0 && <FieldError message={whoMessage} id="petal-choice-error" />}
    </>
  );
};
