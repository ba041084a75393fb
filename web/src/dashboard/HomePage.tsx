import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/SiteLayout.tsx';
import { formatDate } from '../format.ts';
import { useLanguage } from '../hooks.ts';
import { DASHBOARD_MODULES } from './modules.ts';
import { useSession } from './session.tsx';

/** Dashboard home: the entity, who is signed in with which role, and the modules they can open. */
export function HomePage() {
  const { t } = useTranslation('dashboard');
  const lang = useLanguage();
  const { session } = useSession();
  const { user } = session;
  const role = t(`roles.${user.role}.name`);
  const modules = session.modules.flatMap((id) => DASHBOARD_MODULES.filter((m) => m.id === id));
  return (
    <>
      <PageHeading>{session.tenant.name[lang]}</PageHeading>
      <div className="usa-prose">
        <p className="usa-intro">{t('home.welcome', { name: user.displayName })}</p>
        <p data-testid="signed-in-role">{t('home.role', { email: user.email, role })}</p>
        <p className="civq-muted">{t(`roles.${user.role}.description`)}</p>
        <p>{t('home.today', { date: formatDate(lang, new Date()) })}</p>
      </div>
      <h2 className="margin-top-4">{t('home.modulesTitle')}</h2>
      <ul className="usa-card-group civq-services" data-testid="modules">
        {modules.map(({ id: m, href }) => (
          <li key={m} className="usa-card tablet:grid-col-6 desktop:grid-col-4">
            <div className="usa-card__container">
              <div className="usa-card__header">
                <h3 className="usa-card__heading">{t(`modules.${m}.title`)}</h3>
              </div>
              <div className="usa-card__body">
                <p>{t(`modules.${m}.description`)}</p>
              </div>
              <div className="usa-card__footer">
                <Link className="usa-button usa-button--outline" to={href}>
                  {t('home.open', { module: t(`modules.${m}.title`) })}
                </Link>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <p className="civq-measure">{t('home.moreModules')}</p>
    </>
  );
}
