import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import { fitsRegister, parseWhole, today, UTILITIES_KEY, type Meter } from '../api.ts';
import { Field } from '../../../ui/Field.tsx';
import { errorsByField, focusFirstError } from '../../../ui/formErrors.ts';
import { dateInput, MeterSelect, useRegisterMessage, wholeInput } from './MeterInputs.tsx';

type Fields = 'meterId' | 'removedOn' | 'finalRead';
const ORDER: Fields[] = ['meterId', 'removedOn', 'finalRead'];
const id = (f: Fields) => `remove-${f}`;

/** Taking a meter off the account with its final reading (it stays among the earlier meters). */
export function RemoveMeterForm({
  meters,
  onDone,
  onCancel,
}: {
  meters: Meter[];
  onDone: (serial: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('dashboard');
  const { call } = useSession();
  const queryClient = useQueryClient();
  const tooBig = useRegisterMessage();
  const [v, setV] = useState<Record<Fields, string>>({
    meterId: meters[0]?.id ?? '',
    removedOn: today(),
    finalRead: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const set = (key: Fields) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const meter = meters.find((m) => m.id === v.meterId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Fields, string>> = {};
    if (!v.removedOn) found.removedOn = t('utilities.meterForm.dateRequired');
    const finalRead = parseWhole(v.finalRead);
    if (finalRead === null) found.finalRead = t('utilities.close.finalRequired');
    else if (meter && !fitsRegister(finalRead, meter.dials)) found.finalRead = tooBig(meter.dials);
    setErrors(found);
    if (focusFirstError(ORDER, found, id) || !meter) return;
    await run(
      async () => {
        await call(`/api/v1/utilities/meters/${meter.id}/remove`, 'POST', {
          removedOn: v.removedOn,
          finalRead,
        });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        onDone(meter.serial);
      },
      (err) => {
        setErrors(
          errorsByField<Fields>(
            err,
            { removedOn: 'removedOn', finalRead: 'finalRead' },
            {
              meter_not_installed: 'meterId',
              read_before_previous: 'removedOn',
              read_exceeds_register: 'finalRead',
              final_read_below_previous: 'finalRead',
            },
          ),
        );
      },
    );
  };

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="remove-meter"
    >
      <p>{t('utilities.meterActions.remove.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <MeterSelect
        id={id('meterId')}
        label={t('utilities.meterActions.meter')}
        meters={meters}
        value={v.meterId}
        onChange={set('meterId')}
        error={errors.meterId}
      />
      <div className="civq-ut-row">
        <Field id={id('removedOn')} label={t('utilities.meterActions.remove.date')} error={errors.removedOn}>
          {dateInput(v.removedOn, set('removedOn'), today())}
        </Field>
        <Field
          id={id('finalRead')}
          label={t('utilities.meterActions.remove.finalRead')}
          error={errors.finalRead}
        >
          {wholeInput(v.finalRead, set('finalRead'))}
        </Field>
      </div>
      <div className="civq-actions">
        <button type="submit" className="usa-button" disabled={busy}>
          {t('utilities.meterActions.remove.submit')}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('utilities.cancel')}
        </button>
      </div>
    </form>
  );
}
