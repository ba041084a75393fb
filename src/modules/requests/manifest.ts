import type { ModuleManifest } from '../../kernel/manifest.js';
import type { PermissionTable } from '../../kernel/permissions.js';
import { requestsProjector } from './activity.js';
import { requestsAdminRoutes } from './admin.js';
import { REQUEST_NOTICE_KINDS, requestNoticeConsumer, requestRecipients } from './notices.js';
import { sweepPendingPhotos } from './photos.js';
import { requestsPortalRoutes } from './portal.js';
import { open311Routes } from './open311/routes.js';
import { staffRoutes } from './staff/index.js';

const REQUESTS_PERMISSIONS = {
  // Everyone on staff can look at the queue and the map.
  'requests.read': ['admin', 'clerk', 'viewer'],
  // Working a request: status, notes, assignment, duplicates.
  'requests.work': ['admin', 'clerk'],
  // The catalogue, the reporting area and Open311 API keys.
  'requests.configure': ['admin'],
} as const satisfies PermissionTable;

declare module '../../kernel/permissions.js' {
  interface PermissionNames extends Record<keyof typeof REQUESTS_PERMISSIONS, true> {}
}

/**
 * 311 service requests (see CONTRACT.md for the HTTP API and the domain events). Route
 * plugins, consumers, notice kinds, projectors and seed steps are added here as they are built.
 */
export const manifest: ModuleManifest = {
  name: 'requests',
  routes: [requestsPortalRoutes, requestsAdminRoutes, staffRoutes, open311Routes],
  permissions: REQUESTS_PERMISSIONS,
  dashboard: { key: 'requests', permission: 'requests.read' },
  // Reporter and followers hear of every public change (notices.ts).
  consumers: (platform) => [requestNoticeConsumer(platform.config, platform.communications)],
  jobs: [
    {
      // Photos uploaded for a report that was never filed: removed after an hour.
      queue: 'requests-sweep-photos',
      cron: '*/15 * * * *',
      handler: async (platform, log) => {
        await sweepPendingPhotos(platform, log);
      },
    },
  ],
  noticeKinds: REQUEST_NOTICE_KINDS,
  recipientResolvers: [requestRecipients],
  activityProjectors: [requestsProjector],
  demoSeed: [
    {
      name: '311 catalogue and requests',
      run: async ({ platform, tenant, staff }) =>
        (await import('../../seed/demo-requests.js')).seedDemoRequests(platform, tenant, staff),
    },
  ],
};
