import type { ModuleManifest } from '../../kernel/manifest.js';
import type { PermissionTable } from '../../kernel/permissions.js';
import { auditConsumer } from './consumer.js';
import { auditRoutes } from './routes.js';

const AUDIT_PERMISSIONS = {
  'audit.read': ['admin'],
} as const satisfies PermissionTable;

declare module '../../kernel/permissions.js' {
  interface PermissionNames extends Record<keyof typeof AUDIT_PERMISSIONS, true> {}
}

export const manifest: ModuleManifest = {
  name: 'audit',
  routes: [auditRoutes],
  consumers: () => [auditConsumer],
  permissions: AUDIT_PERMISSIONS,
  dashboard: { key: 'audit', permission: 'audit.read' },
};
