import type { ModuleManifest } from '../../kernel/manifest.js';
import type { PermissionTable } from '../../kernel/permissions.js';
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
  routes: [staffRoutes],
  permissions: REQUESTS_PERMISSIONS,
  dashboard: { key: 'requests', permission: 'requests.read' },
};
