import type { ModuleManifest } from '../../kernel/manifest.js';
import type { PermissionTable } from '../../kernel/permissions.js';
import { paymentsProjector } from './activity.js';
import { PAYMENT_NOTICE_KINDS } from './notices.js';
import { paymentsReadRoutes } from './routes.js';
import { paymentsDocumentRoutes } from './routes-documents.js';
import { paymentsMoneyRoutes } from './routes-money.js';

const PAYMENTS_PERMISSIONS = {
  'payments.read': ['admin', 'clerk', 'viewer'],
  // Clerks take payments at the counter and post miscellaneous charges.
  'payments.record': ['admin', 'clerk'],
  // Money going back out, a returned check, or a cancelled charge needs an administrator.
  'payments.refund': ['admin'],
  'payments.reverse': ['admin'],
  'payments.void': ['admin'],
} as const satisfies PermissionTable;

declare module '../../kernel/permissions.js' {
  interface PermissionNames extends Record<keyof typeof PAYMENTS_PERMISSIONS, true> {}
}

export const manifest: ModuleManifest = {
  name: 'payments',
  routes: [paymentsReadRoutes, paymentsMoneyRoutes, paymentsDocumentRoutes],
  permissions: PAYMENTS_PERMISSIONS,
  dashboard: { key: 'payments', permission: 'payments.read' },
  noticeKinds: PAYMENT_NOTICE_KINDS,
  activityProjectors: [paymentsProjector],
  demoSeed: [
    {
      name: 'counter payments',
      // Loaded only when seeding, so demo data never weighs on a production process; it pays
      // the utility accounts the utilities steps opened (utilities comes first in MODULES).
      run: async ({ platform, tenant, staff }) =>
        (await import('../../seed/demo-payments.js')).seedDemoLedger(platform, tenant, staff),
    },
  ],
};
