import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import dotGovIcon from '@uswds/uswds/img/icon-dot-gov.svg';
import httpsIcon from '@uswds/uswds/img/icon-https.svg';

/** The USWDS "official website" banner, with its "Here's how you know" disclosure. */
export function GovBanner({ entity }: { entity: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const contentId = useId();
  return (
    <section className="usa-banner" aria-label={t('banner.label', { entity })}>
      <div className="usa-accordion">
        <header className={`usa-banner__header${open ? ' usa-banner__header--expanded' : ''}`}>
          <div className="usa-banner__inner">
            <div className="grid-col-fill tablet:grid-col-auto" aria-hidden="true">
              <p className="usa-banner__header-text">{t('banner.officialSite', { entity })}</p>
              <p className="usa-banner__header-action">{t('banner.howYouKnow')}</p>
            </div>
            <button
              type="button"
              className="usa-accordion__button usa-banner__button"
              aria-expanded={open}
              aria-controls={contentId}
              onClick={() => setOpen(!open)}
            >
              <span className="usa-banner__button-text">{t('banner.howYouKnow')}</span>
            </button>
          </div>
        </header>
        <div className="usa-banner__content usa-accordion__content" id={contentId} hidden={!open}>
          <div className="grid-row grid-gap-lg">
            <div className="usa-banner__guidance tablet:grid-col-6">
              <img
                className="usa-banner__icon usa-media-block__img"
                src={dotGovIcon}
                alt=""
                aria-hidden="true"
              />
              <div className="usa-media-block__body">
                <p>
                  <strong>{t('banner.dotGovTitle')}</strong>
                  <br />
                  {t('banner.dotGovBody')}
                </p>
              </div>
            </div>
            <div className="usa-banner__guidance tablet:grid-col-6">
              <img
                className="usa-banner__icon usa-media-block__img"
                src={httpsIcon}
                alt=""
                aria-hidden="true"
              />
              <div className="usa-media-block__body">
                <p>
                  <strong>{t('banner.httpsTitle')}</strong>
                  <br />
                  {t('banner.httpsBody')}
                </p>
              </div>
            </div>
          </div>
        </div>
      </div>
    </section>
  );
}
