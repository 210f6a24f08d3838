import { useState } from 'preact/hooks';
import type { ApiError, BodyOf } from '../api';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { Saved } from '../components/Saved';
import { londonDateTime } from '../dates';
import { useLoad } from '../load';
import { usePageTitle } from '../page-title';
import { wordsFor } from '../words';
import { ProgrammeDetails } from './Library';
import { CATEGORY_WORDS, CategorySelect, type Category, type Programme } from './library-words';

type Fields = BodyOf<'/library/programmes', 'post'>;
const EMPTY: Fields = { name: '', provider: '', category: 'exercise', offers: '', forWhom: '', howToJoin: '', link: 'https://' };
const TEXTS: [keyof Fields, string, string | undefined][] = [
  ['name', 'Name', undefined],
  ['offers', 'What it offers', undefined],
  ['forWhom', 'Who it is for', undefined],
  ['howToJoin', 'How to join', undefined],
  ['link', 'Website', 'An https:// address'],
];
const FIELD_IDS: Record<string, string> = Object.fromEntries(['name', 'provider', 'category', 'offers', 'forWhom', 'howToJoin', 'link'].map((f) => [`body.${f}`, `programme-${f}`]));

/** A programme's fields, for adding one and for changing one. */
const ProgrammeForm = ({ initial, submit, error, onSubmit }: { initial: Fields; submit: string; error?: ApiError | undefined; onSubmit: (fields: Fields) => Promise<boolean> }) => {
  const { api } = useApp();
  const organisations = useLoad(() => api.GET('/borough/organisations'), []);
  const [fields, setFields] = useState(initial);
  const set = (name: keyof Fields, value: string) => setFields({ ...fields, [name]: value });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(fields).then((done) => done && initial === EMPTY && setFields(EMPTY));
      }}
    >
      <ErrorSummary error={error} fieldIds={FIELD_IDS} />
      {TEXTS.map(([name, label, hint]) => (
        <Field id={`programme-${name}`} label={label} hint={hint} error={error} field={`body.${name}`} key={name}>
          {(props) =>
            name === 'name' || name === 'link' ? (
              <input class="nhsuk-input" value={fields[name]} onInput={(e) => set(name, e.currentTarget.value)} {...props} />
            ) : (
              <textarea class="nhsuk-textarea" rows={2} value={fields[name]} onInput={(e) => set(name, e.currentTarget.value)} {...props} />
            )
          }
        </Field>
      ))}
      <Field id="programme-provider" label="Run by" error={error} field="body.provider">
        {(props) => (
          <select class="nhsuk-select" value={fields.provider} onChange={(e) => set('provider', e.currentTarget.value)} {...props}>
            <option value="">Choose an organisation</option>
            {(organisations.data?.items ?? []).map((o) => (
              <option value={o.id} key={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="programme-category" label="Kind" error={error} field="body.category">
        {(props) => <CategorySelect<Category> value={fields.category} onChange={(category) => setFields({ ...fields, category })} {...props} />}
      </Field>
      <button class="nhsuk-button" type="submit">
        {submit}
      </button>
    </form>
  );
};

/** Operators: the whole library, retired programmes too, and adding one. */
export const LibraryAdmin = () => {
  const { api } = useApp();
  const loaded = useLoad(() => api.GET('/library', { params: { query: { include: 'retired' } } }), []);
  const action = useAction(loaded.reload);
  const add = (fields: Fields) =>
    action.run(
      () => api.POST('/library/programmes', { body: fields }),
      (p) => `${p.name} is in the library.`,
    );
  return (
    <>
      <p>The programmes, services and apps patients can find and add to their goals. Every change is kept with who made it and when.</p>
      <ErrorSummary error={loaded.error} />
      <Saved message={action.saved} />
      {loaded.data && (
        <table class="nhsuk-table">
          <caption class="nhsuk-table__caption">Programmes ({loaded.data.items.length})</caption>
          <thead class="nhsuk-table__head">
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Run by</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody class="nhsuk-table__body">
            {loaded.data.items.map((p) => (
              <tr key={p.programmeId}>
                <td>
                  <a href={`#/library/${encodeURIComponent(p.programmeId)}`}>{p.name}</a>
                </td>
                <td>{p.providerName}</td>
                <td>{wordsFor(CATEGORY_WORDS, p.category)}</td>
                <td>{p.status === 'active' ? 'Offered' : 'Retired'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">Add a programme</span>
        </summary>
        <div class="nhsuk-details__text">
          <ProgrammeForm initial={EMPTY} submit="Add the programme" error={action.error} onSubmit={add} />
        </div>
      </details>
    </>
  );
};

const ACTION_WORDS = { created: 'Added', changed: 'Changed', retired: 'Retired', restored: 'Offered again' } as const;

/** A programme's history: who changed what, when. */
const History = ({ programmeId, version }: { programmeId: string; version: number }) => {
  const { api } = useApp();
  const loaded = useLoad(() => api.GET('/library/programmes/{programmeId}/history', { params: { path: { programmeId } } }), [programmeId, version]);
  return (
    <section aria-labelledby="programme-history">
      <h2 class="nhsuk-heading-m" id="programme-history">
        Its history
      </h2>
      <ErrorSummary error={loaded.error} />
      <ol class="nhsuk-list nhsuk-list--border">
        {(loaded.data?.items ?? [])
          .slice()
          .reverse()
          .map((c) => (
            <li key={c.version}>
              {ACTION_WORDS[c.action]} by {c.byName} on {londonDateTime(c.at)}
              {c.action === 'changed' && <span class="app-muted">: {c.changes.map((f) => f.field).join(', ')}</span>}
            </li>
          ))}
      </ol>
    </section>
  );
};

/** Operators: one programme, to change, retire (after a confirmation) or offer again, with its history. */
export const ProgrammeAdmin = ({ programmeId }: { programmeId: string }) => {
  const { api } = useApp();
  const loaded = useLoad(() => api.GET('/library/programmes/{programmeId}', { params: { path: { programmeId } } }), [programmeId]);
  const action = useAction(loaded.reload);
  const [confirming, setConfirming] = useState(false);
  usePageTitle(loaded.data?.name);
  const programme: Programme | undefined = loaded.data;
  if (!programme) return <ErrorSummary error={loaded.error} />;
  const path = { params: { path: { programmeId } }, ifMatch: programme.version };
  const change = (body: BodyOf<'/library/programmes/{programmeId}', 'patch'>, said: string) => action.run(() => api.PATCH('/library/programmes/{programmeId}', { ...path, body }), said);
  const { name, provider, category, offers, forWhom, howToJoin, link } = programme;
  return (
    <>
      <p>
        <a href="#/library">Back to the library</a>
      </p>
      <Saved message={action.saved} />
      <ErrorSummary error={action.error} fieldIds={FIELD_IDS} />
      <p>
        <strong class={`nhsuk-tag ${programme.status === 'active' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>{programme.status === 'active' ? 'Offered' : 'Retired'}</strong>
      </p>
      <ProgrammeDetails programme={programme} />
      {programme.status === 'active' && !confirming && (
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setConfirming(true)}>
          Retire this programme
        </button>
      )}
      {confirming && (
        <div class="nhsuk-warning-callout">
          <h2 class="nhsuk-warning-callout__label">
            <span>
              <span class="nhsuk-u-visually-hidden">Important: </span>Retire {programme.name}?
            </span>
          </h2>
          <p>Patients will no longer find it in the library or add it to a goal. Steps already on their plans stay. You can offer it again later.</p>
          <button class="nhsuk-button nhsuk-button--warning" type="button" onClick={() => void change({ status: 'retired' }, `${programme.name} is retired.`).then(() => setConfirming(false))}>
            Yes, retire it
          </button>{' '}
          <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setConfirming(false)}>
            No, keep it
          </button>
        </div>
      )}
      {programme.status === 'retired' && (
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => void change({ status: 'active' }, `${programme.name} is offered again.`)}>
          Offer it again
        </button>
      )}
      <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">Change it</span>
        </summary>
        <div class="nhsuk-details__text">
          <ProgrammeForm
            key={programme.version}
            initial={{ name, provider, category, offers, forWhom, howToJoin, link }}
            submit="Save the changes"
            error={action.error}
            onSubmit={(fields) => change(fields, `${fields.name} is changed.`)}
          />
        </div>
      </details>
      <History programmeId={programmeId} version={programme.version} />
    </>
  );
};
