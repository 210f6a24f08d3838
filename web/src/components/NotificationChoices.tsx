import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../api';
import { useAction } from '../action';
import { useApp } from '../app-context';
import { ErrorSummary } from './ErrorSummary';
import { Radios } from './Field';
import { Saved } from './Saved';

export type Preferences = Answer<'/me/notification-preferences'>;

/**
 * How the person hears of notifications besides this page (`GET|PUT /me/notification-preferences`):
 * email, text message and push. Urgent ones (a red alert answered, emergency access) are never held
 * back for the daily summary.
 */
export const NotificationChoices = ({ current, onSaved }: { current: Preferences; onSaved: () => Promise<void> }) => {
  const { api } = useApp();
  const [email, setEmail] = useState(current.email);
  const [sms, setSms] = useState(current.sms);
  const [push, setPush] = useState(current.push);
  const action = useAction(onSaved);
  // What the platform holds now (after a save, or push turned on with a phone): the form follows it.
  useEffect(() => {
    setEmail(current.email);
    setSms(current.sms);
    setPush(current.push);
  }, [current.email, current.sms, current.push]);
  const save = async (event: Event) => {
    event.preventDefault();
    await action.run(() => api.PUT('/me/notification-preferences', { body: { email, sms, push } }), 'Your choices are saved.');
  };
  return (
    <section aria-labelledby="choices-heading">
      <h2 class="nhsuk-heading-m" id="choices-heading">
        How we tell you
      </h2>
      <form onSubmit={(e) => void save(e)} noValidate>
        <ErrorSummary
          error={action.error}
          fieldIds={{ 'body.email': 'choice-email-1', 'body.sms': 'choice-sms-1', 'body.push': 'choice-push-1' }}
          names={{ 'body.email': 'Email', 'body.sms': 'Text message', 'body.push': 'Phone notifications' }}
        />
        <Saved message={action.saved} />
        <Radios
          name="choice-push"
          legend="Notifications on your phones"
          hint="Only on the phones where you turned them on"
          options={
            [
              ['on', 'On'],
              ['off', 'Off'],
            ] as const
          }
          value={push}
          onChange={setPush}
          error={action.error}
          field="body.push"
          inline
        />
        <Radios
          name="choice-email"
          legend="Email"
          options={
            [
              ['immediate', 'An email each time'],
              ['digest', 'One email a day with a summary'],
              ['off', 'No emails'],
            ] as const
          }
          value={email}
          onChange={setEmail}
          error={action.error}
          field="body.email"
        />
        <Radios
          name="choice-sms"
          legend="Text message"
          hint="Urgent news is a request for help, an answer to one, or a crisis plan opened in an emergency"
          options={
            [
              ['urgent', 'Only for urgent news'],
              ['off', 'No text messages'],
            ] as const
          }
          value={sms}
          onChange={setSms}
          error={action.error}
          field="body.sms"
        />
        <p class="nhsuk-body-s">Urgent notifications are always sent at once, never kept for the daily email.</p>
        <button type="submit" class="nhsuk-button">
          Save my choices
        </button>
      </form>
    </section>
  );
};
