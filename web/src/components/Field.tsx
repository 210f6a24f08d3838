import type { ComponentChildren, JSX } from 'preact';
import type { ApiError } from '../api';
import { FieldError, fieldError } from './ErrorSummary';

/** What a Field gives its input: its id, and the hint and error it is described by. */
export interface FieldInputProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * One NHS form group: label, optional hint, the error the API (or the page) gave for `field`, and
 * the input, which the render function receives wired to all three:
 *
 *   <Field id="log-text" label="What happened today" error={error} field="body.text">
 *     {(props) => <textarea class="nhsuk-textarea" {...props} />}
 *   </Field>
 */
export const Field = ({
  id,
  label,
  hint,
  error,
  field,
  bold = false,
  children,
}: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  error?: ApiError;
  /** The field as the API names it in its problem (`body.text`); the first of several that has an error. */
  field: string | readonly string[];
  bold?: boolean;
  children: (props: FieldInputProps) => JSX.Element;
}) => {
  const message = (typeof field === 'string' ? [field] : field).map((f) => fieldError(error, f)).find(Boolean);
  const describedBy = [hint ? `${id}-hint` : '', message ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`nhsuk-form-group${message ? ' nhsuk-form-group--error' : ''}`}>
      <label class={`nhsuk-label${bold ? ' nhsuk-label--s' : ''}`} for={id}>
        {label}
      </label>
      {hint && (
        <div class="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <FieldError message={message} id={`${id}-error`} />
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(message ? { 'aria-invalid': true as const } : {}) })}
    </div>
  );
};

/**
 * NHS radios in a fieldset: one answer of several, with the error the API (or the page) gave for
 * `field`. The inputs are `${name}-1`, `${name}-2`…, so an error summary can link to the first.
 */
export const Radios = <T extends string | number>({
  name,
  legend,
  hint,
  options,
  value,
  onChange,
  error,
  field,
  inline = false,
}: {
  name: string;
  legend: ComponentChildren;
  hint?: ComponentChildren;
  options: readonly (readonly [T, ComponentChildren])[];
  // T is what the options hold; the value and the change follow it.
  value: NoInfer<T> | undefined;
  onChange: (value: NoInfer<T>) => void;
  error?: ApiError;
  field: string;
  inline?: boolean;
}) => {
  const message = fieldError(error, field);
  const describedBy = [hint ? `${name}-hint` : '', message ? `${name}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`nhsuk-form-group${message ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy || undefined}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div class="nhsuk-hint" id={`${name}-hint`}>
            {hint}
          </div>
        )}
        <FieldError message={message} id={`${name}-error`} />
        <div class={`nhsuk-radios${inline ? ' nhsuk-radios--inline' : ''}`}>
          {options.map(([option, label], i) => (
            <div class="nhsuk-radios__item" key={String(option)}>
              <input class="nhsuk-radios__input" id={`${name}-${i + 1}`} name={name} type="radio" checked={value === option} onChange={() => onChange(option)} />
              <label class="nhsuk-label nhsuk-radios__label" for={`${name}-${i + 1}`}>
                {label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
};

export interface DateParts {
  day: string;
  month: string;
  year: string;
}
export const NO_DATE: DateParts = { day: '', month: '', year: '' };

/** The ISO date of what was typed; undefined if nothing was; the string 'invalid' if it is not a real date. */
export const isoDateOf = ({ day, month, year }: DateParts): string | undefined => {
  if (!day.trim() && !month.trim() && !year.trim()) return undefined;
  const [d, m, y] = [Number(day.trim()), Number(month.trim()), Number(year.trim())];
  if (![d, m, y].every((n) => Number.isInteger(n)) || y < 1900 || y > 2200) return 'invalid';
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'invalid';
  return date.toISOString().slice(0, 10);
};

/** The NHS date input: day, month and year in three boxes, which people find easier than a picker. */
export const DateInput = ({
  id,
  legend,
  hint,
  value,
  onChange,
  error,
  field,
}: {
  id: string;
  legend: string;
  hint: string;
  value: DateParts;
  onChange: (value: DateParts) => void;
  error?: ApiError;
  field: string;
}) => {
  const message = fieldError(error, field);
  return (
    <div class={`nhsuk-form-group${message ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" role="group" aria-describedby={`${id}-hint${message ? ` ${id}-error` : ''}`}>
        <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <div class="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        <FieldError message={message} id={`${id}-error`} />
        <div class="nhsuk-date-input" id={id}>
          {(
            [
              ['day', 'Day', 2],
              ['month', 'Month', 2],
              ['year', 'Year', 4],
            ] as const
          ).map(([part, label, width]) => (
            <div class="nhsuk-date-input__item" key={part}>
              <div class="nhsuk-form-group">
                <label class="nhsuk-label nhsuk-date-input__label" for={`${id}-${part}`}>
                  {label}
                </label>
                <input
                  class={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}`}
                  id={`${id}-${part}`}
                  inputMode="numeric"
                  value={value[part]}
                  aria-invalid={message ? true : undefined}
                  onInput={(e) => onChange({ ...value, [part]: e.currentTarget.value })}
                />
              </div>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
};
