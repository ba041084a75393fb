import type { ApiError } from '../../api.ts';

type Props = {
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

/** A USWDS text field with its hint and error wired to the input for screen readers. */
export function Field({
  id,
  label,
  value,
  onChange,
  type = 'text',
  autoComplete,
  inputMode,
  hint,
  error,
}: Props) {
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`usa-form-group${error ? ' usa-form-group--error' : ''}`}>
      <label className={`usa-label${error ? ' usa-label--error' : ''}`} htmlFor={id}>
        {label}
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
      <input
        className={`usa-input${error ? ' usa-input--error' : ''}`}
        id={id}
        name={id}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        autoCapitalize={type === 'text' ? undefined : 'off'}
        spellCheck={type === 'text' ? undefined : false}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/** The server's message for one field, if it named that field. */
export function fieldError(problem: ApiError | null, field: string): string | undefined {
  return problem?.fieldErrors.find((f) => f.field === field)?.message;
}
