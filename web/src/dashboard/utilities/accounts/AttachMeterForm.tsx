import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api.ts';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useSession } from '../../session.tsx';
import { METER_SERVICES, METER_UNITS, parseWhole, today, UTILITIES_KEY, type Meter } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field, type Control } from '../../../ui/Field.tsx';
import { useLabels } from '../labels.tsx';

type Fields = 'serial' | 'service' | 'unit' | 'dials' | 'multiplier' | 'installedOn' | 'initialRead';
const ORDER: Fields[] = ['serial', 'service', 'unit', 'dials', 'multiplier', 'installedOn', 'initialRead'];

/**
 * A new meter for the account: added to stock, then installed with its first reading. If the
 * install is refused, the meter stays in stock and a second try installs that same meter.
 */
export function AttachMeterForm({
  accountId,
  onDone,
}: {
  accountId: string;
  onDone: (serial: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const labels = useLabels();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [v, setV] = useState<Record<Fields, string>>({
    serial: '',
    service: 'water',
    unit: 'gal',
    dials: '6',
    multiplier: '1',
    installedOn: today(),
    initialRead: '0',
  });
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const created = useRef<{ key: string; meter: Meter } | null>(null);
  const set = (key: Fields) => (value: string) => setV((old) => ({ ...old, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Partial<Record<Fields, string>> = {};
    const serial = v.serial.trim().toUpperCase();
    if (!serial) found.serial = t('utilities.meterForm.serialRequired');
    const dials = parseWhole(v.dials);
    if (dials === null || dials < 1 || dials > 10) found.dials = t('utilities.meterForm.dialsRange');
    const multiplier = parseWhole(v.multiplier);
    if (multiplier === null || multiplier < 1) found.multiplier = t('utilities.meterForm.multiplierInvalid');
    if (!v.installedOn) found.installedOn = t('utilities.meterForm.dateRequired');
    const initialRead = parseWhole(v.initialRead);
    if (initialRead === null) found.initialRead = t('utilities.readForm.valueInvalid');
    setErrors(found);
    const first = ORDER.find((f) => found[f]);
    if (first) return document.getElementById(`meter-${first}`)?.focus();

    const meter = { serial, service: v.service, unit: v.unit, dials: dials!, multiplier: multiplier! };
    const key = JSON.stringify(meter);
    await run(
      async () => {
        if (created.current?.key !== key) {
          created.current = { key, meter: await call<Meter>('/api/v1/utilities/meters', 'POST', meter) };
        }
        await call(`/api/v1/utilities/meters/${created.current.meter.id}/install`, 'POST', {
          accountId,
          installedOn: v.installedOn,
          initialRead,
        });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        onDone(serial);
      },
      (err) => {
        const byField: Partial<Record<Fields, string>> = {};
        for (const [field, message] of Object.entries(fieldErrors(err)))
          if (ORDER.includes(field as Fields)) byField[field as Fields] ??= message;
        if (err instanceof ApiError && err.code === 'meter_serial_taken') byField.serial = err.detail;
        setErrors(byField);
      },
    );
  };

  const input = (key: Fields, type = 'text', extra: { numeric?: boolean; upper?: boolean } = {}) =>
    function MeterInput(control: Control) {
      return (
        <input
          {...control}
          className={`${control.className} ${type === 'date' ? 'usa-input--lg' : 'usa-input--md'}`}
          type={type}
          inputMode={extra.numeric ? 'numeric' : undefined}
          autoComplete="off"
          value={v[key]}
          onChange={(e) => set(key)(extra.upper ? e.target.value.toUpperCase() : e.target.value)}
        />
      );
    };

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="attach-meter"
    >
      {problem && <ProblemAlert problem={problem} />}
      <Field
        id="meter-serial"
        label={t('utilities.meterForm.serial')}
        hint={t('utilities.meterForm.serialHint')}
        error={errors.serial}
      >
        {input('serial', 'text', { upper: true })}
      </Field>
      <div className="civq-ut-row">
        <Field
          id="meter-service"
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
        <Field id="meter-unit" label={t('utilities.meterForm.unit')} kind="usa-select" error={errors.unit}>
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
          id="meter-dials"
          label={t('utilities.meterForm.dials')}
          hint={t('utilities.meterForm.dialsHint')}
          error={errors.dials}
        >
          {input('dials', 'text', { numeric: true })}
        </Field>
        <Field id="meter-multiplier" label={t('utilities.meterForm.multiplier')} error={errors.multiplier}>
          {input('multiplier', 'text', { numeric: true })}
        </Field>
      </div>
      <div className="civq-ut-row">
        <Field id="meter-installedOn" label={t('utilities.meterForm.installedOn')} error={errors.installedOn}>
          {input('installedOn', 'date')}
        </Field>
        <Field id="meter-initialRead" label={t('utilities.meterForm.initialRead')} error={errors.initialRead}>
          {input('initialRead', 'text', { numeric: true })}
        </Field>
      </div>
      <button type="submit" className="usa-button margin-top-3" disabled={busy}>
        {t('utilities.meterForm.submit')}
      </button>
    </form>
  );
}
