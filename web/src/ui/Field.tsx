import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Control = {
  id: string;
  name: string;
  className: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
};

type Props = {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  /** Shows "(optional)" after the label. */
  optional?: boolean;
  /** USWDS class of the control: usa-input, usa-select, usa-textarea. */
  kind?: 'usa-input' | 'usa-select' | 'usa-textarea';
  /** Extra classes for the form group (widths). */
  className?: string;
  /** Draws the control, given the attributes that tie it to the label, hint and error. */
  children: (control: Control) => ReactElement;
};

/** A USWDS form group: label, optional hint and error message, wired for screen readers. */
export function Field({ id, label, hint, error, optional, kind = 'usa-input', className, children }: Props) {
  const { t } = useTranslation('dashboard');
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div
      className={['usa-form-group', error && 'usa-form-group--error', className].filter(Boolean).join(' ')}
    >
      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={id}>
        {label}
        {optional && <span className="civq-ut-optional"> {t('utilities.optional')}</span>}
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
