import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from './SiteLayout.tsx';

export function NotFound({ homeHref }: { homeHref: string }) {
  const { t } = useTranslation();
  return (
    <div className="usa-prose">
      <PageHeading>{t('notFound.title')}</PageHeading>
      <p>{t('notFound.body')}</p>
      <p>
        <Link className="usa-link" to={homeHref}>
          {t('notFound.home')}
        </Link>
      </p>
    </div>
  );
}
