import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n.ts';
import { Field } from '../../ui/Field.tsx';

export type Payer = { name: string; email: string; language: Language | '' };
type Errors = Partial<Record<'payerName' | 'payerEmail' | 'payerLanguage', string>>;

/** Who paid, all optional: left blank, the receipt goes to the party of the charge. */
export function PayerFields({
  payer,
  onChange,
  errors,
}: {
  payer: Payer;
  onChange: (payer: Payer) => void;
  errors: Errors;
}) {
  const { t } = useTranslation(['dashboard', 'common']);
  const optional = t('payments.record.optional');
  return (
    <fieldset className="usa-fieldset civq-fieldset" aria-describedby="payer-hint">
      <legend className="usa-legend civq-pay-legend">{t('payments.record.payerTitle')}</legend>
      <p className="usa-hint" id="payer-hint">
        {t('payments.record.payerHint')}
      </p>
      <Field
        id="payerName"
        label={t('payments.record.payerName')}
        optional={optional}
        error={errors.payerName}
      >
        {({ className, ...c }) => (
          <input
            {...c}
            className={className}
            type="text"
            autoComplete="off"
            maxLength={200}
            value={payer.name}
            onChange={(e) => onChange({ ...payer, name: e.target.value })}
          />
        )}
      </Field>
      <Field
        id="payerEmail"
        label={t('payments.record.payerEmail')}
        optional={optional}
        error={errors.payerEmail}
      >
        {({ className, ...c }) => (
          <input
            {...c}
            className={className}
            type="email"
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            maxLength={254}
            value={payer.email}
            onChange={(e) => onChange({ ...payer, email: e.target.value })}
          />
        )}
      </Field>
      <Field
        kind="usa-select"
        id="payerLanguage"
        label={t('payments.record.payerLanguage')}
        optional={optional}
        error={errors.payerLanguage}
      >
        {({ className, ...c }) => (
          <select
            {...c}
            className={className}
            value={payer.language}
            onChange={(e) => onChange({ ...payer, language: e.target.value as Language | '' })}
          >
            <option value="">{t('payments.record.payerLanguageDefault')}</option>
            <option value="en" lang="en">
              {t('common:language.names.en')}
            </option>
            <option value="es" lang="es">
              {t('common:language.names.es')}
            </option>
          </select>
        )}
      </Field>
    </fieldset>
  );
}
