import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { centsToInput, parseDollars } from '../../payments/money.ts';
import { useSession } from '../../session.tsx';
import {} from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field } from '../../../ui/Field.tsx';
import { DELINQUENCY_KEY, type Settings } from './api.ts';

type Key = Exclude<keyof Settings, 'isDefault'>;
const MONEY: Key[] = ['lateFeeFlatCents', 'shutoffMinimumCents', 'reconnectFeeCents'];
const ORDER: Key[] = [
  'graceDays',
  'lateFeeFlatCents',
  'lateFeePercent',
  'shutoffAfterDays',
  'shutoffMinimumCents',
  'shutoffNoticeDays',
  'reconnectFeeCents',
];

/** Dollars typed by an administrator into cents, zero allowed (no fee), never through a float. */
function dollarsOrZero(text: string): number | null {
  if (/^\$?\s*0*(\.0{0,2})?$/.test(text.trim()) && /\d/.test(text)) return 0;
  const parsed = parseDollars(text);
  return parsed.ok ? parsed.cents : null;
}

/** Administrators change the entity's late-fee and shutoff rules. */
export function SettingsForm({
  settings,
  onDone,
}: {
  settings: Settings;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation('dashboard-delinquency');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Key, string>>(
    () =>
      Object.fromEntries(
        ORDER.map((k) => [k, MONEY.includes(k) ? centsToInput(settings[k] as number) : String(settings[k])]),
      ) as Record<Key, string>,
  );
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const body: Record<string, unknown> = {};
    const found: Partial<Record<Key, string>> = {};
    for (const k of ORDER) {
      const text = values[k].trim();
      if (MONEY.includes(k)) {
        const cents = dollarsOrZero(text);
        if (cents === null) found[k] = t('rules.form.dollarsInvalid');
        else body[k] = cents;
      } else if (k === 'lateFeePercent') {
        body[k] = text;
      } else {
        body[k] = /^\d{1,4}$/.test(text) ? Number(text) : text === '' ? null : -1;
      }
    }
    setErrors(found);
    const first = ORDER.find((k) => found[k]);
    if (first) return document.getElementById(`dq-rule-${first}`)?.focus();
    await run(
      async () => {
        await call('/api/v1/utilities/delinquency/settings', 'PUT', body);
        await queryClient.invalidateQueries({ queryKey: DELINQUENCY_KEY });
        onDone(t('rules.form.saved'));
      },
      (err) => {
        setErrors(fieldErrors(err) as Partial<Record<Key, string>>);
      },
    );
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="civq-dq-form" data-testid="rules-form">
      {problem && <ProblemAlert problem={problem} />}
      {ORDER.map((k) => (
        <Field
          key={k}
          id={`dq-rule-${k}`}
          label={t(`rules.form.${k}`)}
          hint={t(`rules.form.${k}Hint`)}
          error={errors[k]}
        >
          {(control) => (
            <input
              {...control}
              inputMode={k === 'lateFeePercent' || MONEY.includes(k) ? 'decimal' : 'numeric'}
              value={values[k]}
              onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
            />
          )}
        </Field>
      ))}
      <div className="civq-dq-buttons">
        <button type="submit" className="usa-button" disabled={busy}>
          {t('rules.form.save')}
        </button>
      </div>
    </form>
  );
}
