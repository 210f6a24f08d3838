import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { DateInput, Field, isoDateOf, NO_DATE, type DateParts } from '../components/Field';
import { PatientBanner, type BannerPatient } from '../components/PatientBanner';
import { Saved } from '../components/Saved';
import { CrisisPlanSummary, type CrisisPlanView } from './CrisisPlan';

interface Opened {
  patient: BannerPatient;
  /** When the access ends (an emergency grant always ends: 30 minutes). */
  until?: string;
  plan: CrisisPlanView;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * A paramedic's break-glass: with the person's NHS number, date of birth and a reason, their crisis
 * plan for 30 minutes, if they allowed emergency sharing. Both must match; no match and no sharing
 * get the same answer. Every attempt is audited and the patient is told at once of an opening.
 */
export const Emergency = () => {
  const { api } = useApp();
  const [nhsNumber, setNhsNumber] = useState('');
  const [born, setBorn] = useState<DateParts>(NO_DATE);
  const [reason, setReason] = useState('');
  const [opened, setOpened] = useState<Opened>();
  const action = useAction();
  const { error } = action;

  const open = async (event: Event) => {
    event.preventDefault();
    const birthDate = isoDateOf(born);
    const missing = [
      ...(nhsNumber.trim() ? [] : [{ field: 'body.nhsNumber', detail: 'is needed: 10 digits, on their NHS card, letters or prescriptions' }]),
      ...(birthDate === undefined ? [{ field: 'body.birthDate', detail: 'is needed' }] : birthDate === 'invalid' ? [{ field: 'body.birthDate', detail: 'must be a real date' }] : []),
    ];
    if (missing.length > 0 || birthDate === undefined || birthDate === 'invalid') {
      setOpened(undefined);
      action.refuse(missing);
      return;
    }
    let result: Opened | undefined;
    const done = await action.run(async () => {
      const found = await api.POST('/emergency-access', { body: { nhsNumber: nhsNumber.trim(), birthDate, reason: reason.trim() } });
      const path = { patientId: found.patient.patientId };
      result = { patient: found.patient, ...(found.grant.endsAt ? { until: found.grant.endsAt } : {}), plan: await api.GET('/patients/{patientId}/crisis-plan', { params: { path } }) };
    }, '');
    setOpened(done ? result : undefined);
  };

  return (
    <>
      <p>For an emergency only. You will see the person's crisis plan for 30 minutes if they have allowed it. They are told at once, and your reason is kept in their record.</p>
      <form onSubmit={(e) => void open(e)} noValidate>
        <ErrorSummary
          error={error}
          fieldIds={{ 'body.nhsNumber': 'emergency-nhs-number', 'body.birthDate': 'emergency-born-day', 'body.reason': 'emergency-reason' }}
          names={{ 'body.nhsNumber': 'NHS number', 'body.birthDate': 'Date of birth' }}
        />
        <Field id="emergency-nhs-number" label="Their NHS number" hint="10 digits, for example 485 777 3456" error={error} field="body.nhsNumber">
          {(props) => <input class="nhsuk-input nhsuk-input--width-10" inputMode="numeric" autoComplete="off" value={nhsNumber} onInput={(e) => setNhsNumber(e.currentTarget.value)} {...props} />}
        </Field>
        <DateInput id="emergency-born" legend="Their date of birth" hint="For example, 15 3 1984" value={born} onChange={setBorn} error={error} field="body.birthDate" />
        <Field id="emergency-reason" label="Why you need it" hint="At least 10 characters, for example: called to the home, acute distress" error={error} field="body.reason">
          {(props) => <textarea class="nhsuk-textarea" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} {...props} />}
        </Field>
        <button class="nhsuk-button nhsuk-button--warning" type="submit">
          Open the crisis plan
        </button>
      </form>
      {error?.status === 404 && (
        <p>No crisis plan can be opened for this NHS number and date of birth: check both with the person or their papers. If they match, the person has not allowed emergency sharing.</p>
      )}
      {opened && (
        <section aria-labelledby="crisis-plan-heading">
          <PatientBanner patient={opened.patient} />
          <h2 class="nhsuk-heading-m" id="crisis-plan-heading">
            Their crisis plan
          </h2>
          <Saved message={opened.until ? `You can see this until ${time(opened.until)}.` : 'You can see this for 30 minutes.'} />
          <CrisisPlanSummary plan={opened.plan} />
        </section>
      )}
    </>
  );
};
