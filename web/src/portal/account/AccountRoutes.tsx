import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { Loading } from '../../components/Loading.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { addCatalogs } from '../../i18n.ts';
import { ActivityPage } from './ActivityPage.tsx';
import { ForgotPage, ResetPage, SignInPage, SignUpPage, VerifyPage } from './AuthPages.tsx';
import { OverviewPage, SignOutButton } from './OverviewPage.tsx';
import { PreferencesPage } from './PreferencesPage.tsx';
import { SecurityPage } from './SecurityPage.tsx';
import { useResident } from './session.ts';
import './account.css';

// The account's words load with its pages, so the portal's first load stays small.
addCatalogs(import.meta.glob('../../../../locales/*/account*.json', { eager: true, import: 'default' }));

const SECTIONS = [
  { to: '/portal/account', key: 'overview' },
  { to: '/portal/account/activity', key: 'activity' },
  { to: '/portal/account/preferences', key: 'preferences' },
  { to: '/portal/account/security', key: 'security' },
] as const;

/** Pages that need a signed-in resident; others are sent to sign in and brought back. */
function SignedIn({ children }: { children: ReactNode }) {
  const { t } = useTranslation('account');
  const me = useResident();
  const { pathname } = useLocation();
  if (me.isPending) return <Loading />;
  if (!me.data)
    return <Navigate to={`/portal/account/sign-in?next=${encodeURIComponent(pathname)}`} replace />;
  return (
    <div className="grid-row grid-gap-lg">
      <nav className="desktop:grid-col-3 civq-account-nav" aria-label={t('nav.label')}>
        <ul className="usa-sidenav">
          {SECTIONS.map((s) => (
            <li className="usa-sidenav__item" key={s.key}>
              <Link
                to={s.to}
                className={pathname === s.to ? 'usa-current' : undefined}
                aria-current={pathname === s.to ? 'page' : undefined}
              >
                {t(`nav.${s.key}`)}
              </Link>
            </li>
          ))}
        </ul>
        <SignOutButton />
      </nav>
      <div className="desktop:grid-col-9">{children}</div>
    </div>
  );
}

/** The opt-in Resident Account at /portal/account/…; the portal never requires it. */
export default function AccountRoutes() {
  return (
    <Routes>
      <Route
        index
        element={
          <SignedIn>
            <OverviewPage />
          </SignedIn>
        }
      />
      <Route
        path="activity"
        element={
          <SignedIn>
            <ActivityPage />
          </SignedIn>
        }
      />
      <Route
        path="preferences"
        element={
          <SignedIn>
            <PreferencesPage />
          </SignedIn>
        }
      />
      <Route
        path="security"
        element={
          <SignedIn>
            <SecurityPage />
          </SignedIn>
        }
      />
      <Route path="sign-up" element={<SignUpPage />} />
      <Route path="verify" element={<VerifyPage />} />
      <Route path="sign-in" element={<SignInPage />} />
      <Route path="forgot" element={<ForgotPage />} />
      <Route path="reset" element={<ResetPage />} />
      <Route path="*" element={<NotFound homeHref="/" />} />
    </Routes>
  );
}
