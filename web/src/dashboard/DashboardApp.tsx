import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { ApiError } from '../api.ts';
import { HeaderNav, SiteLayout } from '../components/SiteLayout.tsx';
import { addCatalogs } from '../i18n.ts';
import { HomePage } from './HomePage.tsx';
import { NotAllowed } from './NotAllowed.tsx';
import { can, SessionProvider, SESSION_KEY, useSession, useSessionQuery } from './session.tsx';
import { safeNext, SignInPage } from './SignInPage.tsx';
import { DASHBOARD_MODULES } from './modules.ts';

// The dashboard's messages travel with the dashboard's code, never in the portal's bundle.
// Features may keep their words in a catalog of their own: dashboard-<feature>.json.
addCatalogs(import.meta.glob('../../../locales/*/dashboard*.json', { eager: true, import: 'default' }));

/** The staff dashboard at /dashboard/…: sign-in, then pages for the modules of the user's role. */
export default function DashboardApp() {
  const { t } = useTranslation('dashboard');
  const sessionQuery = useSessionQuery();
  const [searchParams] = useSearchParams();

  if (sessionQuery.isPending) {
    return (
      <SiteLayout subtitle={t('subtitle')} homeHref="/dashboard">
        <Loading />
      </SiteLayout>
    );
  }
  if (sessionQuery.isError) {
    return (
      <SiteLayout subtitle={t('subtitle')} homeHref="/dashboard">
        {sessionQuery.error instanceof ApiError && <ProblemAlert problem={sessionQuery.error} />}
      </SiteLayout>
    );
  }
  const session = sessionQuery.data;
  return (
    <Routes>
      <Route
        path="sign-in"
        element={
          <SiteLayout subtitle={t('subtitle')} homeHref="/dashboard">
            {session ? <Navigate to={safeNext(searchParams.get('next'))} replace /> : <SignInPage />}
          </SiteLayout>
        }
      />
      <Route
        path="*"
        element={
          session ? (
            <SessionProvider session={session}>
              <SignedIn />
            </SessionProvider>
          ) : (
            <RedirectToSignIn />
          )
        }
      />
    </Routes>
  );
}

function RedirectToSignIn() {
  const location = useLocation();
  const next =
    location.pathname === '/dashboard' || location.pathname === '/dashboard/' ? '' : location.pathname;
  const to = next ? `/dashboard/sign-in?next=${encodeURIComponent(next)}` : '/dashboard/sign-in';
  return <Navigate to={to} replace />;
}

/** Pages behind the sign-in, framed with the module navigation and the account tools. */
function SignedIn() {
  const { t } = useTranslation('dashboard');
  const { session } = useSession();
  const { pathname } = useLocation();
  const home = {
    to: '/dashboard',
    label: t('modules.home.title'),
    current: pathname === '/dashboard' || pathname === '/dashboard/',
  };
  const navItems = session.modules.flatMap((id) => {
    if (id === 'home') return [home];
    const module = DASHBOARD_MODULES.find((m) => m.id === id);
    if (!module) return [];
    return [{ to: module.href, label: t(`modules.${id}.title`), current: pathname.startsWith(module.href) }];
  });
  const allowed = (module: string) => session.modules.includes(module);

  return (
    <SiteLayout
      subtitle={t('subtitle')}
      homeHref="/dashboard"
      nav={<HeaderNav label={t('nav.label')} items={navItems} />}
      tools={<AccountTools />}
    >
      <Routes>
        <Route index element={<HomePage />} />
        {DASHBOARD_MODULES.flatMap((module) =>
          module.pages.map((page) => (
            <Route
              key={page.path}
              path={page.path}
              element={
                allowed(module.id) && (!page.permission || can(session, page.permission)) ? (
                  page.element
                ) : (
                  <NotAllowed />
                )
              }
            />
          )),
        )}
        <Route path="*" element={<NotFound homeHref="/dashboard" />} />
      </Routes>
    </SiteLayout>
  );
}

function AccountTools() {
  const { t } = useTranslation('dashboard');
  const { session, call } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = async () => {
    await call('/api/v1/auth/logout').catch(() => undefined);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'tenant' });
    queryClient.setQueryData(SESSION_KEY, null);
    navigate('/dashboard/sign-in', { replace: true, state: { signedOut: true } });
  };
  return (
    <div className="civq-account" role="group" aria-label={t('account.label')}>
      <span className="civq-account__user" data-testid="signed-in-user">
        {t('account.signedInAs', {
          name: session.user.displayName,
          role: t(`roles.${session.user.role}.name`),
        })}
      </span>
      <button
        type="button"
        className="usa-button usa-button--unstyled civq-account__signout"
        onClick={() => void signOut()}
      >
        {t('account.signOut')}
      </button>
    </div>
  );
}
