import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle, useEntityName, useTenant } from '../hooks.ts';
import { GovBanner } from './GovBanner.tsx';
import { LanguageToggle } from './LanguageToggle.tsx';

type Props = {
  /** Second line under the entity's name ("Online services", "Staff dashboard"). */
  subtitle: string;
  /** Where the entity's name links to. */
  homeHref: string;
  /** The primary navigation (a <nav> with its own label). */
  nav?: ReactNode;
  /** Extra tools beside the language switcher (the signed-in user, sign out). */
  tools?: ReactNode;
  children: ReactNode;
};

/**
 * The frame every page shares: skip link, official banner, header with the entity's name and
 * the language switcher, main content, and the identifier footer. On navigation, focus moves
 * to the new page's heading so screen reader and keyboard users start at the top.
 */
export function SiteLayout({ subtitle, homeHref, nav, tools, children }: Props) {
  const { t } = useTranslation();
  const entity = useEntityName();
  const logoUrl = useTenant().data?.logoUrl;
  const location = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('#main-content h1');
    heading?.focus();
  }, [location.pathname]);

  return (
    <div className="civq-page">
      <a className="usa-skipnav" href="#main-content">
        {t('skipLink')}
      </a>
      <GovBanner entity={entity ?? ''} />
      <header className="civq-header">
        <div className="grid-container civq-header__bar">
          <div className="civq-header__brand">
            {logoUrl && <img className="civq-header__logo" src={logoUrl} alt="" />}
            <div>
              <Link className="civq-header__title" to={homeHref}>
                {entity ?? '\u00a0'}
              </Link>
              <p className="civq-header__subtitle">{subtitle}</p>
            </div>
          </div>
          <div className="civq-header__tools">
            {tools}
            <LanguageToggle />
          </div>
        </div>
        {nav}
      </header>
      <main id="main-content" className="civq-main" tabIndex={-1}>
        <div className="grid-container">{children}</div>
      </main>
      <SiteFooter entity={entity} />
    </div>
  );
}

function SiteFooter({ entity }: { entity: string | undefined }) {
  const { t } = useTranslation();
  return (
    <footer className="usa-identifier civq-footer">
      <section
        className="usa-identifier__section usa-identifier__section--masthead"
        aria-label={t('footer.identifierLabel')}
      >
        <div className="usa-identifier__container">
          <div className="usa-identifier__identity">
            <p className="usa-identifier__identity-domain">{entity ?? '\u00a0'}</p>
            <p className="usa-identifier__identity-disclaimer">{t('footer.disclaimer')}</p>
          </div>
        </div>
      </section>
      <nav
        className="usa-identifier__section usa-identifier__section--required-links"
        aria-label={t('footer.linksLabel')}
      >
        <div className="usa-identifier__container">
          <ul className="usa-identifier__required-links-list">
            <li className="usa-identifier__required-links-item">
              <Link className="usa-identifier__required-link usa-link" to="/portal/accessibility">
                {t('footer.accessibility')}
              </Link>
            </li>
            <li className="usa-identifier__required-links-item">
              <Link className="usa-identifier__required-link usa-link" to="/portal/language">
                {t('footer.language')}
              </Link>
            </li>
            <li className="usa-identifier__required-links-item">
              <Link className="usa-identifier__required-link usa-link" to="/dashboard">
                {t('footer.staff')}
              </Link>
            </li>
          </ul>
        </div>
      </nav>
      <section
        className="usa-identifier__section usa-identifier__section--usagov"
        aria-label={t('footer.poweredLabel')}
      >
        <div className="usa-identifier__container">
          <p className="usa-identifier__usagov-description">{t('footer.poweredBy', { product: 'CiVQ' })}</p>
        </div>
      </section>
    </footer>
  );
}

/** A page's h1: focus target after navigation, and the browser tab title. */
export function PageHeading({ children }: { children: string }) {
  useDocumentTitle(children);
  return (
    <h1 className="civq-page-heading" tabIndex={-1}>
      {children}
    </h1>
  );
}

/** A nav of links for the header; the caller says which one is the current page. */
export function HeaderNav({
  label,
  items,
}: {
  label: string;
  items: { to: string; label: string; current: boolean }[];
}) {
  return (
    <nav className="civq-nav" aria-label={label}>
      <div className="grid-container">
        <ul className="civq-nav__list">
          {items.map((item) => (
            <li key={item.to} className="civq-nav__item">
              <Link className="civq-nav__link" to={item.to} aria-current={item.current ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}
