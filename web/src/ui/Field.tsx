import { forwardRef, type ReactElement, type ReactNode } from 'react';
import './ui.css';

/** The attributes that tie a control to its label, hint and error. */
export type Control = {
  id: string;
  name: string;
  /** The USWDS class of the control (`kind`), with its error variant when there is an error. */
  className: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
};

type Props = {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  /** "(optional)" after the label, for a field that may be left blank (the caller's text). */
  optional?: string;
  /** USWDS class of the control: usa-input, usa-select, usa-textarea. */
  kind?: 'usa-input' | 'usa-select' | 'usa-textarea';
  /** Extra classes for the form group (widths). */
  className?: string;
  /** Draws the control, given the attributes that tie it to the label, hint and error. */
  children: (control: Control) => ReactElement;
};

/** A USWDS form group: label, optional hint and error message, wired for screen readers. */
export function Field({ id, label, hint, error, optional, kind = 'usa-input', className, children }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div
      className={['usa-form-group', error && 'usa-form-group--error', className].filter(Boolean).join(' ')}
    >
      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={id}>
        {label}
        {optional && <span className="civq-optional"> {optional}</span>}
      </label>
      {hint && (
        <div className="usa-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <span className="usa-error-message" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
      {children({
        id,
        name: id,
        className: `${kind}${error ? ` ${kind}--error` : ''}`,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
      })}
    </div>
  );
}

type TextFieldProps = {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'email' | 'password' | 'tel';
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'tel' | 'email';
  hint?: string;
  error?: string | undefined;
};

/** A USWDS text input in its form group (email and password boxes are not auto-capitalized). */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { id, label, value, onChange, type = 'text', autoComplete, inputMode, hint, error },
  ref,
) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      {(control) => (
        <input
          ref={ref}
          {...control}
          type={type}
          autoComplete={autoComplete}
          inputMode={inputMode}
          autoCapitalize={type === 'text' ? undefined : 'off'}
          spellCheck={type === 'text' ? undefined : false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  );
});
