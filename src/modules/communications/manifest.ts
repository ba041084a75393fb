import type { ModuleManifest } from '../../kernel/manifest.js';
import type { PermissionTable } from '../../kernel/permissions.js';
import { communicationsConsumer } from './consumer.js';
import { communicationsRoutes } from './routes.js';
import { unsubscribeRoutes } from './unsubscribe-routes.js';

const COMMUNICATIONS_PERMISSIONS = {
  'communications.read': ['admin', 'clerk'],
  'communications.resend': ['admin', 'clerk'],
} as const satisfies PermissionTable;

declare module '../../kernel/permissions.js' {
  interface PermissionNames extends Record<keyof typeof COMMUNICATIONS_PERMISSIONS, true> {}
}

/** Its notice kinds are the other modules' (each lists its own); this one only delivers them. */
export const manifest: ModuleManifest = {
  name: 'communications',
  routes: [communicationsRoutes, unsubscribeRoutes],
  consumers: (platform) => [communicationsConsumer(platform.config)],
  permissions: COMMUNICATIONS_PERMISSIONS,
  dashboard: { key: 'communications', permission: 'communications.read' },
};
