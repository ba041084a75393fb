import type { ReactElement, ReactNode, Ref } from 'react';

type ControlProps = {
  id: string;
  name: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
};

type Props = {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  /** "(optional)" after the label, for a field that may be left blank. */
  optional?: string;
  /** Draws the control, given the attributes that tie it to the label, hint and error. */
  children: (control: ControlProps & { className: (base: string) => string }) => ReactElement;
};

/** A USWDS form group: label, optional hint and error message, wired for screen readers. */
export function Field({ id, label, hint, error, optional, children }: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={id}>
        {label}
        {optional && <span className="civq-pay-optional"> {optional}</span>}
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
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
        className: (base) => `${base}${error ? ` ${base}--error` : ''}`,
      })}
    </div>
  );
}

/** A dollar amount: "$" before the box, a decimal keypad on phones. */
export function MoneyInput({
  control,
  value,
  onChange,
  inputRef,
}: {
  control: ControlProps & { className: (base: string) => string };
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { className, ...rest } = control;
  return (
    <div className={`${className('usa-input-group')} civq-pay-money`}>
      <div className="usa-input-prefix" aria-hidden="true">
        $
      </div>
      <input
        {...rest}
        ref={inputRef}
        className="usa-input"
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}
