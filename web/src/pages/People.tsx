import { useState } from 'preact/hooks';
import type { Answer, BodyOf } from '../api';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { DownloadButton } from '../components/DownloadButton';
import { ErrorSummary } from '../components/ErrorSummary';
import { DateInput, Field, isoDateOf, NO_DATE, Radios, type DateParts } from '../components/Field';
import { Saved } from '../components/Saved';
import { SearchForm } from '../components/SearchForm';
import { useLoad } from '../load';

type Person = Answer<'/borough/users'>['items'][number];
type Invitation = BodyOf<'/borough/invitations', 'post'>;
type StaffRole = 'clinician' | 'phb-advisor' | 'paramedic' | 'operator';

const STAFF_ROLES: readonly (readonly [StaffRole, string])[] = [
  ['clinician', 'Care team (clinician, support worker, coach)'],
  ['phb-advisor', 'Personal health budget advisor'],
  ['paramedic', 'Paramedic'],
  ['operator', 'Operator of the platform'],
];

const nameOf = (p: Person): string => (p.name ? `${p.name.preferred ?? p.name.given} ${p.name.family}` : 'Name not recorded');
const nhs = (digits: string): string => `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
const whoIs = (p: Person, orgs: Map<string, string>): string =>
  p.roles.includes('patient') ? `Patient${p.nhsNumber ? `, NHS number ${nhs(p.nhsNumber)}` : ''}` : [p.roleTitle, p.org ? (orgs.get(p.org) ?? p.org) : undefined].filter(Boolean).join(', ');

/** A patient's whole record, for their subject access request: their access log shows it was made. */
const SubjectAccess = ({ person }: { person: Person }) => {
  const { api } = useApp();
  return (
    <div class="nhsuk-u-margin-top-2">
      <DownloadButton
        label={`Download ${nameOf(person)}’s record (subject access request)`}
        download={() => api.download('/patients/{patientId}/export', { params: { path: { patientId: person.userId } } })}
      />
    </div>
  );
};

/** Find a person and disable a leaver: their sign-in stops, nothing of theirs is deleted. */
const FindPeople = ({ orgs }: { orgs: Map<string, string> }) => {
  const { api } = useApp();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Person[]>();
  const [confirming, setConfirming] = useState<string>();
  const action = useAction();
  const refresh = async () => setFound((await api.GET('/borough/users', { params: { query: { q: query.trim() } } })).items);
  const search = () => void action.run(refresh, '');
  const disable = async (p: Person) => {
    const done = await action.run(
      async () => {
        await api.POST('/borough/users/{userId}/disable', { params: { path: { userId: p.userId } } });
        await refresh();
      },
      `${nameOf(p)} can no longer sign in. The patients who shared with them have been told.`,
    );
    if (done) setConfirming(undefined);
  };
  return (
    <section aria-labelledby="find-heading">
      <h2 class="nhsuk-heading-m" id="find-heading">
        Find someone
      </h2>
      <SearchForm id="people-search" label="Name, NHS number or email" query={query} setQuery={setQuery} onSearch={search} error={action.error} />
      <Saved message={action.saved} />
      {found && found.length === 0 && <p>Nobody found.</p>}
      {found && found.length > 0 && (
        <ul class="nhsuk-list nhsuk-list--border" aria-label="People found">
          {found.map((p) => (
            <li key={p.userId}>
              <strong>{nameOf(p)}</strong>
              <br />
              {whoIs(p, orgs)}
              {p.roles.includes('patient') && <SubjectAccess person={p} />}
              {p.status === 'disabled' ? (
                <p class="nhsuk-body-s">Disabled{p.disabledAt ? ` on ${new Date(p.disabledAt).toLocaleDateString('en-GB')}` : ''}</p>
              ) : confirming === p.userId ? (
                <div class="nhsuk-button-group">
                  <button class="nhsuk-button nhsuk-button--warning" type="button" onClick={() => void disable(p)}>
                    Yes, disable {nameOf(p)}
                  </button>
                  <button class="nhsuk-button nhsuk-button--secondary" type="button" onClick={() => setConfirming(undefined)}>
                    Cancel
                  </button>
                </div>
              ) : (
                <p>
                  <button class="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="button" onClick={() => setConfirming(p.userId)}>
                    Disable {nameOf(p)}
                  </button>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
};

/** Invite a patient or a member of staff: their account and invitation, and their entry in the directory. */
const Invite = ({ organisations }: { organisations: Answer<'/borough/organisations'>['items'] }) => {
  const { api } = useApp();
  const [kind, setKind] = useState<'patient' | 'staff'>();
  const [given, setGiven] = useState('');
  const [family, setFamily] = useState('');
  const [email, setEmail] = useState('');
  const [nhsNumber, setNhsNumber] = useState('');
  const [born, setBorn] = useState<DateParts>(NO_DATE);
  const [org, setOrg] = useState('');
  const [role, setRole] = useState<StaffRole>();
  const [onDuty, setOnDuty] = useState(false);
  const [roleTitle, setRoleTitle] = useState('');
  const action = useAction();

  const invite = async (event: Event) => {
    event.preventDefault();
    if (!kind) {
      action.refuse('body.roles', 'is needed: a patient or a member of staff');
      return;
    }
    const birthDate = isoDateOf(born);
    if (kind === 'patient' && birthDate === 'invalid') {
      action.refuse('body.birthDate', 'must be a real date');
      return;
    }
    const name = { given: given.trim(), family: family.trim() };
    const body: Invitation =
      kind === 'patient'
        ? { roles: ['patient'], name, email: email.trim(), nhsNumber: nhsNumber.trim(), ...(birthDate ? { birthDate } : {}) }
        : { roles: role ? [role, ...(role === 'clinician' && onDuty ? (['duty'] as const) : [])] : [], name, email: email.trim(), ...(org ? { org } : {}), roleTitle: roleTitle.trim() };
    const done = await action.run(() => api.POST('/borough/invitations', { body }), `${name.given} ${name.family} is invited: the invitation is on its way to ${email.trim()}.`);
    if (done) {
      for (const clear of [setGiven, setFamily, setEmail, setNhsNumber, setRoleTitle, setOrg]) clear('');
      setBorn(NO_DATE);
      setOnDuty(false);
    }
  };

  const fields = {
    'body.roles': 'invite-kind-1',
    'body.name.given': 'invite-given',
    'body.name.family': 'invite-family',
    'body.email': 'invite-email',
    'body.nhsNumber': 'invite-nhs-number',
    'body.birthDate': 'invite-born-day',
    'body.org': 'invite-org',
    'body.roleTitle': 'invite-role-title',
  };
  return (
    <section aria-labelledby="invite-heading">
      <h2 class="nhsuk-heading-m" id="invite-heading">
        Invite someone
      </h2>
      <form onSubmit={(e) => void invite(e)} noValidate>
        <ErrorSummary
          error={action.error}
          fieldIds={fields}
          names={{
            'body.roles': 'Who',
            'body.name.given': 'First name',
            'body.name.family': 'Last name',
            'body.nhsNumber': 'NHS number',
            'body.birthDate': 'Date of birth',
            'body.org': 'Organisation',
            'body.roleTitle': 'Job title',
          }}
        />
        <Saved message={action.saved} />
        <Radios
          name="invite-kind"
          legend="Who are you inviting?"
          options={
            [
              ['patient', 'A patient'],
              ['staff', 'A member of staff'],
            ] as const
          }
          value={kind}
          onChange={setKind}
          error={action.error}
          field="body.roles"
          inline
        />
        <Field id="invite-given" label="First name" error={action.error} field="body.name.given">
          {(props) => <input class="nhsuk-input nhsuk-input--width-20" autoComplete="off" value={given} onInput={(e) => setGiven(e.currentTarget.value)} {...props} />}
        </Field>
        <Field id="invite-family" label="Last name" error={action.error} field="body.name.family">
          {(props) => <input class="nhsuk-input nhsuk-input--width-20" autoComplete="off" value={family} onInput={(e) => setFamily(e.currentTarget.value)} {...props} />}
        </Field>
        <Field id="invite-email" label="Email address" hint="The invitation goes here; it is how they sign in" error={action.error} field="body.email">
          {(props) => <input class="nhsuk-input" type="email" autoComplete="off" spellcheck={false} value={email} onInput={(e) => setEmail(e.currentTarget.value)} {...props} />}
        </Field>
        {kind === 'patient' && (
          <>
            <Field id="invite-nhs-number" label="NHS number" hint="10 digits, for example 485 777 3456" error={action.error} field="body.nhsNumber">
              {(props) => <input class="nhsuk-input nhsuk-input--width-10" inputMode="numeric" value={nhsNumber} onInput={(e) => setNhsNumber(e.currentTarget.value)} {...props} />}
            </Field>
            <DateInput id="invite-born" legend="Date of birth" hint="For example, 15 3 1984" value={born} onChange={setBorn} error={action.error} field="body.birthDate" />
          </>
        )}
        {kind === 'staff' && (
          <>
            <Field id="invite-org" label="Organisation" error={action.error} field="body.org">
              {(props) => (
                <select class="nhsuk-select" value={org} onChange={(e) => setOrg(e.currentTarget.value)} {...props}>
                  <option value="">Choose an organisation</option>
                  {organisations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Radios name="invite-role" legend="What they do on the platform" options={STAFF_ROLES} value={role} onChange={setRole} error={action.error} field="body.roles" />
            {role === 'clinician' && (
              <div class="nhsuk-checkboxes nhsuk-form-group">
                <div class="nhsuk-checkboxes__item">
                  <input class="nhsuk-checkboxes__input" id="invite-duty" type="checkbox" checked={onDuty} onChange={(e) => setOnDuty(e.currentTarget.checked)} />
                  <label class="nhsuk-label nhsuk-checkboxes__label" for="invite-duty">
                    On their organisation’s duty rota: red alerts nobody answered in time reach them
                  </label>
                </div>
              </div>
            )}
            <Field id="invite-role-title" label="Job title" hint="As others will see it, for example Psychotherapist" error={action.error} field="body.roleTitle">
              {(props) => <input class="nhsuk-input nhsuk-input--width-20" value={roleTitle} onInput={(e) => setRoleTitle(e.currentTarget.value)} {...props} />}
            </Field>
          </>
        )}
        <button class="nhsuk-button" type="submit">
          Send the invitation
        </button>
      </form>
    </section>
  );
};

/** The operator's people: invite patients and staff, find someone, disable a leaver. */
export const People = () => {
  const { api } = useApp();
  const organisations = useLoad(async () => (await api.GET('/borough/organisations')).items, []);
  const names = new Map((organisations.data ?? []).map((o) => [o.id, o.shortName ?? o.name]));
  return (
    <>
      <Invite organisations={organisations.data ?? []} />
      <FindPeople orgs={names} />
    </>
  );
};
