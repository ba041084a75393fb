import { withSystem } from '../../db/tenant-context.js';
import type { ModuleManifest } from '../../kernel/manifest.js';
import { residentAuthPlugin } from './http.js';
import { RESIDENT_NOTICE_KINDS } from './notices.js';
import { residentRecipients } from './preferences.js';
import { residentAccountRoutes } from './routes-account.js';
import { residentAuthRoutes } from './routes-auth.js';
import { residentPasskeyRoutes } from './routes-passkeys.js';
import { residentPushRoutes } from './routes-push.js';
import { residentStaffRoutes } from './routes-staff.js';
import { purgeExpiredResidentSessions } from './sessions.js';

export const manifest: ModuleManifest = {
  name: 'residents',
  requestPlugins: [residentAuthPlugin],
  routes: [
    residentAuthRoutes,
    residentAccountRoutes,
    residentPasskeyRoutes,
    residentStaffRoutes,
    residentPushRoutes,
  ],
  jobs: [
    {
      // Same hour as staff sessions (identity-purge-sessions): a quiet time of day.
      queue: 'residents-purge-sessions',
      cron: '17 3 * * *',
      async handler(platform, log) {
        const removed = await withSystem(platform.db, (tx) => purgeExpiredResidentSessions(tx));
        log.info({ removed }, 'expired resident sessions purged');
      },
    },
  ],
  noticeKinds: RESIDENT_NOTICE_KINDS,
  // Notices about a record also reach the residents who linked it, per their preferences.
  recipientResolvers: [residentRecipients],
  demoSeed: [
    {
      // After utilities (the account she links); before requests (the reports she filed).
      name: 'demo resident',
      run: async ({ platform, tenant }) =>
        (await import('../../seed/demo-residents.js')).seedDemoResident(platform, tenant),
    },
  ],
};
