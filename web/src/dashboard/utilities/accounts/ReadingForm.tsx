import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/Alert.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { formatNumber } from '../../../format.ts';
import { useLanguage } from '../../../hooks.ts';
import { useSession } from '../../session.tsx';
import { parseWhole, READ_METHODS, today, UTILITIES_KEY, type Meter, type StoredRead } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field } from '../../../ui/Field.tsx';
import { useLabels } from '../labels.tsx';

type Fields = 'meterId' | 'readOn' | 'value' | 'method';
/** What the server stored, with the meter's unit (the form adds it, to show the consumption). */
type Stored = Pick<StoredRead, 'consumption' | 'exception'> & { unit: string };

/** A reading typed by hand: the same checks and exception rules as an import. */
export function ReadingForm({ meters }: { meters: Meter[] }) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const labels = useLabels();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [v, setV] = useState<Record<Fields, string>>({
    meterId: meters[0]?.id ?? '',
    readOn: today(),
    value: '',
    method: 'manual',
  });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const [stored, setStored] = useState<Stored | null>(null);
  const set = (key: Fields) => (value: string) => setV((old) => ({ ...old, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setStored(null);
    const value = parseWhole(v.value);
    const found: Partial<Record<Fields, string>> = {};
    if (!v.readOn) found.readOn = t('utilities.meterForm.dateRequired');
    if (value === null) found.value = t('utilities.readForm.valueInvalid');
    setErrors(found);
    if (found.readOn || found.value)
      return document.getElementById(found.readOn ? 'read-readOn' : 'read-value')?.focus();
    await run(
      async () => {
        const result = await call<StoredRead>('/api/v1/utilities/reads', 'POST', {
          meterId: v.meterId,
          readOn: v.readOn,
          value,
          method: v.method,
        });
        setStored({ ...result, unit: meters.find((m) => m.id === v.meterId)?.unit ?? '' });
        setV((old) => ({ ...old, value: '' }));
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
      },
      (err) => {
        const byField: Partial<Record<Fields, string>> = {};
        for (const [field, message] of Object.entries(fieldErrors(err))) byField[field as Fields] ??= message;
        setErrors(byField);
      },
    );
  };

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="reading-form"
    >
      {problem && <ProblemAlert problem={problem} />}
      {stored && (
        <Alert
          type={stored.exception ? 'warning' : 'success'}
          heading={t('utilities.readForm.saved')}
          testId="reading-saved"
        >
          <p>
            {stored.consumption === null
              ? t('utilities.readForm.noUse')
              : t('utilities.readForm.use', {
                  units: formatNumber(lang, stored.consumption),
                  unit: labels.unit(stored.unit),
                })}
          </p>
          {stored.exception && (
            <p>{t('utilities.readForm.exception', { kind: labels.exception(stored.exception) })}</p>
          )}
        </Alert>
      )}
      <Field id="read-meterId" label={t('utilities.readForm.meter')} kind="usa-select" error={errors.meterId}>
        {(control) => (
          <select {...control} value={v.meterId} onChange={(e) => set('meterId')(e.target.value)}>
            {meters.map((m) => (
              <option key={m.id} value={m.id}>
                {`${m.serial} (${labels.service(m.service)})`}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="civq-ut-row">
        <Field id="read-readOn" label={t('utilities.readForm.date')} error={errors.readOn}>
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--lg`}
              type="date"
              max={today()}
              value={v.readOn}
              onChange={(e) => set('readOn')(e.target.value)}
            />
          )}
        </Field>
        <Field id="read-value" label={t('utilities.readForm.value')} error={errors.value}>
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--md`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={v.value}
              onChange={(e) => set('value')(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field id="read-method" label={t('utilities.readForm.method')} kind="usa-select" error={errors.method}>
        {(control) => (
          <select {...control} value={v.method} onChange={(e) => set('method')(e.target.value)}>
            {READ_METHODS.map((m) => (
              <option key={m} value={m}>
                {labels.method(m)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" className="usa-button margin-top-3" disabled={busy}>
        {t('utilities.readForm.submit')}
      </button>
    </form>
  );
}
