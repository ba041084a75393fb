import { useTranslation } from 'react-i18next';
import type { Language } from '../../../i18n.ts';
import type { AccountForm, FormErrors } from './accountForm.ts';
import { useTypes } from '../api.ts';
import { Field, type Control } from '../../../ui/Field.tsx';
import { MapPin } from './MapPin.tsx';
import { useLanguage } from '../../../hooks.ts';

type Props = {
  form: AccountForm;
  set: <K extends keyof AccountForm>(key: K, value: AccountForm[K]) => void;
  errors: FormErrors;
};

/** The customer, service address, billing and map pin fields of opening or changing an account. */
export function AccountFields({ form, set, errors }: Props) {
  const { t } = useTranslation(['dashboard', 'common']);
  const lang = useLanguage();
  const types = useTypes();
  const text =
    (key: 'customerName' | 'email' | 'phone' | 'street' | 'unit' | 'city' | 'route', type = 'text') =>
    (control: Control) => (
      <input
        {...control}
        type={type}
        autoComplete="off"
        spellCheck={type === 'text' ? undefined : false}
        value={form[key]}
        onChange={(e) => set(key, e.target.value)}
      />
    );

  return (
    <>
      <fieldset className="usa-fieldset civq-ut-fieldset">
        <legend className="usa-legend usa-legend--large">{t('utilities.form.customer')}</legend>
        <Field id="customerName" label={t('utilities.form.name')} error={errors.customerName}>
          {text('customerName')}
        </Field>
        <Field
          id="email"
          label={t('utilities.form.email')}
          optional={t('utilities.optional')}
          error={errors.email}
        >
          {text('email', 'email')}
        </Field>
        <Field
          id="phone"
          label={t('utilities.form.phone')}
          hint={t('utilities.form.phoneHint')}
          optional={t('utilities.optional')}
          error={errors.phone}
        >
          {text('phone', 'tel')}
        </Field>
        <Field id="language" label={t('utilities.form.language')} kind="usa-select" error={errors.language}>
          {(control) => (
            <select
              {...control}
              value={form.language}
              onChange={(e) => set('language', e.target.value as Language)}
            >
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

      <fieldset className="usa-fieldset civq-ut-fieldset">
        <legend className="usa-legend usa-legend--large">{t('utilities.form.address')}</legend>
        <Field id="street" label={t('utilities.form.street')} error={errors.street}>
          {text('street')}
        </Field>
        <Field
          id="unit"
          label={t('utilities.form.unit')}
          optional={t('utilities.optional')}
          error={errors.unit}
          className="civq-ut-short"
        >
          {text('unit')}
        </Field>
        <Field id="city" label={t('utilities.form.city')} error={errors.city}>
          {text('city')}
        </Field>
        <div className="civq-ut-row">
          <Field
            id="state"
            label={t('utilities.form.state')}
            hint={t('utilities.form.stateHint')}
            error={errors.state}
          >
            {(control) => (
              <input
                {...control}
                className={`${control.className} usa-input--xs`}
                type="text"
                maxLength={2}
                autoComplete="off"
                value={form.state}
                onChange={(e) => set('state', e.target.value.toUpperCase())}
              />
            )}
          </Field>
          <Field
            id="zip"
            label={t('utilities.form.zip')}
            hint={t('utilities.form.zipHint')}
            error={errors.zip}
          >
            {(control) => (
              <input
                {...control}
                className={`${control.className} usa-input--md`}
                type="text"
                inputMode="numeric"
                maxLength={10}
                autoComplete="off"
                value={form.zip}
                onChange={(e) => set('zip', e.target.value)}
              />
            )}
          </Field>
        </div>
        <MapPin
          latitude={form.latitude}
          longitude={form.longitude}
          onChange={(lat, lng) => {
            set('latitude', lat);
            set('longitude', lng);
          }}
          errors={{ latitude: errors.latitude, longitude: errors.longitude }}
        />
      </fieldset>

      <fieldset className="usa-fieldset civq-ut-fieldset">
        <legend className="usa-legend usa-legend--large">{t('utilities.form.billing')}</legend>
        <Field id="accountType" label={t('utilities.form.type')} kind="usa-select" error={errors.accountType}>
          {(control) => (
            <select
              {...control}
              value={form.accountType}
              onChange={(e) => set('accountType', e.target.value)}
            >
              <option value="">{t('utilities.form.typeChoose')}</option>
              {types.data?.accountTypes.map((type) => (
                <option key={type.code} value={type.code}>
                  {type.name[lang]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          id="route"
          label={t('utilities.form.route')}
          hint={t('utilities.form.routeHint')}
          optional={t('utilities.optional')}
          error={errors.route}
          className="civq-ut-short"
        >
          {text('route')}
        </Field>
        <div className="usa-checkbox margin-top-3">
          <input
            className="usa-checkbox__input"
            id="autopay"
            type="checkbox"
            name="autopay"
            checked={form.autopay}
            onChange={(e) => set('autopay', e.target.checked)}
          />
          <label className="usa-checkbox__label" htmlFor="autopay">
            {t('utilities.form.autopay')}
            <span className="usa-checkbox__label-description">{t('utilities.form.autopayHint')}</span>
          </label>
        </div>
      </fieldset>
    </>
  );
}
