/**
 * Staff roles and the permission names modules guard their routes with. Each module lists
 * which roles hold its permissions in its manifest (`permissions`), and names them for the
 * type checker by adding to `PermissionNames`:
 *
 *   declare module '../../kernel/permissions.js' {
 *     interface PermissionNames extends Record<keyof typeof MY_PERMISSIONS, true> {}
 *   }
 *
 * so `requireStaff('payments.refund')` is checked at compile time while identity's table is
 * not edited per module (the same declaration merging Fastify uses for request decorators).
 */
export const STAFF_ROLES = ['admin', 'clerk', 'viewer'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

// Filled by the modules' declarations (see above); empty here on purpose.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PermissionNames {}

export type Permission = keyof PermissionNames & string;

/** Which roles hold each permission a module adds. */
export type PermissionTable = Readonly<Record<string, readonly StaffRole[]>>;
