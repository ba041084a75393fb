import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Loading } from '../components/Loading.tsx';
import { NotFound } from '../components/NotFound.tsx';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { ApiError } from '../api.ts';
import { HeaderNav, SiteLayout } from '../components/SiteLayout.tsx';
import { addCatalogs } from '../i18n.ts';
import { HomePage } from './HomePage.tsx';
import { ModulePlaceholder, NotAllowed } from './NotAllowed.tsx';
import { SessionProvider, SESSION_KEY, useSession, useSessionQuery } from './session.tsx';
import { safeNext, SignInPage } from './SignInPage.tsx';
import { MessagePage } from './communications/MessagePage.tsx';
import { MessagesPage } from './communications/MessagesPage.tsx';
import { TemplatesPage } from './communications/TemplatesPage.tsx';
import { ChargePage } from './payments/ChargePage.tsx';
import { DepositPage } from './payments/DepositPage.tsx';
import { LedgerPage } from './payments/LedgerPage.tsx';
import { PaymentPage } from './payments/PaymentPage.tsx';
import { RecordPaymentPage } from './payments/RecordPaymentPage.tsx';
import { canDo } from './payments/api.ts';
import { ManageUserPage } from './users/ManageUserPage.tsx';
import { NewUserPage } from './users/NewUserPage.tsx';
import { UsersPage } from './users/UsersPage.tsx';
import { AccountPage } from './utilities/accounts/AccountPage.tsx';
import { AccountsPage } from './utilities/accounts/AccountsPage.tsx';
import { DelinquenciesPage } from './utilities/delinquency/DelinquenciesPage.tsx';
import { AutopayPage } from './utilities/autopay/AutopayPage.tsx';
import { canDo as canDoUtilities } from './utilities/api.ts';
import { CyclePage } from './utilities/billing/CyclePage.tsx';
import { CyclesPage } from './utilities/billing/CyclesPage.tsx';
import { NewCyclePage } from './utilities/billing/NewCyclePage.tsx';
import { StatementPage } from './utilities/billing/StatementPage.tsx';
import { StatementsPage } from './utilities/billing/StatementsPage.tsx';
import { UtilitiesHome } from './utilities/billing/UtilitiesHome.tsx';
import { ExceptionsPage } from './utilities/accounts/ExceptionsPage.tsx';
import { ImportPage } from './utilities/accounts/ImportPage.tsx';
import { NewAccountPage } from './utilities/accounts/NewAccountPage.tsx';
import { TypesPage } from './utilities/rates/TypesPage.tsx';

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

const MODULE_PATHS: Record<string, string> = {
  home: '/dashboard',
  users: '/dashboard/users',
  utilities: '/dashboard/utilities',
  payments: '/dashboard/payments',
  communications: '/dashboard/communications',
  audit: '/dashboard/audit',
};

/** Pages behind the sign-in, framed with the module navigation and the account tools. */
function SignedIn() {
  const { t } = useTranslation('dashboard');
  const { session } = useSession();
  const { pathname } = useLocation();
  const allowed = (module: string) => session.modules.includes(module);
  const navItems = session.modules
    .filter((m) => MODULE_PATHS[m])
    .map((m) => {
      const to = MODULE_PATHS[m]!;
      return {
        to,
        label: t(`modules.${m}.title`),
        current:
          m === 'home' ? pathname === '/dashboard' || pathname === '/dashboard/' : pathname.startsWith(to),
      };
    });
  const guard = (module: string, page: ReactNode) => (allowed(module) ? page : <NotAllowed />);

  return (
    <SiteLayout
      subtitle={t('subtitle')}
      homeHref="/dashboard"
      nav={<HeaderNav label={t('nav.label')} items={navItems} />}
      tools={<AccountTools />}
    >
      <Routes>
        <Route index element={<HomePage />} />
        <Route path="users" element={guard('users', <UsersPage />)} />
        <Route path="users/new" element={guard('users', <NewUserPage />)} />
        <Route path="users/:id" element={guard('users', <ManageUserPage />)} />
        <Route path="utilities" element={guard('utilities', <UtilitiesHome />)} />
        <Route path="utilities/accounts" element={guard('utilities', <AccountsPage />)} />
        <Route path="utilities/cycles" element={guard('utilities', <CyclesPage />)} />
        <Route
          path="utilities/cycles/new"
          element={guard(
            'utilities',
            canDoUtilities(session.user.role, 'bill') ? <NewCyclePage /> : <NotAllowed />,
          )}
        />
        <Route path="utilities/cycles/:id" element={guard('utilities', <CyclePage />)} />
        <Route path="utilities/statements" element={guard('utilities', <StatementsPage />)} />
        <Route path="utilities/statements/:id" element={guard('utilities', <StatementPage />)} />
        <Route
          path="utilities/new"
          element={guard(
            'utilities',
            canDoUtilities(session.user.role, 'manage') ? <NewAccountPage /> : <NotAllowed />,
          )}
        />
        <Route path="utilities/accounts/:id" element={guard('utilities', <AccountPage />)} />
        <Route
          path="utilities/readings/import"
          element={guard(
            'utilities',
            canDoUtilities(session.user.role, 'manage') ? <ImportPage /> : <NotAllowed />,
          )}
        />
        <Route path="utilities/exceptions" element={guard('utilities', <ExceptionsPage />)} />
        <Route path="utilities/types" element={guard('utilities', <TypesPage />)} />
        <Route path="utilities/delinquencies" element={guard('utilities', <DelinquenciesPage />)} />
        <Route path="utilities/autopay" element={guard('utilities', <AutopayPage />)} />
        <Route path="payments" element={guard('payments', <LedgerPage />)} />
        <Route
          path="payments/record"
          element={guard(
            'payments',
            canDo(session.user.role, 'record') ? <RecordPaymentPage /> : <NotAllowed />,
          )}
        />
        <Route path="payments/charges/:id" element={guard('payments', <ChargePage />)} />
        <Route path="payments/payments/:id" element={guard('payments', <PaymentPage />)} />
        <Route path="payments/deposit" element={guard('payments', <DepositPage />)} />
        <Route path="communications" element={guard('communications', <MessagesPage />)} />
        <Route path="communications/messages/:id" element={guard('communications', <MessagePage />)} />
        <Route path="communications/templates" element={guard('communications', <TemplatesPage />)} />
        <Route path="audit" element={guard('audit', <ModulePlaceholder module="audit" />)} />
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
