import { z } from 'zod';
import { STAFF_ROLES } from './tables.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../lib/passwords.js';

const localizedText = z.object({ en: z.string(), es: z.string() });

export const loginBody = z.object({
  /** The staff member's email address (case does not matter). */
  email: z.string().trim().min(1).max(254).pipe(z.email()),
  /** Their password. */
  password: z.string().min(1).max(1024),
});

export const staffUserView = z.object({
  /** Staff user id. */
  id: z.uuid(),
  /** Sign-in email, lower case. */
  email: z.string(),
  /** Name shown in the dashboard and the audit log. */
  displayName: z.string(),
  /** admin, clerk or viewer. */
  role: z.enum(STAFF_ROLES),
  /** Preferred interface language; null = follow the browser. */
  locale: z.enum(['en', 'es']).nullable(),
});

export const sessionView = z.object({
  /** The signed-in user. */
  user: staffUserView,
  /** The tenant this session belongs to. */
  tenant: z.object({ slug: z.string(), name: localizedText, logoUrl: z.string().nullable() }),
  /** Send back as the x-csrf-token header on every write. */
  csrfToken: z.string(),
  /** Dashboard modules this user may open. */
  modules: z.array(z.string()),
  /** What this user's role may do (e.g. payments.record), so the dashboard shows only usable actions. */
  permissions: z.array(z.string()),
});

export const preferencesBody = z.object({
  /** Interface language. */
  locale: z.enum(['en', 'es']),
});

export const staffListItem = staffUserView.omit({ locale: true }).extend({
  /** active, or disabled (cannot sign in). */
  status: z.enum(['active', 'disabled']),
  /** Last successful sign-in, ISO 8601. */
  lastLoginAt: z.string().nullable(),
  /** When the user was created, ISO 8601. */
  createdAt: z.string(),
});

export const staffList = z.object({ items: z.array(staffListItem) });

export const createStaffBody = z
  .object({
    /** Sign-in email. */
    email: z.string().trim().min(1).max(254).pipe(z.email()),
    /** Full name. */
    displayName: z.string().trim().min(1).max(120),
    /** Role to grant. */
    role: z.enum(STAFF_ROLES),
    /** Initial password (12+ characters, not a common one); the user can change it later. */
    password: z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH),
    /** Their language (dashboard and invitation email); omit to follow their browser. */
    locale: z.enum(['en', 'es']).optional(),
  })
  .strict();

export const updateStaffBody = z
  .object({
    /** New role. */
    role: z.enum(STAFF_ROLES).optional(),
    /** Disable to stop the user signing in (their sessions end at once). */
    status: z.enum(['active', 'disabled']).optional(),
    /** New display name. */
    displayName: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

export const idParams = z.object({ id: z.uuid() });

export type StaffUserView = z.infer<typeof staffUserView>;
export type SessionView = z.infer<typeof sessionView>;
export type StaffListItem = z.infer<typeof staffListItem>;
export type CreateStaffBody = z.input<typeof createStaffBody>;
export type UpdateStaffBody = z.input<typeof updateStaffBody>;
