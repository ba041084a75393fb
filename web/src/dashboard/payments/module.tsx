import type { DashboardModule } from '../moduleTypes.ts';
import { ChargePage } from './ChargePage.tsx';
import { DepositPage } from './DepositPage.tsx';
import { LedgerPage } from './LedgerPage.tsx';
import { PaymentPage } from './PaymentPage.tsx';
import { RecordPaymentPage } from './RecordPaymentPage.tsx';

export const paymentsModule: DashboardModule = {
  id: 'payments',
  href: '/dashboard/payments',
  pages: [
    { path: 'payments', element: <LedgerPage /> },
    { path: 'payments/record', element: <RecordPaymentPage />, permission: 'payments.record' },
    { path: 'payments/charges/:id', element: <ChargePage /> },
    { path: 'payments/payments/:id', element: <PaymentPage /> },
    { path: 'payments/deposit', element: <DepositPage /> },
  ],
};
