import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert, useProblem } from '../../../ui/ProblemAlert.tsx';
import { ApiError } from '../../../api.ts';
import { useLanguage } from '../../../hooks.ts';
import { useTypes } from '../api.ts';
import { Field } from '../../../ui/Field.tsx';
import type { CycleInput } from './api.ts';

const DATES = [
  'periodStart',
  'periodEnd',
  'readFrom',
  'readTo',
  'billDate',
  'dueDate',
  'penaltyDate',
] as const;
type DateField = (typeof DATES)[number];
type Errors = Partial<Record<keyof CycleInput, string>>;

export const EMPTY_CYCLE: CycleInput = {
  name: '',
  routes: [],
  accountTypes: [],
  periodStart: '',
  periodEnd: '',
  readFrom: '',
  readTo: '',
  billDate: '',
  dueDate: '',
  penaltyDate: '',
};

type Props = {
  initial: CycleInput;
  submitLabel: string;
  /** Sends the cycle; throws the API's problem (field errors are shown by their fields). */
  onSubmit: (input: CycleInput) => Promise<void>;
  onCancel: () => void;
};

/** A billing cycle's name, selection (routes, account types) and its seven dates. */
export function CycleForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const { t } = useTranslation('dashboard-billing');
  const lang = useLanguage();
  const types = useTypes();
  const [value, setValue] = useState(initial);
  const [routes, setRoutes] = useState(initial.routes.join(', '));
  const [errors, setErrors] = useState<Errors>({});
  const [problem, setProblem] = useProblem();
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const set = <K extends keyof CycleInput>(key: K, v: CycleInput[K]) => setValue((x) => ({ ...x, [key]: v }));

  const focusFirstError = (found: Errors) => {
    const first = (['name', 'routes', 'accountTypes', ...DATES] as const).find((k) => found[k]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="cycle-${first}"]`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const input: CycleInput = {
      ...value,
      name: value.name.trim(),
      routes: routes
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    };
    // What the person can fix before asking the server: a name and every date.
    const local: Errors = {};
    if (!input.name) local.name = t('cycleForm.errors.name');
    for (const d of DATES) if (!input[d]) local[d] = t('cycleForm.errors.date');
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return focusFirstError(local);
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(input);
    } catch (err) {
      const found: Errors = {};
      if (err instanceof ApiError) {
        for (const e of err.fieldErrors) {
          const key = e.field.split('.')[0] as keyof CycleInput;
          found[key] ??= e.message;
        }
      }
      setErrors(found);
      if (Object.keys(found).length > 0) focusFirstError(found);
      else setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  const date = (key: DateField, label: string) => (
    <Field id={`cycle-${key}`} label={label} error={errors[key]} className="civq-bill-date">
      {(control) => (
        <input
          {...control}
          type="date"
          value={value[key]}
          onChange={(e) => set(key, e.target.value)}
          data-testid={`cycle-${key}`}
        />
      )}
    </Field>
  );

  return (
    <form
      ref={formRef}
      className="usa-form usa-form--large civq-bill-form"
      noValidate
      onSubmit={(e) => void submit(e)}
      data-testid="cycle-form"
    >
      {problem && <ProblemAlert problem={problem} />}
      <Field id="cycle-name" label={t('cycleForm.name')} hint={t('cycleForm.nameHint')} error={errors.name}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={120}
            autoComplete="off"
            value={value.name}
            onChange={(e) => set('name', e.target.value)}
          />
        )}
      </Field>
      <Field
        id="cycle-routes"
        label={t('cycleForm.routes')}
        hint={t('cycleForm.routesHint')}
        error={errors.routes}
        optional={t('utilities.optional', { ns: 'dashboard' })}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            autoComplete="off"
            value={routes}
            onChange={(e) => setRoutes(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="usa-fieldset civq-fieldset" aria-describedby="cycle-types-hint">
        <legend className="usa-legend">{t('cycleForm.accountTypes')}</legend>
        <div className="usa-hint" id="cycle-types-hint">
          {t('cycleForm.accountTypesHint')}
        </div>
        {errors.accountTypes && (
          <span className="usa-error-message" role="alert">
            {errors.accountTypes}
          </span>
        )}
        {(types.data?.accountTypes ?? []).map((type, i) => (
          <div className="usa-checkbox" key={type.code}>
            <input
              className="usa-checkbox__input"
              id={`cycle-type-${type.code}`}
              name={i === 0 ? 'cycle-accountTypes' : undefined}
              type="checkbox"
              checked={value.accountTypes.includes(type.code)}
              onChange={(e) =>
                set(
                  'accountTypes',
                  e.target.checked
                    ? [...value.accountTypes, type.code]
                    : value.accountTypes.filter((c) => c !== type.code),
                )
              }
            />
            <label className="usa-checkbox__label" htmlFor={`cycle-type-${type.code}`}>
              {type.name[lang]}
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset className="usa-fieldset civq-fieldset">
        <legend className="usa-legend civq-bill-legend-title">{t('cycleForm.period')}</legend>
        <div className="civq-bill-dates">
          {date('periodStart', t('cycleForm.from'))}
          {date('periodEnd', t('cycleForm.to'))}
        </div>
      </fieldset>
      <fieldset className="usa-fieldset civq-fieldset" aria-describedby="cycle-reads-hint">
        <legend className="usa-legend civq-bill-legend-title">{t('cycleForm.reads')}</legend>
        <div className="usa-hint" id="cycle-reads-hint">
          {t('cycleForm.readsHint')}
        </div>
        <div className="civq-bill-dates">
          {date('readFrom', t('cycleForm.from'))}
          {date('readTo', t('cycleForm.to'))}
        </div>
      </fieldset>
      <fieldset className="usa-fieldset civq-fieldset" aria-describedby="cycle-dates-hint">
        <legend className="usa-legend civq-bill-legend-title">{t('cycleForm.dates')}</legend>
        <div className="usa-hint" id="cycle-dates-hint">
          {t('cycleForm.penaltyHint')}
        </div>
        <div className="civq-bill-dates">
          {date('billDate', t('cycleForm.billDate'))}
          {date('dueDate', t('cycleForm.dueDate'))}
          {date('penaltyDate', t('cycleForm.penaltyDate'))}
        </div>
      </fieldset>
      <div className="civq-actions">
        <button type="submit" className="usa-button" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" className="usa-button usa-button--unstyled" onClick={onCancel}>
          {t('cycleForm.cancel')}
        </button>
      </div>
    </form>
  );
}
