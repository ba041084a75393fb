import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/SiteLayout.tsx';
import { useSession } from './session.tsx';

/** Shown instead of a page the user's role does not include (the API would answer 403). */
export function NotAllowed() {
  const { t } = useTranslation('dashboard');
  const { session } = useSession();
  return (
    <div className="usa-prose" data-testid="not-allowed">
      <PageHeading>{t('notAllowed.title')}</PageHeading>
      <p>{t('notAllowed.body', { role: t(`roles.${session.user.role}.name`) })}</p>
      <p>
        <Link className="usa-link" to="/dashboard">
          {t('notAllowed.home')}
        </Link>
      </p>
    </div>
  );
}

/** A module the API offers whose dashboard pages are still to come. */
export function ModulePlaceholder({ module }: { module: string }) {
  const { t } = useTranslation('dashboard');
  return (
    <div className="usa-prose">
      <PageHeading>{t(`modules.${module}.title`)}</PageHeading>
      <p className="usa-intro">{t(`modules.${module}.description`)}</p>
      <p>{t('placeholder.body')}</p>
    </div>
  );
}
