import { withSystem } from '../../db/tenant-context.js';
import type { ModuleManifest } from '../../kernel/manifest.js';
import { staffAuthPlugin } from './http.js';
import { IDENTITY_NOTICE_KINDS } from './notices.js';
import { IDENTITY_PERMISSIONS } from './permissions.js';
import { identityRoutes } from './routes.js';
import { purgeExpiredSessions } from './sessions.js';

export const manifest: ModuleManifest = {
  name: 'identity',
  requestPlugins: [staffAuthPlugin],
  routes: [identityRoutes],
  jobs: [
    {
      queue: 'identity-purge-sessions',
      cron: '17 3 * * *',
      async handler(platform, log) {
        const removed = await withSystem(platform.db, (tx) => purgeExpiredSessions(tx));
        log.info({ removed }, 'expired staff sessions purged');
      },
    },
  ],
  permissions: IDENTITY_PERMISSIONS,
  dashboard: { key: 'users', permission: 'staff.manage' },
  noticeKinds: IDENTITY_NOTICE_KINDS,
};
