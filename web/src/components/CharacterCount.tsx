import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from '../api';
import { Field } from './Field';

const count = (n: number): string => n.toLocaleString('en-GB');

/** "You have 1,990 characters remaining", or how many too many. */
const leftWords = (length: number, max: number): string => {
  const left = max - length;
  if (left >= 0) return `You have ${count(left)} ${left === 1 ? 'character' : 'characters'} remaining`;
  return `You have ${count(-left)} ${left === -1 ? 'character' : 'characters'} too many`;
};

/**
 * The NHS character count: a textarea with how many characters are left under it. The visible count
 * changes as the person types; screen readers hear it once they pause, not at every key.
 */
export const CharacterCount = ({
  id,
  label,
  hint,
  value,
  onInput,
  max,
  error,
  field,
  rows = 4,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onInput: (value: string) => void;
  max: number;
  error?: ApiError;
  field: string;
  rows?: number;
}) => {
  const words = leftWords(value.length, max);
  const [announced, setAnnounced] = useState(words);
  useEffect(() => {
    const later = setTimeout(() => setAnnounced(words), 1000);
    return () => clearTimeout(later);
  }, [words]);
  const over = value.length > max;
  return (
    // The init mark tells nhsuk-frontend's styles the count is live (done here, not by its script).
    <div class="nhsuk-character-count" data-nhsuk-character-count-init="">
      <Field id={id} label={label} hint={hint} error={error} field={field} bold>
        {(props) => (
          <>
            <textarea
              class={`nhsuk-textarea${over ? ' nhsuk-textarea--error' : ''}`}
              rows={rows}
              value={value}
              onInput={(e) => onInput(e.currentTarget.value)}
              {...props}
              aria-describedby={[props['aria-describedby'], `${id}-info`].filter(Boolean).join(' ')}
            />
            <div class="nhsuk-u-visually-hidden" id={`${id}-info`}>
              You can enter up to {count(max)} characters
            </div>
            <div class={`${over ? 'nhsuk-error-message' : 'nhsuk-hint'} nhsuk-character-count__status`} aria-hidden="true">
              {words}
            </div>
            <div class="nhsuk-u-visually-hidden" aria-live="polite">
              {announced}
            </div>
          </>
        )}
      </Field>
    </div>
  );
};
