import { useTranslation } from 'react-i18next';
import type { Meter } from '../api.ts';
import { Field, type Control } from '../../../ui/Field.tsx';
import { useLabels } from '../labels.tsx';

/** The meter a form acts on, among those on the account, by serial and service. */
export function MeterSelect({
  id,
  label,
  meters,
  value,
  onChange,
  error,
}: {
  id: string;
  label: string;
  meters: Meter[];
  value: string;
  onChange: (meterId: string) => void;
  error?: string;
}) {
  const labels = useLabels();
  return (
    <Field id={id} label={label} kind="usa-select" error={error}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {meters.map((m) => (
            <option key={m.id} value={m.id}>
              {`${m.serial} (${labels.service(m.service)})`}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A date input of a meter form (never after today: meters are not read in the future). */
export function dateInput(value: string, onChange: (v: string) => void, max?: string) {
  return function DateInput(control: Control) {
    return (
      <input
        {...control}
        className={`${control.className} usa-input--lg`}
        type="date"
        max={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  };
}

/** A whole-number input (a register reading, dials, a multiplier), with the phone's number pad. */
export function wholeInput(value: string, onChange: (v: string) => void) {
  return function WholeInput(control: Control) {
    return (
      <input
        {...control}
        className={`${control.className} usa-input--md`}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  };
}

/** The localized "at most N digits" message for a reading too big for the meter's register. */
export function useRegisterMessage() {
  const { t } = useTranslation('dashboard');
  return (dials: number) => t('utilities.meterActions.tooManyDigits', { dials });
}
