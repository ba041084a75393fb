// Public API of the identity module: staff users, roles and sessions.
export type { StaffPrincipal } from './sessions.js';
export { purgeExpiredSessions } from './sessions.js';
export { requireStaff, staffActor, staffAuthPlugin, STAFF_COOKIE } from './http.js';
export { can, permissionsFor, type Permission } from './permissions.js';
export { createStaff, staffLabels, staffNames, staffWithPermission, type NewStaff } from './service.js';
export { identityRoutes } from './routes.js';
export { STAFF_ROLES, type StaffRole } from './tables.js';
export { IdentityEvents } from './events.js';
export { manifest } from './manifest.js';
