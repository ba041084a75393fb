import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import {
  fitsRegister,
  METER_SERVICES,
  METER_UNITS,
  parseWhole,
  today,
  UTILITIES_KEY,
  type Meter,
} from '../api.ts';
import { Field } from '../../../ui/Field.tsx';
import { errorsByField, focusFirstError } from '../../../ui/formErrors.ts';
import { useLabels } from '../labels.tsx';
import { dateInput, MeterSelect, useRegisterMessage, wholeInput } from './MeterInputs.tsx';

type Fields =
  | 'oldMeterId'
  | 'swappedOn'
  | 'finalRead'
  | 'serial'
  | 'service'
  | 'unit'
  | 'dials'
  | 'multiplier'
  | 'initialRead';
const ORDER: Fields[] = [
  'oldMeterId',
  'swappedOn',
  'finalRead',
  'serial',
  'service',
  'unit',
  'dials',
  'multiplier',
  'initialRead',
];
const id = (f: Fields) => `swap-${f}`;

/** The API's field paths (swapMeterBody) by this form's fields. */
const PATHS: Record<string, Fields> = {
  oldMeterId: 'oldMeterId',
  swappedOn: 'swappedOn',
  finalRead: 'finalRead',
  initialRead: 'initialRead',
  'newMeter.serial': 'serial',
  'newMeter.service': 'service',
  'newMeter.unit': 'unit',
  'newMeter.dials': 'dials',
  'newMeter.multiplier': 'multiplier',
};

/** The new meter starts as a copy of the old one's kind; only its serial must be typed. */
const kindOf = (m: Meter | undefined) => ({
  service: m?.service ?? 'water',
  unit: m?.unit ?? 'gal',
  dials: String(m?.dials ?? 6),
  multiplier: String(m?.multiplier ?? 1),
});

/**
 * Replacing a meter in one step: the old meter's final reading and the new meter's first
 * reading on the same day (the API does both in one transaction).
 */
export function SwapMeterForm({
  accountId,
  meters,
  onDone,
  onCancel,
}: {
  accountId: string;
  meters: Meter[];
  onDone: (old: string, serial: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const tooBig = useRegisterMessage();
  const [v, setV] = useState<Record<Fields, string>>({
    oldMeterId: meters[0]?.id ?? '',
    swappedOn: today(),
    finalRead: '',
    serial: '',
    ...kindOf(meters[0]),
    initialRead: '0',
  });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const set = (key: Fields) => (value: string) => setV((old) => ({ ...old, [key]: value }));
  const old = meters.find((m) => m.id === v.oldMeterId);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Fields, string>> = {};
    if (!v.swappedOn) found.swappedOn = t('utilities.meterForm.dateRequired');
    const finalRead = parseWhole(v.finalRead);
    if (finalRead === null) found.finalRead = t('utilities.close.finalRequired');
    else if (old && !fitsRegister(finalRead, old.dials)) found.finalRead = tooBig(old.dials);
    const serial = v.serial.trim().toUpperCase();
    if (!serial) found.serial = t('utilities.meterForm.serialRequired');
    const dials = parseWhole(v.dials);
    if (dials === null || dials < 1 || dials > 10) found.dials = t('utilities.meterForm.dialsRange');
    const multiplier = parseWhole(v.multiplier);
    if (multiplier === null || multiplier < 1) found.multiplier = t('utilities.meterForm.multiplierInvalid');
    const initialRead = parseWhole(v.initialRead);
    if (initialRead === null) found.initialRead = t('utilities.readForm.valueInvalid');
    else if (dials !== null && !found.dials && !fitsRegister(initialRead, dials))
      found.initialRead = tooBig(dials);
    setErrors(found);
    if (focusFirstError(ORDER, found, id) || !old) return;
    await run(
      async () => {
        await call(`/api/v1/utilities/accounts/${accountId}/meters/swap`, 'POST', {
          oldMeterId: old.id,
          finalRead,
          newMeter: { serial, service: v.service, unit: v.unit, dials, multiplier },
          initialRead,
          swappedOn: v.swappedOn,
        });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        onDone(old.serial, serial);
      },
      (err) => {
        setErrors(
          errorsByField(err, PATHS, {
            meter_not_on_account: 'oldMeterId',
            meter_not_installed: 'oldMeterId',
            meter_serial_taken: 'serial',
            read_before_previous: 'swappedOn',
            final_read_below_previous: 'finalRead',
          }),
        );
      },
    );
  };

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="swap-meter"
    >
      <p>{t('utilities.meterActions.swap.intro')}</p>
      {problem && <ProblemAlert problem={problem} />}
      <MeterSelect
        id={id('oldMeterId')}
        label={t('utilities.meterActions.swap.old')}
        meters={meters}
        value={v.oldMeterId}
        onChange={(meterId) =>
          setV((o) => ({ ...o, oldMeterId: meterId, ...kindOf(meters.find((m) => m.id === meterId)) }))
        }
        error={errors.oldMeterId}
      />
      <div className="civq-ut-row">
        <Field id={id('swappedOn')} label={t('utilities.meterActions.swap.date')} error={errors.swappedOn}>
          {dateInput(v.swappedOn, set('swappedOn'), today())}
        </Field>
        <Field
          id={id('finalRead')}
          label={t('utilities.meterActions.swap.finalRead')}
          error={errors.finalRead}
        >
          {wholeInput(v.finalRead, set('finalRead'))}
        </Field>
      </div>
      <fieldset className="usa-fieldset">
        <legend className="usa-legend civq-ut-legend">{t('utilities.meterActions.swap.newTitle')}</legend>
        <Field
          id={id('serial')}
          label={t('utilities.meterForm.serial')}
          hint={t('utilities.meterForm.serialHint')}
          error={errors.serial}
        >
          {(control) => (
            <input
              {...control}
              className={`${control.className} usa-input--md`}
              type="text"
              autoComplete="off"
              value={v.serial}
              onChange={(e) => set('serial')(e.target.value.toUpperCase())}
            />
          )}
        </Field>
        <div className="civq-ut-row">
          <Field
            id={id('service')}
            label={t('utilities.meterForm.service')}
            kind="usa-select"
            error={errors.service}
          >
            {(control) => (
              <select {...control} value={v.service} onChange={(e) => set('service')(e.target.value)}>
                {METER_SERVICES.map((s) => (
                  <option key={s} value={s}>
                    {labels.service(s)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={id('unit')} label={t('utilities.meterForm.unit')} kind="usa-select" error={errors.unit}>
            {(control) => (
              <select {...control} value={v.unit} onChange={(e) => set('unit')(e.target.value)}>
                {METER_UNITS.map((u) => (
                  <option key={u} value={u}>
                    {labels.unit(u)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <div className="civq-ut-row">
          <Field
            id={id('dials')}
            label={t('utilities.meterForm.dials')}
            hint={t('utilities.meterForm.dialsHint')}
            error={errors.dials}
          >
            {wholeInput(v.dials, set('dials'))}
          </Field>
          <Field id={id('multiplier')} label={t('utilities.meterForm.multiplier')} error={errors.multiplier}>
            {wholeInput(v.multiplier, set('multiplier'))}
          </Field>
        </div>
        <Field
          id={id('initialRead')}
          label={t('utilities.meterActions.swap.initialRead')}
          error={errors.initialRead}
        >
          {wholeInput(v.initialRead, set('initialRead'))}
        </Field>
      </fieldset>
      <div className="civq-actions">
        <button type="submit" className="usa-button" disabled={busy}>
          {t('utilities.meterActions.swap.submit')}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('utilities.cancel')}
        </button>
      </div>
    </form>
  );
}
