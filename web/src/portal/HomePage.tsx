import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/SiteLayout.tsx';
import { useEntityName } from '../hooks.ts';
import { PORTAL_MODULES } from './modules.tsx';

export function HomePage() {
  const { t } = useTranslation('portal');
  const entity = useEntityName() ?? '';
  return (
    <>
      <section className="civq-intro">
        <PageHeading>{t('home.title', { entity })}</PageHeading>
        <p className="usa-intro">{t('home.lead')}</p>
      </section>

      <section aria-labelledby="services-heading" className="margin-top-4">
        <h2 id="services-heading">{t('home.servicesTitle')}</h2>
        <p className="civq-measure">{t('home.servicesIntro')}</p>
        <ul className="usa-card-group civq-services">
          {PORTAL_MODULES.map(({ id: service, href }) => (
            <li
              key={service}
              className="usa-card tablet:grid-col-6 desktop:grid-col-4"
              data-testid={`service-${service}`}
            >
              <div className="usa-card__container">
                <div className="usa-card__header">
                  <h3 className="usa-card__heading">{t(`home.services.${service}.title`)}</h3>
                </div>
                <div className="usa-card__body">
                  <p>{t(`home.services.${service}.body`)}</p>
                </div>
                <div className="usa-card__footer">
                  {href ? (
                    <Link className="usa-button" to={href}>
                      {t(`home.services.${service}.link`)}
                    </Link>
                  ) : (
                    <span className="usa-tag civq-tag--soon">{t('home.comingSoon')}</span>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <section className="grid-row grid-gap-lg margin-top-2">
        <div className="tablet:grid-col-6">
          <h2>{t('home.noAccountTitle')}</h2>
          <p>{t('home.noAccountBody')}</p>
        </div>
        <div className="tablet:grid-col-6">
          <h2>{t('home.languageTitle')}</h2>
          <p>{t('home.languageBody')}</p>
          <p>
            <Link className="usa-link" to="/portal/language">
              {t('home.languageLink')}
            </Link>
          </p>
        </div>
      </section>
    </>
  );
}
