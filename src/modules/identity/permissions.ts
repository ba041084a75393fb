import { derived } from '../../kernel/modules.js';
import type { Permission, PermissionTable, StaffRole } from '../../kernel/permissions.js';

export type { Permission } from '../../kernel/permissions.js';

/**
 * Identity's own permissions. Every other module lists its permissions in its manifest
 * (e.g. payments.record for clerks, payments.refund for admins only); this table is not
 * edited when a module arrives.
 */
export const IDENTITY_PERMISSIONS = {
  'staff.manage': ['admin'],
} as const satisfies PermissionTable;

declare module '../../kernel/permissions.js' {
  interface PermissionNames extends Record<keyof typeof IDENTITY_PERMISSIONS, true> {}
}

/** Every installed module's permissions, in MODULES order. */
const table = derived((modules) => {
  const out = new Map<string, readonly StaffRole[]>();
  for (const m of modules) for (const [p, roles] of Object.entries(m.permissions ?? {})) out.set(p, roles);
  return out;
});

export function can(role: StaffRole, permission: Permission): boolean {
  const roles = table().get(permission);
  // Only a module missing from MODULES gets here (the type checker knows every name): fail
  // loudly rather than quietly refusing everyone.
  if (!roles) throw new Error(`permission ${permission} is not contributed by any installed module`);
  return roles.includes(role);
}

/** Every permission the role holds, sorted (GET /api/v1/auth/me sends it to the web app). */
export function permissionsFor(role: StaffRole): Permission[] {
  return [...table()]
    .filter(([, roles]) => roles.includes(role))
    .map(([p]) => p as Permission)
    .sort();
}

const dashboardPages = derived((modules) => modules.flatMap((m) => (m.dashboard ? [m.dashboard] : [])));

/** The modules a role sees in the dashboard navigation: home, then each module's page it may open. */
export function modulesFor(role: StaffRole): string[] {
  return [
    'home',
    ...dashboardPages()
      .filter((p) => can(role, p.permission))
      .map((p) => p.key),
  ];
}
