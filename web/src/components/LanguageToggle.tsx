import { useTranslation } from 'react-i18next';
import { chooseLanguage } from '../i18n.ts';
import { useLanguage } from '../hooks.ts';

/**
 * The USWDS two-language selector: one button naming the other language in that language
 * ("Español" on English pages, "English" on Spanish ones), marked with its own lang.
 */
export function LanguageToggle() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const other = lang === 'en' ? 'es' : 'en';
  return (
    <div className="usa-language-container civq-language">
      <button
        type="button"
        className="usa-button usa-button--outline civq-language__button"
        lang={other}
        data-testid="language-toggle"
        onClick={() => void chooseLanguage(other)}
      >
        {t(`language.names.${other}`)}
      </button>
    </div>
  );
}
