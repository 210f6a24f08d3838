import { useState } from 'preact/hooks';
import { ME, type Answer, type Api, type ApiError, type BodyOf } from '../api';
import { useAction, type Action } from '../action';
import { FindSomeone, granteeOf, type Match } from './FindSomeone';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Saved } from '../components/Saved';
import { useLoad } from '../load';
import { wordsFor } from '../words';

type Grant = Answer<'/patients/{patientId}/grants'>['items'][number];
type Grantee = Grant['grantee'];
type Scope = Grant['scopes'][number];
type NewGrant = BodyOf<'/patients/{patientId}/grants', 'post'>;

/** What each scope lets a petal do, in the patient's words. */
export const SCOPE_WORDS: Record<Scope, string> = {
  'plan:read': 'see my plan',
  'plan:contribute': 'add steps and comments to my plan',
  'crisis-plan:read': 'see my crisis plan',
  'log:read': 'read my log',
  'health:read': 'see my health checks',
  'health:contribute': 'add health checks',
  'phb:read': 'see my budget and requests',
  'phb:request': 'ask for things from my budget for me',
  messages: 'message me',
};

/** What a scope's words alone leave out, under its checkbox. */
const SCOPE_HINTS: Partial<Record<Scope, string>> = {
  messages: 'They read what you send them and write back, in working hours: in a crisis, do not wait for a reply.',
};

/** Who a petal is, as a heading: a person's name, a team's name, or paramedics in an emergency (never an id). */
const nameOf = (g: Grantee): string => (g.type === 'person' || g.type === 'emergency-access' ? g.person.name : g.label);

/** What a petal's person does and where ("Health care assistant, East London NHS Foundation Trust"), or what a team petal means. */
const detailOf = (g: Grantee): string | undefined => {
  if (g.type === 'organisation') return 'A team: everyone who works there';
  if (g.type === 'emergency') return 'Only when a paramedic asks in an emergency, for 30 minutes';
  const role = [g.person.roleTitle, g.person.org?.name].filter(Boolean).join(', ');
  return g.person.active ? role || undefined : [role, 'no longer working with the platform'].filter(Boolean).join(': ');
};

/** Every grant, page after page (the API pages them; a flower holds at most 50 in force). */
const allGrants = async (api: Api): Promise<{ items: Grant[] }> => {
  const items: Grant[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.GET('/patients/{patientId}/grants', { params: { ...ME, query: { limit: 100, ...(cursor ? { cursor } : {}) } } });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items };
};

/** "My flower": the people and organisations I share with, one petal each; add, change, remove. */
export const Sharing = () => {
  const { api } = useApp();
  const grants = useLoad(() => allGrants(api), []);
  const action = useAction(grants.reload);
  const { error } = action;

  if (grants.loading) return <p role="status">Loading who you share with…</p>;
  if (grants.error || !grants.data) return <ErrorSummary error={grants.error} />;
  const petals = grants.data.items.filter((g) => g.state === 'active' || g.state === 'scheduled');
  return (
    <>
      <p>Each petal is someone you share with, and what they can see or do. Removing a petal stops their access at once.</p>
      <ErrorSummary
        error={error}
        fieldIds={{ 'body.grantee.userId': 'petal-search', 'body.grantee.org': 'petal-search', 'body.grantee': 'petal-search', 'body.scopes': 'petal-scopes' }}
        names={{ 'body.grantee': 'Who', 'body.grantee.userId': 'Who', 'body.grantee.org': 'Who' }}
      />
      <Saved message={action.saved} />
      <ul class="app-flower" aria-label="My flower">
        {petals.map((g) => (
          <li class="app-petal" key={g.grantId}>
            <h2 class="nhsuk-heading-s app-petal__name">{nameOf(g.grantee)}</h2>
            {detailOf(g.grantee) && <p class="nhsuk-body-s app-petal__role">{detailOf(g.grantee)}</p>}
            {g.note && <p class="nhsuk-body-s app-muted">{g.note}</p>}
            <p class="nhsuk-body-s">Can {g.scopes.map((s) => wordsFor(SCOPE_WORDS, s)).join(', ')}.</p>
            {g.grantee.type !== 'emergency' && (
              <ChangePetal
                key={`${g.grantId}-${g.version}`}
                grant={g}
                onSave={(scopes) =>
                  action.run(
                    () => api.PATCH('/patients/{patientId}/grants/{grantId}', { params: { path: { ...ME.path, grantId: g.grantId } }, ifMatch: g.version, body: { scopes } }),
                    `${nameOf(g.grantee)} can now ${scopes.map((s) => wordsFor(SCOPE_WORDS, s)).join(', ')}.`,
                  )
                }
              />
            )}
            {g.grantee.type !== 'emergency' && (
              <button
                type="button"
                class="nhsuk-button nhsuk-button--warning app-small-button"
                onClick={() =>
                  void action.run(
                    () => api.DELETE('/patients/{patientId}/grants/{grantId}', { params: { path: { ...ME.path, grantId: g.grantId } } }),
                    `${nameOf(g.grantee)} can no longer see your information.`,
                  )
                }
              >
                Remove<span class="nhsuk-u-visually-hidden"> {nameOf(g.grantee)}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <AddPetal
        error={error}
        refuse={(field, detail) => action.refuse(field, detail)}
        onAdd={(body) =>
          action.run(
            () => api.POST('/patients/{patientId}/grants', { params: ME, body }),
            (g) => `You now share with ${nameOf(g.grantee)}.`,
          )
        }
      />
    </>
  );
};

/** The scopes as checkboxes in the patient's words; for a new petal and for changing one. */
export const ScopeChoices = ({ idPrefix, legend, scopes, onChange }: { idPrefix: string; legend: string; scopes: Scope[]; onChange: (scopes: Scope[]) => void }) => (
  <div class="nhsuk-form-group">
    <fieldset class="nhsuk-fieldset" id={`${idPrefix}-scopes`}>
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      <div class="nhsuk-checkboxes">
        {(Object.entries(SCOPE_WORDS) as [Scope, string][]).map(([scope, words]) => {
          const id = `${idPrefix}-scope-${scope.replace(':', '-')}`;
          const hint = SCOPE_HINTS[scope];
          return (
            <div class="nhsuk-checkboxes__item" key={scope}>
              <input
                class="nhsuk-checkboxes__input"
                id={id}
                type="checkbox"
                checked={scopes.includes(scope)}
                aria-describedby={hint ? `${id}-hint` : undefined}
                onChange={(e) => onChange(e.currentTarget.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
              />
              <label class="nhsuk-label nhsuk-checkboxes__label" for={id}>
                {words}
              </label>
              {hint && (
                <div class="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
                  {hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  </div>
);

/** Changing what a petal may do: sent with the version it was based on, so a change made elsewhere is not undone. */
const ChangePetal = ({ grant, onSave }: { grant: Grant; onSave: (scopes: Scope[]) => Promise<boolean> }) => {
  const [scopes, setScopes] = useState(grant.scopes);
  const idPrefix = `change-${grant.grantId}`;
  return (
    <details class="nhsuk-details">
      <summary class="nhsuk-details__summary">
        <span class="nhsuk-details__summary-text">Change what {nameOf(grant.grantee)} can do</span>
      </summary>
      <div class="nhsuk-details__text">
        <ScopeChoices idPrefix={idPrefix} legend={`${nameOf(grant.grantee)} can`} scopes={scopes} onChange={setScopes} />
        <button type="button" class="nhsuk-button nhsuk-button--secondary app-small-button" onClick={() => void onSave(scopes)}>
          Save changes<span class="nhsuk-u-visually-hidden"> for {nameOf(grant.grantee)}</span>
        </button>
      </div>
    </details>
  );
};

const AddPetal = ({ error, refuse, onAdd }: { error?: ApiError; refuse: Action['refuse']; onAdd: (body: NewGrant) => Promise<boolean> }) => {
  const [chosen, setChosen] = useState<Match>();
  const [scopes, setScopes] = useState<Scope[]>(['plan:read']);
  // A new finder after each petal added: the search starts again empty.
  const [round, setRound] = useState(0);
  const submit = (event: Event) => {
    event.preventDefault();
    if (!chosen) {
      refuse('body.grantee', 'is missing: find them by name and choose them');
      return;
    }
    void onAdd({ grantee: granteeOf(chosen), scopes }).then((done) => {
      if (!done) return;
      setChosen(undefined);
      setRound(round + 1);
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2 class="nhsuk-heading-m">Add a petal</h2>
      <FindSomeone key={round} chosen={chosen} onChoose={setChosen} error={error} />
      <ScopeChoices idPrefix="petal" legend="They can" scopes={scopes} onChange={setScopes} />
      <button class="nhsuk-button" type="submit">
        Share
      </button>
    </form>
  );
};
