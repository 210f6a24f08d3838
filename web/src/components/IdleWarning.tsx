import { useEffect, useRef } from 'preact/hooks';

const inWords = (seconds: number): string => {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [...(minutes > 0 ? [`${minutes} minute${minutes === 1 ? '' : 's'}`] : []), ...(rest > 0 || minutes === 0 ? [`${rest} second${rest === 1 ? '' : 's'}`] : [])];
  return parts.join(' ');
};

/**
 * The warning before an idle sign-out: said once to screen readers when it appears (the countdown
 * itself is not announced each second), with focus on the way to stay signed in.
 */
export const IdleWarning = ({ secondsLeft }: { secondsLeft: number }) => {
  const stay = useRef<HTMLButtonElement>(null);
  useEffect(() => stay.current?.focus(), []);
  return (
    <div class="nhsuk-warning-callout app-idle-warning" role="alertdialog" aria-labelledby="idle-heading" aria-describedby="idle-text">
      <h2 class="nhsuk-warning-callout__label" id="idle-heading">
        You will be signed out soon
      </h2>
      <p id="idle-text">
        You have not done anything for a while. To keep your information private, you will be signed out in <span aria-hidden="true">{inWords(secondsLeft)}</span>
        <span class="nhsuk-u-visually-hidden">2 minutes or less</span>.
      </p>
      {/* Any tap or key press keeps the session; the button says so plainly. */}
      <button type="button" class="nhsuk-button" ref={stay}>
        Stay signed in
      </button>
    </div>
  );
};
