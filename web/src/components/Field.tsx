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
  children(props: FieldInputProps): JSX.Element;
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
  value: T | undefined;
  onChange(value: T): void;
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
