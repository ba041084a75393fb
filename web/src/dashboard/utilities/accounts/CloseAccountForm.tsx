import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import { parseWhole, today, UTILITIES_KEY, type Meter } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field } from '../../../ui/Field.tsx';

/** Closing an account: the closing date and the final reading of each meter still on it. */
export function CloseAccountForm({
  accountId,
  meters,
  onDone,
  onCancel,
}: {
  accountId: string;
  meters: Meter[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [closedOn, setClosedOn] = useState(today());
  const [finals, setFinals] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Record<string, string> = {};
    if (!closedOn) found.closedOn = t('utilities.meterForm.dateRequired');
    const finalReads = meters.map((m) => ({ meterId: m.id, value: parseWhole(finals[m.id] ?? '') }));
    for (const r of finalReads) if (r.value === null) found[r.meterId] = t('utilities.close.finalRequired');
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) return document.getElementById(first === 'closedOn' ? 'close-on' : `final-${first}`)?.focus();
    await run(
      async () => {
        await call(`/api/v1/utilities/accounts/${accountId}/close`, 'POST', { closedOn, finalReads });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        onDone();
      },
      (err) => {
        const byField: Record<string, string> = {};
        for (const [path, message] of Object.entries(fieldErrors(err))) {
          // finalReads.<meter id> (missing) or finalReads.<index>.value (not a number)
          const [, key, sub] = path.split('.');
          const meterId = sub ? meters[Number(key)]?.id : key;
          if (path === 'closedOn') byField.closedOn = message;
          else if (meterId) byField[meterId] ??= message;
        }
        setErrors(byField);
      },
    );
  };

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="close-form"
    >
      <p>{t('utilities.close.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <Field id="close-on" label={t('utilities.close.date')} error={errors.closedOn}>
        {(control) => (
          <input
            {...control}
            className={`${control.className} usa-input--lg`}
            type="date"
            value={closedOn}
            onChange={(e) => setClosedOn(e.target.value)}
          />
        )}
      </Field>
      {meters.map((m) => (
        <Field
          key={m.id}
          id={`final-${m.id}`}
          label={t('utilities.close.finalRead', { serial: m.serial })}
          error={errors[m.id]}
        >
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--md`}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              value={finals[m.id] ?? ''}
              onChange={(e) => setFinals((f) => ({ ...f, [m.id]: e.target.value }))}
            />
          )}
        </Field>
      ))}
      <div className="civq-actions">
        <button type="submit" className="usa-button usa-button--secondary" disabled={busy}>
          {t('utilities.close.submit')}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('utilities.cancel')}
        </button>
      </div>
    </form>
  );
}
