import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { HeaderNav, SiteLayout } from '../components/SiteLayout.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { AccessibilityPage } from './AccessibilityPage.tsx';
import { HomePage } from './HomePage.tsx';
import { LanguagePage } from './LanguagePage.tsx';
import { PORTAL_MODULES } from './modules.tsx';

/** The resident portal: public pages at / and /portal/…. */
export function PortalRoutes() {
  const { t } = useTranslation('portal');
  const { pathname } = useLocation();
  const nav = (
    <HeaderNav
      label={t('nav.label')}
      items={[
        { to: '/', label: t('nav.home'), current: pathname === '/' || pathname === '/portal' },
        {
          to: '/portal/accessibility',
          label: t('nav.accessibility'),
          current: pathname === '/portal/accessibility',
        },
        { to: '/portal/language', label: t('nav.language'), current: pathname === '/portal/language' },
        { to: '/portal/account', label: t('nav.account'), current: pathname.startsWith('/portal/account') },
      ]}
    />
  );
  return (
    <SiteLayout subtitle={t('subtitle')} homeHref="/" nav={nav}>
      <Routes>
        <Route index element={<HomePage />} />
        <Route path="portal" element={<HomePage />} />
        <Route path="portal/accessibility" element={<AccessibilityPage />} />
        <Route path="portal/language" element={<LanguagePage />} />
        {PORTAL_MODULES.flatMap(({ id, route }) =>
          route
            ? [
                <Route
                  key={id}
                  path={route.path}
                  element={
                    <Suspense fallback={<Loading />}>
                      <route.page />
                    </Suspense>
                  }
                />,
              ]
            : [],
        )}
        <Route path="*" element={<NotFound homeHref="/" />} />
      </Routes>
    </SiteLayout>
  );
}
