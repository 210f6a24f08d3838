import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { Saved } from '../components/Saved';
import { SummaryList } from '../components/SummaryList';
import { LISTS, type CrisisPlanView } from './CrisisPlan';

interface Opened {
  patientId: string;
  /** When the access ends (an emergency grant always ends: 30 minutes). */
  until?: string;
  plan: CrisisPlanView;
}

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * A paramedic's break-glass: with the patient's id and a reason, the crisis plan for 30 minutes, if
 * the patient allowed emergency sharing. Every opening is audited and the patient is told at once.
 */
export const Emergency = () => {
  const { api } = useApp();
  const [patientId, setPatientId] = useState('');
  const [reason, setReason] = useState('');
  const [opened, setOpened] = useState<Opened>();
  const action = useAction();
  const { error } = action;

  const open = async (event: Event) => {
    event.preventDefault();
    const id = patientId.trim();
    if (!id) {
      action.refuse('path.patientId', 'is needed: the id on their recovery card');
      return;
    }
    const path = { patientId: id };
    let result: Opened | undefined;
    const done = await action.run(async () => {
      const grant = await api.POST('/patients/{patientId}/emergency-access', { params: { path }, body: { reason: reason.trim() } });
      result = { patientId: id, ...(grant.endsAt ? { until: grant.endsAt } : {}), plan: await api.GET('/patients/{patientId}/crisis-plan', { params: { path } }) };
    }, '');
    setOpened(done ? result : undefined);
  };

  return (
    <>
      <p>For an emergency only. You will see the person's crisis plan for 30 minutes if they have allowed it. They are told at once, and your reason is kept in their record.</p>
      <form onSubmit={(e) => void open(e)} noValidate>
        <ErrorSummary error={error} fieldIds={{ 'path.patientId': 'emergency-patient', 'body.reason': 'emergency-reason' }} names={{ 'path.patientId': 'Patient id' }} />
        <Field id="emergency-patient" label="Their patient id" hint="On their recovery card, for example sally" error={error} field="path.patientId">
          {(props) => <input class="nhsuk-input nhsuk-input--width-20" autoComplete="off" value={patientId} onInput={(e) => setPatientId(e.currentTarget.value)} {...props} />}
        </Field>
        <Field id="emergency-reason" label="Why you need it" hint="At least 10 characters, for example: called to the home, acute distress" error={error} field="body.reason">
          {(props) => <textarea class="nhsuk-textarea" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} {...props} />}
        </Field>
        <button class="nhsuk-button nhsuk-button--warning" type="submit">
          Open the crisis plan
        </button>
      </form>
      {opened && (
        <section aria-labelledby="crisis-plan-heading">
          <h2 class="nhsuk-heading-m" id="crisis-plan-heading">
            {opened.patientId}'s crisis plan
          </h2>
          <Saved message={opened.until ? `You can see this until ${time(opened.until)}.` : 'You can see this for 30 minutes.'} />
          <SummaryList
            rows={[
              ...LISTS.map(([key, label]): [string, preact.JSX.Element] => [
                label.replace(/^My /, 'Their ').replace(/ me$/, ' them'),
                <ul class="nhsuk-list" key={key}>
                  {opened.plan[key].map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>,
              ]),
              [
                'People to contact',
                <ul class="nhsuk-list" key="contacts">
                  {opened.plan.contacts.map((c) => (
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
              ['Medication', opened.plan.medicationNotes ?? 'Nothing written'],
            ]}
          />
        </section>
      )}
    </>
  );
};
