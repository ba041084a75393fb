import type { ModuleManifest } from '../../kernel/manifest.js';
import type { PermissionTable } from '../../kernel/permissions.js';
import { communicationsConsumer } from './consumer.js';
import { communicationsRoutes } from './routes.js';
import { unsubscribeRoutes } from './unsubscribe-routes.js';
import { SMS_NOTICE_KINDS } from './sms-kinds.js';
import { smsWebhookRoutes } from './sms-routes.js';

const COMMUNICATIONS_PERMISSIONS = {
  'communications.read': ['admin', 'clerk'],
  'communications.resend': ['admin', 'clerk'],
  'communications.settings': ['admin'],
} as const satisfies PermissionTable;

declare module '../../kernel/permissions.js' {
  interface PermissionNames extends Record<keyof typeof COMMUNICATIONS_PERMISSIONS, true> {}
}

/** Its own notice kinds are the answers to STOP/START/HELP; every other kind is another module's. */
export const manifest: ModuleManifest = {
  name: 'communications',
  routes: [communicationsRoutes, unsubscribeRoutes, smsWebhookRoutes],
  noticeKinds: SMS_NOTICE_KINDS,
  consumers: (platform) => [communicationsConsumer(platform.config)],
  permissions: COMMUNICATIONS_PERMISSIONS,
  dashboard: { key: 'communications', permission: 'communications.read' },
};
