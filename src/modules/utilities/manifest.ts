import { withSystem } from '../../db/tenant-context.js';
import { SYSTEM_ACTOR } from '../../events/types.js';
import type { JobLog, ModuleManifest } from '../../kernel/manifest.js';
import type { NoticeKind } from '../../kernel/notices.js';
import type { PermissionTable } from '../../kernel/permissions.js';
import type { Platform } from '../../kernel/platform.js';
import { statementProjector } from '../activity/index.js';
import { listTenantIds } from '../tenancy/index.js';
import { utilitiesPortalRoutes, utilitiesRoutes } from './accounts/index.js';
import { statementNoticeConsumer, utilityBillingRoutes, utilityDashboardRoutes } from './billing/index.js';
import { utilityAutopayRoutes } from './autopay/index.js';
import { runDelinquency, utcToday, utilityDelinquencyRoutes } from './delinquency/index.js';
import { utilityTypesRoutes } from './rates/index.js';

// What utilities adds to the platform, taken from the sub-modules' indexes (not ./index.js,
// which re-exports this manifest: importing it back would make a circle).

const UTILITIES_PERMISSIONS = {
  'utilities.read': ['admin', 'clerk', 'viewer'],
  // Opening accounts, meters, readings and exception review are the utility office's daily work.
  'utilities.manage': ['admin', 'clerk'],
  // Rates change what every customer pays: administrators only.
  'utilities.rates': ['admin'],
  // Running a billing cycle (calculate, exclude, issue) is the utility office's monthly work.
  'utilities.bill': ['admin', 'clerk'],
  // Cancelling an issued statement reverses money on the ledger: administrators only.
  'utilities.void': ['admin'],
  // Enrolling an account in bank draft (or cancelling it) is counter work with a signed form.
  'utilities.autopay.enrol': ['admin', 'clerk'],
  // ACH files carry bank account numbers and move money: administrators only.
  'utilities.autopay.files': ['admin'],
} as const satisfies PermissionTable;

declare module '../../kernel/permissions.js' {
  interface PermissionNames extends Record<keyof typeof UTILITIES_PERMISSIONS, true> {}
}

/** Statements, collections and bank drafts (words in locales/<lang>/notices.json). */
const UTILITY_NOTICE_KINDS: NoticeKind[] = [
  {
    kind: 'utility.statement_issued',
    optional: true,
    fields: { name: 'text', accountNumber: 'text', amountDue: 'money', dueDate: 'date', portalUrl: 'url' },
    sample: {
      name: 'María López',
      accountNumber: '10-2043-01',
      amountDue: 8432,
      dueDate: '2026-12-15',
      portalUrl: 'https://esperanza.example.gov/portal',
    },
  },
  {
    kind: 'utility.late_fee',
    optional: true,
    fields: { name: 'text', accountNumber: 'text', fee: 'money', amountDue: 'money', assessedOn: 'date' },
    sample: {
      name: 'María López',
      accountNumber: '10-2043-01',
      fee: 1000,
      amountDue: 9432,
      assessedOn: '2026-12-16',
    },
  },
  {
    kind: 'utility.shutoff_warning',
    optional: false,
    fields: { name: 'text', accountNumber: 'text', amountDue: 'money', shutoffDate: 'date' },
    sample: { name: 'María López', accountNumber: '10-2043-01', amountDue: 9432, shutoffDate: '2027-01-05' },
  },
  {
    kind: 'utility.autopay_returned',
    optional: false,
    fields: { name: 'text', accountNumber: 'text', amount: 'money', returnedOn: 'date' },
    sample: { name: 'María López', accountNumber: '10-2043-01', amount: 8432, returnedOn: '2026-12-02' },
  },
];

/** The daily collections run over every entity of the install, one entity at a time. */
export async function runDelinquencyForAll(platform: Platform, today: string, log: JobLog): Promise<void> {
  for (const id of await withSystem(platform.db, (tx) => listTenantIds(tx))) {
    const summary = await runDelinquency(platform, id, SYSTEM_ACTOR, today);
    log.info({ tenantId: id, ...summary }, 'utility delinquency run');
  }
}

export const manifest: ModuleManifest = {
  name: 'utilities',
  routes: [
    utilitiesRoutes,
    utilityTypesRoutes,
    utilityBillingRoutes,
    utilityDashboardRoutes,
    utilityDelinquencyRoutes,
    utilityAutopayRoutes,
    utilitiesPortalRoutes,
  ],
  consumers: (platform) => [statementNoticeConsumer(platform.config, platform.communications)],
  jobs: [
    {
      // Past due + late fees, then shutoff warnings. 11:15 UTC is early morning across the US,
      // so "today" (UTC) is the local day. A retry or a second run the same day charges and
      // notifies nothing twice.
      queue: 'utilities-delinquency-daily',
      cron: '15 11 * * *',
      handler: (platform, log) => runDelinquencyForAll(platform, utcToday(), log),
    },
  ],
  permissions: UTILITIES_PERMISSIONS,
  dashboard: { key: 'utilities', permission: 'utilities.read' },
  noticeKinds: UTILITY_NOTICE_KINDS,
  // Its statement events in My Activity (the projector reads only their payloads).
  activityProjectors: [statementProjector],
  // The demo's year of utility billing, in order. Loaded only when seeding, so the demo never
  // weighs on a production process. Bank drafts come before the billing so its cycles draft them.
  demoSeed: [
    {
      name: 'utility accounts and readings',
      run: async ({ platform, tenant, staff }) => {
        await (await import('../../seed/demo-utilities.js')).seedDemoUtilities(platform, tenant, staff);
      },
    },
    {
      name: 'autopay enrolments',
      run: async ({ platform, tenant, staff }) =>
        (await import('../../seed/demo-autopay.js')).seedDemoAutopay(platform, tenant, staff),
    },
    {
      name: 'a year of billing',
      run: async ({ platform, tenant, staff }) =>
        (await import('../../seed/demo-billing.js')).seedDemoBilling(platform, tenant, staff),
    },
  ],
};
