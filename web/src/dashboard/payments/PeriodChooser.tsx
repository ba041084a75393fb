import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isIsoDate, PRESETS, type Period, type PeriodChoice } from './period.ts';

type Props = {
  period: Period;
  /** A preset by name, or custom dates. */
  onApply: (choice: PeriodChoice, from?: string, to?: string) => void;
};

/** This month, last month, this year, or dates of one's own; applied with "Show". */
export function PeriodChooser({ period, onApply }: Props) {
  const { t } = useTranslation('dashboard');
  const [choice, setChoice] = useState<PeriodChoice>(period.choice);
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [error, setError] = useState<'from' | 'to' | null>(null);

  // Back and forward change the address; the form follows it.
  useEffect(() => {
    setChoice(period.choice);
    setFrom(period.from);
    setTo(period.to);
  }, [period.choice, period.from, period.to]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (choice !== 'custom') return onApply(choice);
    if (!isIsoDate(from)) return setError('from');
    if (!isIsoDate(to) || to < from) return setError('to');
    setError(null);
    onApply('custom', from, to);
  };

  const dateField = (name: 'from' | 'to', value: string, set: (v: string) => void) => {
    const invalid = error === name;
    return (
      <div className={`usa-form-group${invalid ? ' usa-form-group--error' : ''}`}>
        <label className={`usa-label${invalid ? ' usa-label--error' : ''}`} htmlFor={`period-${name}`}>
          {t(`payments.period.${name}`)}
        </label>
        {invalid && (
          <span className="usa-error-message" id={`period-${name}-error`} role="alert">
            {t(name === 'from' ? 'payments.period.fromInvalid' : 'payments.period.toInvalid')}
          </span>
        )}
        <input
          className={`usa-input${invalid ? ' usa-input--error' : ''}`}
          id={`period-${name}`}
          name={name}
          type="date"
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? `period-${name}-error` : undefined}
          onChange={(e) => set(e.target.value)}
        />
      </div>
    );
  };

  return (
    <form className="civq-pay-filters" aria-label={t('payments.period.label')} onSubmit={submit}>
      <div className="usa-form-group">
        <label className="usa-label" htmlFor="period-choice">
          {t('payments.period.choice')}
        </label>
        <select
          className="usa-select"
          id="period-choice"
          name="period"
          value={choice}
          onChange={(e) => setChoice(e.target.value as PeriodChoice)}
        >
          {[...PRESETS, 'custom' as const].map((p) => (
            <option key={p} value={p}>
              {t(`payments.period.presets.${p}`)}
            </option>
          ))}
        </select>
      </div>
      {choice === 'custom' && (
        <>
          {dateField('from', from, setFrom)}
          {dateField('to', to, setTo)}
        </>
      )}
      <div className="civq-pay-filters__actions">
        <button type="submit" className="usa-button usa-button--outline">
          {t('payments.period.apply')}
        </button>
      </div>
    </form>
  );
}
