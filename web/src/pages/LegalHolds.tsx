import { useState } from 'preact/hooks';
import type { Answer } from '../api';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { Saved } from '../components/Saved';
import { SearchForm } from '../components/SearchForm';
import { londonDate, londonDateTime } from '../dates';
import { useLoad } from '../load';

type Person = Answer<'/borough/users'>['items'][number];
type Retention = Answer<'/patients/{patientId}/legal-hold'>;

const nameOf = (p: Person): string => (p.name ? `${p.name.preferred ?? p.name.given} ${p.name.family}` : 'Name not recorded');
const nhs = (digits: string): string => `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
/** A patient as staff see them: name, NHS number and date of birth, never an id. */
const banner = (p: Person): string =>
  [nameOf(p), p.nhsNumber ? `NHS number ${nhs(p.nhsNumber)}` : undefined, p.birthDate ? `born ${londonDate(`${p.birthDate}T12:00:00Z`)}` : undefined].filter(Boolean).join(', ');

/** One patient's retention and legal hold: set with a reason, or clear. */
const HoldOf = ({ patient }: { patient: Person }) => {
  const { api } = useApp();
  const path = { params: { path: { patientId: patient.userId } } };
  const loaded = useLoad(() => api.GET('/patients/{patientId}/legal-hold', path), [patient.userId]);
  const [reason, setReason] = useState('');
  const action = useAction(loaded.reload);
  const retention: Retention | undefined = loaded.data;
  const set = async (event: Event) => {
    event.preventDefault();
    if (await action.run(() => api.PUT('/patients/{patientId}/legal-hold', { ...path, body: { reason: reason.trim() } }), `${nameOf(patient)}'s record is on legal hold.`)) setReason('');
  };
  const clear = () => action.run(() => api.DELETE('/patients/{patientId}/legal-hold', path), `The legal hold on ${nameOf(patient)}'s record is cleared.`);
  return (
    <section aria-labelledby="hold-heading">
      <h2 class="nhsuk-heading-m" id="hold-heading">
        {banner(patient)}
      </h2>
      {loaded.error && <ErrorSummary error={loaded.error} />}
      <ErrorSummary error={action.error} fieldIds={{ 'body.reason': 'hold-reason' }} names={{ 'body.reason': 'Reason' }} />
      <Saved message={action.saved} />
      {retention && (
        <dl class="nhsuk-summary-list">
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Account</dt>
            <dd class="nhsuk-summary-list__value">{retention.closedAt ? `Closed on ${londonDate(retention.closedAt)}` : 'Open'}</dd>
          </div>
          {retention.retainUntil && (
            <div class="nhsuk-summary-list__row">
              <dt class="nhsuk-summary-list__key">Kept until</dt>
              <dd class="nhsuk-summary-list__value">{londonDate(retention.retainUntil)}, then removed unless on legal hold</dd>
            </div>
          )}
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">Legal hold</dt>
            <dd class="nhsuk-summary-list__value">
              {retention.legalHold ? `${retention.legalHold.reason} (set by ${retention.legalHold.setBy} on ${londonDateTime(retention.legalHold.setAt)})` : 'None'}
            </dd>
          </div>
        </dl>
      )}
      {retention?.legalHold ? (
        <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => void clear()}>
          Clear the legal hold
        </button>
      ) : (
        <form onSubmit={(e) => void set(e)} noValidate>
          <Field
            id="hold-reason"
            label="Why the record must be kept"
            hint="For example a court order, an inquest or a complaint, with its reference. Only operators see it."
            error={action.error}
            field="body.reason"
          >
            {(props) => <textarea class="nhsuk-textarea" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} {...props} />}
          </Field>
          <button class="nhsuk-button" type="submit">
            Put on legal hold
          </button>
        </form>
      )}
    </section>
  );
};

/** Operators: find a patient (name or NHS number), see their record's retention, and set or clear a legal hold. */
export const LegalHolds = () => {
  const { api } = useApp();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Person[]>();
  const [chosen, setChosen] = useState<Person>();
  const action = useAction();
  const search = async () => {
    setChosen(undefined);
    await action.run(async () => setFound((await api.GET('/borough/users', { params: { query: { q: query.trim() } } })).items.filter((p) => p.roles.includes('patient'))), '');
  };
  return (
    <>
      <p>A legal hold keeps a patient's record past its retention date (for a court, an inquest or a complaint). Setting and clearing it is shown in the patient's access log.</p>
      <SearchForm id="hold-search" label="Patient's name or NHS number" query={query} setQuery={setQuery} onSearch={() => void search()} error={action.error} />
      {found && found.length === 0 && <p>No patient found.</p>}
      {found && found.length > 0 && !chosen && (
        <ul class="nhsuk-list nhsuk-list--border" aria-label="Patients found">
          {found.map((p) => (
            <li key={p.userId}>
              <button type="button" class="app-link-button" onClick={() => setChosen(p)}>
                {banner(p)}
              </button>
              {p.closedAt && <span class="nhsuk-body-s"> (account closed on {londonDate(p.closedAt)})</span>}
            </li>
          ))}
        </ul>
      )}
      {chosen && <HoldOf key={chosen.userId} patient={chosen} />}
    </>
  );
};
