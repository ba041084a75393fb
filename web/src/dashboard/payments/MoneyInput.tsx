import type { Ref } from 'react';
import type { Control } from '../../ui/Field.tsx';

/** A dollar amount: "$" before the box, a decimal keypad on phones. */
export function MoneyInput({
  control,
  value,
  onChange,
  inputRef,
}: {
  control: Control;
  value: string;
  onChange: (value: string) => void;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { className: _inputClass, ...rest } = control;
  const invalid = rest['aria-invalid'];
  return (
    <div className={`usa-input-group${invalid ? ' usa-input-group--error' : ''} civq-pay-money`}>
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
