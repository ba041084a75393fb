import { useEffect, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { Link } from 'react-router';

type BarProps = {
  /** The search landmark's name. */
  label: string;
  onSubmit: () => void;
  applyLabel: string;
  clearLabel?: string;
  /** Where "clear" leads; the link shows only while a filter is applied. */
  clearHref?: string;
  active?: boolean;
  /** Layout classes: the bar and its actions (civq-filters by default). */
  className?: string;
  actionsClassName?: string;
  children: ReactNode;
};

/** A row of list filters, applied on submit (the page keeps them in the address). */
export function FilterBar({
  label,
  onSubmit,
  applyLabel,
  clearLabel,
  clearHref,
  active,
  className = 'civq-filters',
  actionsClassName = 'civq-filters__actions',
  children,
}: BarProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className={className} role="search" aria-label={label} onSubmit={submit}>
      {children}
      <div className={actionsClassName}>
        <button type="submit" className="usa-button">
          {applyLabel}
        </button>
        {active && clearHref && (
          <Link className="usa-button usa-button--unstyled" to={clearHref}>
            {clearLabel}
          </Link>
        )}
      </div>
    </form>
  );
}

type SelectProps = {
  id: string;
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The first choice, meaning "no filter" (none: a choice is always made). */
  anyLabel?: string;
  options: readonly { value: string; label: string }[];
  className?: string;
};

/** One filter chosen from a list. */
export function FilterSelect({
  id,
  name,
  label,
  value,
  onChange,
  anyLabel,
  options,
  className,
}: SelectProps) {
  return (
    <div className={className ? `usa-form-group ${className}` : 'usa-form-group'}>
      <label className="usa-label" htmlFor={id}>
        {label}
      </label>
      <select
        className="usa-select"
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {anyLabel !== undefined && <option value="">{anyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type SearchProps = {
  id: string;
  name: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
  /** Extra input attributes (inputMode, enterKeyHint, spellCheck). */
  input?: InputHTMLAttributes<HTMLInputElement>;
};

/** A free-text filter with its hint. */
export function FilterSearch({ id, name, label, hint, value, onChange, className, input }: SearchProps) {
  return (
    <div className={className ? `usa-form-group ${className}` : 'usa-form-group'}>
      <label className="usa-label" htmlFor={id}>
        {label}
      </label>
      <div className="usa-hint" id={`${id}-hint`}>
        {hint}
      </div>
      <input
        className="usa-input"
        id={id}
        name={name}
        type="text"
        maxLength={100}
        autoComplete="off"
        {...input}
        aria-describedby={`${id}-hint`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

/**
 * A filter's value while it is edited. Back, forward and "clear" change the address; the
 * box follows it.
 */
export function useFilterValue(applied: string | undefined) {
  const [value, setValue] = useState(applied ?? '');
  useEffect(() => setValue(applied ?? ''), [applied]);
  return [value, setValue] as const;
}
