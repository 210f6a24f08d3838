import { londonDate } from '../dates';
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME, type Answer } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { DownloadButton } from '../components/DownloadButton';
import { Field } from '../components/Field';
import { Saved } from '../components/Saved';
import { SummaryList } from '../components/SummaryList';
import { useKeptLoad } from '../load';
import { OfflineCopy } from '../offline/OfflineCopy';

export type CrisisPlanView = Answer<'/patients/{patientId}/crisis-plan'>;
type Contact = CrisisPlanView['contacts'][number];

export const LISTS = [
  ['warningSigns', 'My warning signs', 'What I or others might notice when I am becoming unwell'],
  ['whatHelps', 'What helps me', 'Things that help when I am struggling'],
  ['whatToAvoid', 'What to avoid', 'Things that make it worse'],
] as const;

type ListKey = (typeof LISTS)[number][0];
type Draft = Record<ListKey, string> & { contacts: Contact[]; medicationNotes: string };

const draftOf = (plan: CrisisPlanView): Draft => ({
  warningSigns: plan.warningSigns.join('\n'),
  whatHelps: plan.whatHelps.join('\n'),
  whatToAvoid: plan.whatToAvoid.join('\n'),
  contacts: plan.contacts.length ? plan.contacts : [{ name: '' }],
  medicationNotes: plan.medicationNotes ?? '',
});

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** My crisis plan: read it, and change it (If-Match: a change made elsewhere meanwhile is not overwritten). */
export const CrisisPlan = () => {
  const { api, session } = useApp();
  // Kept for the session: the plan to turn to in a crisis opens even with no signal.
  const plan = useKeptLoad(session, 'crisis-plan', () => api.GET('/patients/{patientId}/crisis-plan', { params: ME }), []);
  const [draft, setDraft] = useState<Draft>();
  // A stale save (412) reloads: what is there now is shown, so nothing is overwritten unseen.
  const action = useAction(plan.reload);
  const { error } = action;
  useEffect(() => {
    if (plan.data) setDraft(draftOf(plan.data));
  }, [plan.data]);

  if (plan.loading) return <p role="status">Loading your crisis plan…</p>;
  if (plan.error || !plan.data || !draft) return <ErrorSummary error={plan.error} />;
  if (plan.asOf) {
    return (
      <>
        <OfflineCopy what="your crisis plan" asOf={plan.asOf} then="You can change it when you are back online." />
        {plan.data.version === 0 ? <p>You have not written your crisis plan yet.</p> : <CrisisPlanSummary plan={plan.data} mine />}
      </>
    );
  }
  const version = plan.data.version;

  const save = async (event: Event) => {
    event.preventDefault();
    const contacts = draft.contacts
      .filter((c) => c.name.trim())
      .map((c) => ({ name: c.name.trim(), ...(c.relationship?.trim() ? { relationship: c.relationship.trim() } : {}), ...(c.phone?.trim() ? { phone: c.phone.trim() } : {}) }));
    const body = {
      warningSigns: lines(draft.warningSigns),
      whatHelps: lines(draft.whatHelps),
      whatToAvoid: lines(draft.whatToAvoid),
      contacts,
      ...(draft.medicationNotes.trim() ? { medicationNotes: draft.medicationNotes.trim() } : {}),
    };
    await action.run(() => api.PUT('/patients/{patientId}/crisis-plan', { params: ME, ifMatch: version, body }), 'Your crisis plan is saved.');
  };

  const setContact = (i: number, field: keyof Contact, value: string) => setDraft({ ...draft, contacts: draft.contacts.map((c, j) => (j === i ? { ...c, [field]: value } : c)) });
  const ids = Object.fromEntries([
    ...LISTS.map(([k]) => [`body.${k}`, `crisis-${k}`] as const),
    ['body.medicationNotes', 'crisis-medication'] as const,
    ...draft.contacts.flatMap(
      (_, i) =>
        [
          [`body.contacts.${i}.phone`, `contact-${i}-phone`],
          [`body.contacts.${i}.name`, `contact-${i}-name`],
        ] as const,
    ),
  ]);

  return (
    <>
      {version > 0 && <PrintCard />}
      <form onSubmit={(e) => void save(e)} noValidate>
        <p>Share this with the people who support you, so they know what to do if you are in crisis. Paramedics can see it in an emergency if you allow it.</p>
        <ErrorSummary error={error} fieldIds={ids} />
        <Saved message={action.saved} />
        {LISTS.map(([key, label, hint]) => (
          <Field key={key} id={`crisis-${key}`} label={label} hint={`${hint}. One on each line.`} bold error={error} field={`body.${key}`}>
            {(props) => <textarea class="nhsuk-textarea" rows={4} value={draft[key]} onInput={(e) => setDraft({ ...draft, [key]: e.currentTarget.value })} {...props} />}
          </Field>
        ))}
        <fieldset class="nhsuk-fieldset">
          <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">People to contact</legend>
          {draft.contacts.map((c, i) => (
            <div class="app-contact" key={i}>
              {(
                [
                  ['name', 'Name', 'nhsuk-input--width-20'],
                  ['relationship', 'Who they are to you', 'nhsuk-input--width-20'],
                  ['phone', 'Phone number', 'nhsuk-input--width-10'],
                ] as const
              ).map(([field, label, width]) => (
                <Field
                  key={field}
                  id={`contact-${i}-${field}`}
                  label={
                    <>
                      {label}
                      <span class="nhsuk-u-visually-hidden"> (contact {i + 1})</span>
                    </>
                  }
                  error={error}
                  field={`body.contacts.${i}.${field}`}
                >
                  {(props) => (
                    <input
                      class={`nhsuk-input ${width}`}
                      inputMode={field === 'phone' ? 'tel' : 'text'}
                      autoComplete={field === 'phone' ? 'tel' : 'off'}
                      value={c[field] ?? ''}
                      onInput={(e) => setContact(i, field, e.currentTarget.value)}
                      {...props}
                    />
                  )}
                </Field>
              ))}
            </div>
          ))}
          {draft.contacts.length < 10 && (
            <button type="button" class="nhsuk-button nhsuk-button--secondary" onClick={() => setDraft({ ...draft, contacts: [...draft.contacts, { name: '' }] })}>
              Add another person
            </button>
          )}
        </fieldset>
        <Field id="crisis-medication" label="Notes about my medication" bold error={error} field="body.medicationNotes">
          {(props) => <textarea class="nhsuk-textarea" rows={3} value={draft.medicationNotes} onInput={(e) => setDraft({ ...draft, medicationNotes: e.currentTarget.value })} {...props} />}
        </Field>
        <button class="nhsuk-button" type="submit">
          Save my crisis plan
        </button>
      </form>
    </>
  );
};

/** The crisis plan as a card to carry: who to call, what helps, what to avoid, with the date it was last changed. */
const PrintCard = () => {
  const { api } = useApp();
  return (
    <div class="nhsuk-inset-text">
      <span class="nhsuk-u-visually-hidden">Information: </span>
      <p>
        Print your crisis card to carry in your wallet: who to call, what helps and what to avoid, on a card the size of a bank card to cut out, fold and laminate. When you change your plan, print a
        new one.
      </p>
      <DownloadButton label="Download my crisis card (PDF)" download={() => api.download('/patients/{patientId}/crisis-plan/card.pdf', { params: ME })} />
    </div>
  );
};

/** When the plan was last changed; one older than six months (`needsChecking`) is to be checked with the person before it is relied on. */
const LastChanged = ({ plan }: { plan: CrisisPlanView }) =>
  plan.needsChecking ? (
    <div class="nhsuk-warning-callout" role="region" aria-label="Check this plan with them">
      <h3 class="nhsuk-warning-callout__label">
        <span class="nhsuk-u-visually-hidden">Important: </span>
        Check this plan with them
      </h3>
      <p>
        {plan.updatedAt ? `It was last changed on ${londonDate(plan.updatedAt)}, more than six months ago` : 'When it was last changed is not recorded'}: check with the person, or their care team,
        that it still holds.
      </p>
    </div>
  ) : plan.updatedAt ? (
    <p class="nhsuk-body-s">Last changed on {londonDate(plan.updatedAt)}.</p>
  ) : null;

/**
 * A crisis plan to read, as someone else sees it ("Their warning signs"): for paramedics and the care
 * team, with when it was last changed; or, `mine`, as the patient reads their own with no connection.
 */
export const CrisisPlanSummary = ({ plan, mine = false }: { plan: CrisisPlanView; mine?: boolean }) => (
  <>
    {!mine && <LastChanged plan={plan} />}
    <SummaryList
      rows={[
        ...LISTS.map(([key, label]): [string, preact.JSX.Element] => [
          mine ? label : label.replace(/^My /, 'Their ').replace(/ me$/, ' them'),
          <ul class="nhsuk-list" key={key}>
            {plan[key].map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>,
        ]),
        [
          'People to contact',
          <ul class="nhsuk-list" key="contacts">
            {plan.contacts.map((c) => (
              <li key={c.name}>
                {c.name}
                {c.relationship && `, ${c.relationship}`}
                {c.phone && (
                  <>
                    : <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a>
                  </>
                )}
              </li>
            ))}
          </ul>,
        ],
        ['Medication', plan.medicationNotes ?? 'Nothing written'],
      ]}
    />
  </>
);
