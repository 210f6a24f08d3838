import { useState } from 'preact/hooks';
import { ME, type Answer, type Api, type ApiError, type BodyOf } from '../api';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
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
};

const nameOf = (g: Grantee): string => (g.type === 'person' ? g.userId : g.type === 'organisation' ? `${g.org} (organisation)` : 'Ambulance crews in an emergency');

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
      <ErrorSummary error={error} fieldIds={{ 'body.grantee.userId': 'petal-person', 'body.scopes': 'petal-scopes' }} />
      <Saved message={action.saved} />
      <ul class="app-flower" aria-label="My flower">
        {petals.map((g) => (
          <li class="app-petal" key={g.grantId}>
            <h2 class="nhsuk-heading-s app-petal__name">{nameOf(g.grantee)}</h2>
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
      <AddPetal error={error} onAdd={(body) => action.run(() => api.POST('/patients/{patientId}/grants', { params: ME, body }), 'Shared.')} />
    </>
  );
};

/** The scopes as checkboxes in the patient's words; for a new petal and for changing one. */
const ScopeChoices = ({ idPrefix, legend, scopes, onChange }: { idPrefix: string; legend: string; scopes: Scope[]; onChange: (scopes: Scope[]) => void }) => (
  <div class="nhsuk-form-group">
    <fieldset class="nhsuk-fieldset" id={`${idPrefix}-scopes`}>
      <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
      <div class="nhsuk-checkboxes">
        {(Object.entries(SCOPE_WORDS) as [Scope, string][]).map(([scope, words]) => {
          const id = `${idPrefix}-scope-${scope.replace(':', '-')}`;
          return (
            <div class="nhsuk-checkboxes__item" key={scope}>
              <input
                class="nhsuk-checkboxes__input"
                id={id}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) => onChange(e.currentTarget.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
              />
              <label class="nhsuk-label nhsuk-checkboxes__label" for={id}>
                {words}
              </label>
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

const AddPetal = ({ error, onAdd }: { error?: ApiError; onAdd: (body: NewGrant) => Promise<boolean> }) => {
  const [who, setWho] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['plan:read']);
  const submit = (event: Event) => {
    event.preventDefault();
    void onAdd({ grantee: { type: 'person', userId: who.trim() }, scopes }).then((done) => done && setWho(''));
  };
  return (
    <form onSubmit={submit} noValidate>
      <h2 class="nhsuk-heading-m">Add a petal</h2>
      <Field id="petal-person" label="Their user name" hint="Ask them for it: for example, miriam" error={error} field={['body.grantee.userId', 'body.grantee']}>
        {(props) => <input class="nhsuk-input nhsuk-input--width-20" name="userId" value={who} onInput={(e) => setWho(e.currentTarget.value)} {...props} />}
      </Field>
      <ScopeChoices idPrefix="petal" legend="They can" scopes={scopes} onChange={setScopes} />
      <button class="nhsuk-button" type="submit">
        Share
      </button>
    </form>
  );
};
