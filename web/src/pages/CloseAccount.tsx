import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { ME } from '../api';
import { useApp } from '../app-context';
import { ErrorSummary } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { londonDate } from '../dates';

/** What the patient types to confirm (the API asks for the same words). */
const CONFIRMATION = 'close my account';

/** My account: who I am here, and closing the account. */
export const Account = () => (
  <>
    <p>Your plan, your log and your measurements belong to you. You choose who sees them on the My flower page.</p>
    <h2 class="nhsuk-heading-m">Close your account</h2>
    <p>If you no longer want to use the recovery platform, you can close your account.</p>
    <a class="nhsuk-button nhsuk-button--secondary" href="#/account/close">
      Close my account
    </a>
  </>
);

/** Closing the account: what happens, told before; the patient confirms by typing the words; then they are signed out. */
export const CloseAccount = () => {
  const app = useApp();
  const { api, session } = app;
  const [typed, setTyped] = useState('');
  const action = useAction();
  const borough = session.borough.name;

  const close = async (event: Event) => {
    event.preventDefault();
    if (typed.trim().toLowerCase() !== CONFIRMATION) {
      action.refuse('body.confirm', `must be the words "${CONFIRMATION}"`);
      return;
    }
    await action.run(async () => {
      const closed = await api.POST('/patients/{patientId}/closure', { params: ME, body: { confirm: CONFIRMATION } });
      app.signOut(`Your account is closed. ${borough} keeps your record until ${londonDate(closed.retainUntil)}, then removes it. You can ask ${borough} for a copy of it.`);
    }, '');
  };

  return (
    <>
      <div class="nhsuk-warning-callout">
        <h2 class="nhsuk-warning-callout__label">
          <span class="nhsuk-u-visually-hidden">Important: </span>
          What happens when you close your account
        </h2>
        <ul>
          <li>Sharing ends now: nobody you shared with can see your plan, crisis plan, log or measurements any more.</li>
          <li>The people and teams you shared with are told that you closed your account. They are not told anything you wrote.</li>
          <li>You are signed out and cannot sign in again.</li>
          <li>
            NHS mental health records are kept for 20 years after the last entry (the NHS records management code). {borough} keeps your record, unchanged and seen by nobody without a legal reason,
            for at least 20 years, then removes it.
          </li>
          <li>You can ask {borough} for a copy of your record at any time.</li>
        </ul>
      </div>
      <form onSubmit={(e) => void close(e)} noValidate>
        <ErrorSummary error={action.error} fieldIds={{ 'body.confirm': 'close-confirm' }} names={{ 'body.confirm': 'Confirmation' }} />
        <Field id="close-confirm" label={`To confirm, type: ${CONFIRMATION}`} error={action.error} field="body.confirm">
          {(props) => <input class="nhsuk-input nhsuk-input--width-20" type="text" autocomplete="off" value={typed} onInput={(e) => setTyped(e.currentTarget.value)} {...props} />}
        </Field>
        <div class="nhsuk-button-group">
          <button class="nhsuk-button nhsuk-button--warning" type="submit">
            Close my account
          </button>
          <a class="nhsuk-link" href="#/account">
            Keep my account
          </a>
        </div>
      </form>
    </>
  );
};
