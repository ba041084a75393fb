import type { DashboardModule } from '../moduleTypes.ts';
import { AccountPage } from './accounts/AccountPage.tsx';
import { AccountsPage } from './accounts/AccountsPage.tsx';
import { ExceptionsPage } from './accounts/ExceptionsPage.tsx';
import { ImportPage } from './accounts/ImportPage.tsx';
import { NewAccountPage } from './accounts/NewAccountPage.tsx';
import { AutopayPage } from './autopay/AutopayPage.tsx';
import { CyclePage } from './billing/CyclePage.tsx';
import { CyclesPage } from './billing/CyclesPage.tsx';
import { NewCyclePage } from './billing/NewCyclePage.tsx';
import { StatementPage } from './billing/StatementPage.tsx';
import { StatementsPage } from './billing/StatementsPage.tsx';
import { UtilitiesHome } from './billing/UtilitiesHome.tsx';
import { DelinquenciesPage } from './delinquency/DelinquenciesPage.tsx';
import { TypesPage } from './rates/TypesPage.tsx';

export const utilitiesModule: DashboardModule = {
  id: 'utilities',
  href: '/dashboard/utilities',
  pages: [
    { path: 'utilities', element: <UtilitiesHome /> },
    { path: 'utilities/accounts', element: <AccountsPage /> },
    { path: 'utilities/accounts/:id', element: <AccountPage /> },
    { path: 'utilities/new', element: <NewAccountPage />, permission: 'utilities.manage' },
    { path: 'utilities/readings/import', element: <ImportPage />, permission: 'utilities.manage' },
    { path: 'utilities/exceptions', element: <ExceptionsPage /> },
    { path: 'utilities/types', element: <TypesPage /> },
    { path: 'utilities/cycles', element: <CyclesPage /> },
    { path: 'utilities/cycles/new', element: <NewCyclePage />, permission: 'utilities.bill' },
    { path: 'utilities/cycles/:id', element: <CyclePage /> },
    { path: 'utilities/statements', element: <StatementsPage /> },
    { path: 'utilities/statements/:id', element: <StatementPage /> },
    { path: 'utilities/delinquencies', element: <DelinquenciesPage /> },
    { path: 'utilities/autopay', element: <AutopayPage /> },
  ],
};
