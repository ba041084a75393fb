import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { useFormSubmit } from '../../../ui/useFormSubmit.ts';
import { useLanguage } from '../../../hooks.ts';
import { useSession } from '../../session.tsx';
import { parseWhole, today, UTILITIES_KEY, type Schedule } from '../api.ts';
import { fieldErrors } from '../../../ui/formErrors.ts';
import { Field } from '../../../ui/Field.tsx';
import { useScheduleName } from './ScheduleTable.tsx';

type Tier = { upTo: string; rate: string };
type Values = { effectiveFrom: string; base: string; minimum: string; tiers: Tier[]; flats: string[] };

const dollars = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** "12.5" or "$12.50" → 1250 cents, read as text (no floating point); null when not money. */
function toCents(value: string): number | null {
  const m = /^\$?\s*(\d{1,6})(?:\.(\d{1,2}))?$/.exec(value.trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

const valuesOf = (s: Schedule): Values => ({
  effectiveFrom: today(),
  base: dollars(s.baseChargeCents),
  minimum: s.minimumChargeCents === null ? '' : dollars(s.minimumChargeCents),
  tiers: s.tiers.map((tier) => ({ upTo: tier.upTo === null ? '' : String(tier.upTo), rate: tier.rate })),
  flats: s.flatServices.map((f) => dollars(f.amountCents)),
});

/**
 * A rate change (admin): a new version of a schedule from its effective date, started from
 * the version in force; the server checks it with the calculator's own rules.
 */
export function ScheduleForm({
  schedules,
  onDone,
}: {
  schedules: Schedule[];
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const name = useScheduleName();
  const { call } = useSession();
  const queryClient = useQueryClient();
  const [fromId, setFromId] = useState(schedules[0]!.id);
  const source = schedules.find((s) => s.id === fromId) ?? schedules[0]!;
  const [v, setV] = useState<Values>(valuesOf(source));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { busy, problem, setProblem, run } = useFormSubmit();
  const e = (key: string) => t(`utilities.rateForm.errors.${key}`);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: Record<string, string> = {};
    if (!v.effectiveFrom) found.effectiveFrom = t('utilities.meterForm.dateRequired');
    const base = toCents(v.base);
    if (base === null) found.baseChargeCents = e('money');
    const minimum = v.minimum.trim() ? toCents(v.minimum) : null;
    if (v.minimum.trim() && minimum === null) found.minimumChargeCents = e('money');
    const tiers = v.tiers.map((tier, i) => {
      const last = i === v.tiers.length - 1;
      const upTo = last ? null : parseWhole(tier.upTo);
      if (!last && upTo === null) found[`tiers.${i}.upTo`] = e('units');
      if (!/^\d+(\.\d{1,6})?$/.test(tier.rate.trim())) found[`tiers.${i}.rate`] = e('rate');
      return { upTo, rate: tier.rate.trim() };
    });
    const flats = source.flatServices.map((f, i) => {
      const amountCents = toCents(v.flats[i] ?? '');
      if (amountCents === null) found[`flatServices.${i}.amountCents`] = e('money');
      return { name: f.name, amountCents: amountCents ?? 0 };
    });
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) return document.getElementById(`rate-${first.replace(/\./g, '-')}`)?.focus();
    await run(
      async () => {
        const saved = await call<Schedule>('/api/v1/utilities/rate-schedules', 'POST', {
          service: source.service,
          accountType: source.accountType,
          usage: source.usage,
          sewerCapUnits: source.sewerCapUnits ?? null,
          effectiveFrom: v.effectiveFrom,
          baseChargeCents: base,
          minimumChargeCents: minimum,
          tiers,
          flatServices: flats,
        });
        await queryClient.invalidateQueries({ queryKey: UTILITIES_KEY });
        onDone(name(saved));
      },
      (err) => {
        setErrors(fieldErrors(err));
      },
    );
  };

  const money = (
    key: string,
    label: string,
    value: string,
    onChange: (value: string) => void,
    hint?: string,
  ) => (
    <Field key={key} id={`rate-${key.replace(/\./g, '-')}`} label={label} hint={hint} error={errors[key]}>
      {(control) => (
        <input
          {...control}
          className={`${control.className} usa-input--md`}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={value}
          onChange={(ev) => onChange(ev.target.value)}
        />
      )}
    </Field>
  );

  return (
    <form
      className="usa-form civq-ut-subform"
      noValidate
      onSubmit={(ev) => void submit(ev)}
      data-testid="rate-form"
    >
      {problem && <ProblemAlert problem={problem} />}
      <Field id="rate-from" label={t('utilities.rateForm.from')} kind="usa-select">
        {(control) => (
          <select
            {...control}
            value={fromId}
            onChange={(ev) => {
              const next = schedules.find((s) => s.id === ev.target.value)!;
              setFromId(next.id);
              setV(valuesOf(next));
              setErrors({});
            }}
          >
            {schedules.map((s) => (
              <option key={s.id} value={s.id}>
                {name(s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        id="rate-effectiveFrom"
        label={t('utilities.rateForm.effectiveFrom')}
        error={errors.effectiveFrom}
      >
        {(control) => (
          <input
            {...control}
            className={`${control.className} usa-input--lg`}
            type="date"
            value={v.effectiveFrom}
            onChange={(ev) => setV({ ...v, effectiveFrom: ev.target.value })}
          />
        )}
      </Field>
      {money('baseChargeCents', t('utilities.rateForm.base'), v.base, (base) => setV({ ...v, base }))}
      {v.tiers.map((tier, i) => (
        <fieldset key={i} className="usa-fieldset">
          <legend className="usa-legend">{t('utilities.rateForm.block', { number: i + 1 })}</legend>
          <div className="civq-ut-row">
            {i < v.tiers.length - 1 && (
              <Field
                id={`rate-tiers-${i}-upTo`}
                label={t('utilities.rateForm.upTo')}
                error={errors[`tiers.${i}.upTo`]}
              >
                {(control) => (
                  <input
                    {...control}
                    className={`${control.className} usa-input--md`}
                    type="text"
                    inputMode="numeric"
                    autoComplete="off"
                    value={tier.upTo}
                    onChange={(ev) =>
                      setV({
                        ...v,
                        tiers: v.tiers.map((x, j) => (j === i ? { ...x, upTo: ev.target.value } : x)),
                      })
                    }
                  />
                )}
              </Field>
            )}
            <Field
              id={`rate-tiers-${i}-rate`}
              label={t('utilities.rateForm.rate')}
              hint={i === v.tiers.length - 1 && v.tiers.length > 1 ? t('utilities.rateForm.rest') : undefined}
              error={errors[`tiers.${i}.rate`]}
            >
              {(control) => (
                <input
                  {...control}
                  className={`${control.className} usa-input--md`}
                  type="text"
                  inputMode="decimal"
                  autoComplete="off"
                  value={tier.rate}
                  onChange={(ev) =>
                    setV({
                      ...v,
                      tiers: v.tiers.map((x, j) => (j === i ? { ...x, rate: ev.target.value } : x)),
                    })
                  }
                />
              )}
            </Field>
          </div>
        </fieldset>
      ))}
      {money(
        'minimumChargeCents',
        t('utilities.rateForm.minimum'),
        v.minimum,
        (minimum) => setV({ ...v, minimum }),
        t('utilities.rateForm.minimumHint'),
      )}
      {source.flatServices.map((f, i) =>
        money(`flatServices.${i}.amountCents`, f.name[lang], v.flats[i] ?? '', (amount) =>
          setV({ ...v, flats: v.flats.map((x, j) => (j === i ? amount : x)) }),
        ),
      )}
      <button type="submit" className="usa-button margin-top-3" disabled={busy}>
        {t('utilities.rateForm.submit')}
      </button>
    </form>
  );
}
