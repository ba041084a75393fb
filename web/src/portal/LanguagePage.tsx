import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../components/Alert.tsx';
import { PageHeading } from '../components/SiteLayout.tsx';
import { chooseLanguage, LANGUAGES, type Language } from '../i18n.ts';
import { useEntityName, useLanguage } from '../hooks.ts';

export function LanguagePage() {
  const { t } = useTranslation(['portal', 'common']);
  const lang = useLanguage();
  const entity = useEntityName() ?? '';
  const [choice, setChoice] = useState<Language>(lang);
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await chooseLanguage(choice);
    setSaved(true);
  };

  return (
    <div className="usa-prose">
      <PageHeading>{t('language.title')}</PageHeading>
      <p className="usa-intro">{t('language.intro')}</p>
      {saved && <Alert type="success" heading={t('language.saved')} />}
      <form className="usa-form" onSubmit={(e) => void submit(e)}>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">{t('language.legend')}</legend>
          {LANGUAGES.map((code) => (
            <div className="usa-radio" key={code}>
              <input
                className="usa-radio__input"
                id={`language-${code}`}
                type="radio"
                name="language"
                value={code}
                checked={choice === code}
                onChange={() => {
                  setChoice(code);
                  setSaved(false);
                }}
              />
              <label className="usa-radio__label" htmlFor={`language-${code}`} lang={code}>
                {t(`common:language.names.${code}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="usa-button margin-top-3">
          {t('language.save')}
        </button>
      </form>
      <h2>{t('language.staffTitle')}</h2>
      <p>{t('language.staffBody')}</p>
      <h2>{t('language.otherTitle')}</h2>
      <p>{t('language.otherBody', { entity })}</p>
    </div>
  );
}
