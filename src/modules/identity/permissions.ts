import type { StaffRole } from './tables.js';

/**
 * What each staff role may do. Modules add their permissions here as they arrive
 * (e.g. payments.record for clerks, payments.refund for admins only).
 */
const PERMISSIONS = {
  'staff.manage': ['admin'],
  'audit.read': ['admin'],
  'communications.read': ['admin', 'clerk'],
  'communications.resend': ['admin', 'clerk'],
  'payments.read': ['admin', 'clerk', 'viewer'],
  // Clerks take payments at the counter and post miscellaneous charges.
  'payments.record': ['admin', 'clerk'],
  // Money going back out, a returned check, or a cancelled charge needs an administrator.
  'payments.refund': ['admin'],
  'payments.reverse': ['admin'],
  'payments.void': ['admin'],
  'utilities.read': ['admin', 'clerk', 'viewer'],
  // Opening accounts, meters, readings and exception review are the utility office's daily work.
  'utilities.manage': ['admin', 'clerk'],
  // Rates change what every customer pays: administrators only.
  'utilities.rates': ['admin'],
  // Running a billing cycle (calculate, exclude, issue) is the utility office's monthly work.
  'utilities.bill': ['admin', 'clerk'],
  // Cancelling an issued statement reverses money on the ledger: administrators only.
  'utilities.void': ['admin'],
  // Enrolling an account in bank draft (or cancelling it) is counter work with a signed form.
  'utilities.autopay.enrol': ['admin', 'clerk'],
  // ACH files carry bank account numbers and move money: administrators only.
  'utilities.autopay.files': ['admin'],
} satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

/** Every permission the role holds, in the table's order (GET /api/v1/auth/me sends it to the web app). */
export function permissionsFor(role: StaffRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => can(role, permission));
}

/** The modules a role sees in the dashboard navigation. */
export function modulesFor(role: StaffRole): string[] {
  const modules = ['home'];
  if (can(role, 'staff.manage')) modules.push('users');
  if (can(role, 'utilities.read')) modules.push('utilities');
  if (can(role, 'payments.read')) modules.push('payments');
  if (can(role, 'communications.read')) modules.push('communications');
  if (can(role, 'audit.read')) modules.push('audit');
  return modules;
}
