import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/SiteLayout.tsx';
import { formatDate } from '../format.ts';
import { useEntityName, useLanguage } from '../hooks.ts';

/** When this statement was last reviewed against the site (update it with each review). */
const LAST_REVIEWED = new Date(Date.UTC(2026, 10, 22, 12));

export function AccessibilityPage() {
  const { t } = useTranslation('portal');
  const lang = useLanguage();
  const entity = useEntityName() ?? '';
  return (
    <div className="usa-prose">
      <PageHeading>{t('accessibility.title')}</PageHeading>
      <p className="usa-intro">{t('accessibility.intro', { entity })}</p>

      <h2>{t('accessibility.standardTitle')}</h2>
      <p>{t('accessibility.standardBody')}</p>

      <h2>{t('accessibility.howTitle')}</h2>
      <ul>
        <li>{t('accessibility.how.automated')}</li>
        <li>{t('accessibility.how.keyboard')}</li>
        <li>{t('accessibility.how.phone', { width: 360 })}</li>
        <li>{t('accessibility.how.languages')}</li>
      </ul>

      <h2>{t('accessibility.limitsTitle')}</h2>
      <p>{t('accessibility.limitsBody')}</p>

      <h2>{t('accessibility.contactTitle')}</h2>
      <p>{t('accessibility.contactBody', { entity })}</p>

      <p className="civq-muted">{t('accessibility.reviewed', { date: formatDate(lang, LAST_REVIEWED) })}</p>
    </div>
  );
}
