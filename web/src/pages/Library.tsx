import { useState } from 'preact/hooks';
import { ME } from '../api';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field, Radios } from '../components/Field';
import { Saved } from '../components/Saved';
import { SummaryList } from '../components/SummaryList';
import { useLoad } from '../load';
import { usePageTitle } from '../page-title';
import { wordsFor } from '../words';
import { CATEGORY_WORDS, CategorySelect, type Category, type Programme } from './library-words';
import { ScopeChoices, SCOPE_WORDS } from './Sharing';

/** A search of the library: words, and a category or all. */
const SearchForm = ({ onSearch }: { onSearch: (q: string, category: Category | '') => void }) => {
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<Category | ''>('');
  return (
    <form
      role="search"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(q.trim(), category);
      }}
    >
      <Field id="library-q" label="Search the library" hint="For example walking, cooking, an app, or who runs it" field="query.q">
        {(props) => <input class="nhsuk-input nhsuk-input--width-20" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} {...props} />}
      </Field>
      <Field id="library-category" label="Kind of programme" field="query.category">
        {(props) => <CategorySelect<Category | ''> value={category} onChange={setCategory} any {...props} />}
      </Field>
      <button class="nhsuk-button nhsuk-button--secondary" type="submit">
        Search
      </button>
    </form>
  );
};

/** The library as a patient (or anyone signed in) browses it: search, a kind, results as cards. */
export const Library = () => {
  const { api } = useApp();
  // `asked` counts the searches: the same words searched again are looked up again (the library may have changed).
  const [search, setSearch] = useState<{ q: string; category: Category | ''; asked: number }>({ q: '', category: '', asked: 0 });
  const loaded = useLoad(
    () => api.GET('/library', { params: { query: { ...(search.q ? { q: search.q } : {}), ...(search.category ? { category: search.category } : {}) } } }),
    [search.q, search.category, search.asked],
  );
  const items = loaded.data?.items;
  return (
    <>
      <p>Programmes, services and apps in your area that can help with your goals. Open one to add it to a goal or to share with the people who run it.</p>
      <SearchForm onSearch={(q, category) => setSearch({ q, category, asked: search.asked + 1 })} />
      <ErrorSummary error={loaded.error} />
      {items && <p role="status">{items.length === 0 ? 'Nothing found. Try other words or all kinds.' : `${items.length} ${items.length === 1 ? 'programme' : 'programmes'}`}</p>}
      {items && items.length > 0 && (
        <ul class="nhsuk-grid-row nhsuk-card-group" aria-label="Programmes found">
          {items.map((p) => (
            <li class="nhsuk-grid-column-one-half nhsuk-card-group__item" key={p.programmeId}>
              <div class="nhsuk-card nhsuk-card--clickable">
                <div class="nhsuk-card__content">
                  <h2 class="nhsuk-card__heading nhsuk-heading-s">
                    <a class="nhsuk-card__link" href={`#/library/${encodeURIComponent(p.programmeId)}`}>
                      {p.name}
                    </a>
                  </h2>
                  <p class="nhsuk-card__description">
                    {wordsFor(CATEGORY_WORDS, p.category)}, by {p.providerName}
                  </p>
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
};

/** A programme's details, as everyone reads them; the link opens in a new tab. */
export const ProgrammeDetails = ({ programme }: { programme: Programme }) => (
  <SummaryList
    rows={[
      ['Run by', programme.providerName],
      ['Kind', wordsFor(CATEGORY_WORDS, programme.category)],
      ['What it offers', programme.offers],
      ['Who it is for', programme.forWhom],
      ['How to join', programme.howToJoin],
      [
        'Website',
        <a href={programme.link} target="_blank" rel="noopener noreferrer">
          {programme.name} website (opens in a new tab)
        </a>,
      ],
    ]}
  />
);

/** "Add to a goal": one of her open goals, then a step about the programme on it. */
const AddToGoal = ({ programme }: { programme: Programme }) => {
  const { api } = useApp();
  const plan = useLoad(() => api.GET('/patients/{patientId}/plan', { params: ME }), []);
  const [goalId, setGoalId] = useState<string>();
  const action = useAction();
  const goals = (plan.data?.goals ?? []).filter((g) => g.status === 'active');
  const add = async (event: Event) => {
    event.preventDefault();
    const goal = goals.find((g) => g.goalId === goalId);
    if (!goal) {
      action.refuse('goal', 'Choose the goal to add it to');
      return;
    }
    await action.run(
      () =>
        api.POST('/patients/{patientId}/goals/{goalId}/steps', {
          params: { path: { ...ME.path, goalId: goal.goalId } },
          body: { text: `Try the ${programme.name}`, programmeId: programme.programmeId },
        }),
      `Added to your goal “${goal.description}” as a step.`,
    );
  };
  return (
    <section aria-labelledby="add-to-goal">
      <h2 class="nhsuk-heading-m" id="add-to-goal">
        Add to a goal
      </h2>
      <ErrorSummary error={plan.error ?? action.error} fieldIds={{ goal: 'goal-1', 'body.programmeId': 'goal-1' }} names={{ goal: 'Goal', 'body.programmeId': 'Programme' }} />
      <Saved message={action.saved} />
      {plan.data && goals.length === 0 && (
        <p>
          You have no goals yet. <a href="#/plan">Add a goal to your plan</a> first.
        </p>
      )}
      {goals.length > 0 && (
        <form onSubmit={(e) => void add(e)} noValidate>
          <Radios
            name="goal"
            legend="Which goal would it help with?"
            options={goals.map((g) => [g.goalId, g.description] as const)}
            value={goalId}
            onChange={setGoalId}
            error={action.error}
            field="goal"
          />
          <button class="nhsuk-button" type="submit">
            Add to my goal
          </button>
        </form>
      )}
    </section>
  );
};

type Scope = keyof typeof SCOPE_WORDS;

/** "Share with <provider>": a petal for the organisation that runs it, with what she chooses. */
const ShareWithProvider = ({ programme }: { programme: Programme }) => {
  const { api } = useApp();
  const [scopes, setScopes] = useState<Scope[]>(['plan:read']);
  const action = useAction();
  const share = async (event: Event) => {
    event.preventDefault();
    if (scopes.length === 0) {
      action.refuse('body.scopes', 'Choose at least one thing they can do');
      return;
    }
    await action.run(
      () => api.POST('/patients/{patientId}/grants', { params: ME, body: { grantee: { type: 'organisation', org: programme.provider }, scopes } }),
      `${programme.providerName} can now ${scopes.map((s) => wordsFor(SCOPE_WORDS, s)).join(', ')}. Change it any time on your flower.`,
    );
  };
  return (
    <section aria-labelledby="share-provider">
      <h2 class="nhsuk-heading-m" id="share-provider">
        Share with {programme.providerName}
      </h2>
      <p>Add a petal to your flower for the team who run it: you choose what they can see or do, and you can change or remove it any time.</p>
      <ErrorSummary error={action.error} fieldIds={{ 'body.scopes': 'share-scopes', 'body.grantee': 'share-scopes' }} names={{ 'body.scopes': 'What they can do' }} />
      <Saved message={action.saved} />
      <form onSubmit={(e) => void share(e)} noValidate>
        <ScopeChoices idPrefix="share" legend={`${programme.providerName} can`} scopes={scopes} onChange={setScopes} />
        <button class="nhsuk-button nhsuk-button--secondary" type="submit">
          Share with {programme.providerName}
        </button>
      </form>
    </section>
  );
};

/** A programme's page: what it offers, and for a patient "Add to a goal" and "Share with <provider>". */
export const ProgrammePage = ({ programmeId, patient }: { programmeId: string; patient: boolean }) => {
  const { api } = useApp();
  const loaded = useLoad(() => api.GET('/library/programmes/{programmeId}', { params: { path: { programmeId } } }), [programmeId]);
  usePageTitle(loaded.data?.name);
  const programme = loaded.data;
  return (
    <>
      <p>
        <a class="nhsuk-back-link__link" href="#/library">
          Back to the library
        </a>
      </p>
      <ErrorSummary error={loaded.error} />
      {programme && (
        <>
          <ProgrammeDetails programme={programme} />
          {patient && <AddToGoal programme={programme} />}
          {patient && <ShareWithProvider programme={programme} />}
        </>
      )}
    </>
  );
};
