import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { EventBus } from '../../events/bus.js';
import type { Actor } from '../../events/types.js';
import { PUBLIC_ACTOR } from '../../events/types.js';
import { hashPassword, passwordProblem, verifyPassword } from '../../lib/passwords.js';
import { conflict, notFound, Problem } from '../../kernel/problem.js';
import { IdentityEvents } from './events.js';
import { openSession } from './sessions.js';
import { can, type Permission } from './permissions.js';
import { staffUsers, type StaffRole } from './tables.js';

/** Five wrong passwords in a row lock the account for fifteen minutes. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export type StaffUser = typeof staffUsers.$inferSelect;

export type LoginOutcome =
  { ok: true; user: StaffUser; token: string; csrfToken: string } | { ok: false; problem: Problem };

/**
 * Checks a sign-in. Returns the outcome instead of throwing so the caller commits the failure
 * count (a thrown error would roll it back and make lockout impossible).
 */
export async function attemptLogin(
  tx: Tx,
  events: EventBus,
  email: string,
  password: string,
): Promise<LoginOutcome> {
  const [user] = await tx.select().from(staffUsers).where(eq(staffUsers.email, email.trim().toLowerCase()));
  const lockedFor = user?.lockedUntil ? Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000) : 0;
  if (user && lockedFor > 0) {
    return {
      ok: false,
      problem: new Problem(
        429,
        'account_locked',
        { minutes: Math.ceil(lockedFor / 60) },
        { retryAfterSeconds: lockedFor },
      ),
    };
  }
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) {
    if (user) await recordFailure(tx, events, user);
    return { ok: false, problem: new Problem(401, 'invalid_credentials') };
  }
  if (user.status !== 'active') return { ok: false, problem: new Problem(403, 'account_disabled') };
  await tx
    .update(staffUsers)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` })
    .where(eq(staffUsers.id, user.id));
  const session = await openSession(tx, user.id);
  await events.record(tx, {
    type: IdentityEvents.signedIn,
    subjectType: 'staff_user',
    subjectId: user.id,
    actor: { type: 'staff', id: user.id },
  });
  return { ok: true, user, ...session };
}

async function recordFailure(tx: Tx, events: EventBus, user: StaffUser): Promise<void> {
  const failures = user.failedLoginCount + 1;
  const lock = failures >= MAX_FAILED_LOGINS;
  await tx
    .update(staffUsers)
    .set(
      lock
        ? { failedLoginCount: 0, lockedUntil: sql`now() + make_interval(mins => ${LOCKOUT_MINUTES})` }
        : { failedLoginCount: failures },
    )
    .where(eq(staffUsers.id, user.id));
  await events.record(tx, {
    type: lock ? IdentityEvents.lockedOut : IdentityEvents.signInFailed,
    subjectType: 'staff_user',
    subjectId: user.id,
    actor: PUBLIC_ACTOR,
    payload: { failures },
  });
}

export type NewStaff = {
  email: string;
  displayName: string;
  role: StaffRole;
  password: string;
  /** Language of the dashboard and of their invitation; unset = follow the browser, invite in English. */
  locale?: 'en' | 'es';
};

export async function createStaff(
  tx: Tx,
  events: EventBus,
  actor: Actor,
  input: NewStaff,
): Promise<StaffUser> {
  const email = input.email.trim().toLowerCase();
  const weak = passwordProblem(input.password, [email.split('@')[0] ?? '', input.displayName]);
  if (weak)
    throw new Problem(400, 'validation_failed', {}, { fieldErrors: [{ field: 'password', code: weak }] });
  const [existing] = await tx
    .select({ id: staffUsers.id })
    .from(staffUsers)
    .where(eq(staffUsers.email, email));
  if (existing) throw conflict('email_taken');
  const [user] = await tx
    .insert(staffUsers)
    .values({
      tenantId: sql`civq_current_tenant()`,
      email,
      displayName: input.displayName.trim(),
      role: input.role,
      locale: input.locale ?? null,
      passwordHash: await hashPassword(input.password),
    })
    .returning();
  await events.record(tx, {
    type: IdentityEvents.created,
    subjectType: 'staff_user',
    subjectId: user!.id,
    actor,
    payload: { email, displayName: user!.displayName, role: input.role, locale: input.locale ?? null },
  });
  return user!;
}

export async function listStaff(tx: Tx): Promise<StaffUser[]> {
  return tx.select().from(staffUsers).orderBy(asc(staffUsers.displayName), asc(staffUsers.email));
}

export type StaffChanges = { role?: StaffRole; status?: 'active' | 'disabled'; displayName?: string };

export async function updateStaff(
  tx: Tx,
  events: EventBus,
  actor: Actor,
  id: string,
  changes: StaffChanges,
): Promise<StaffUser> {
  const [before] = await tx.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update');
  if (!before) throw notFound('staff_not_found');
  const losesAdmin =
    before.role === 'admin' &&
    before.status === 'active' &&
    ((changes.role && changes.role !== 'admin') || changes.status === 'disabled');
  if (losesAdmin) {
    // Lock the other admins too, so two concurrent demotions cannot both pass this check.
    const others = await tx
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(and(eq(staffUsers.role, 'admin'), eq(staffUsers.status, 'active'), ne(staffUsers.id, id)))
      .for('update');
    if (others.length === 0) throw conflict('last_admin');
  }
  const [after] = await tx
    .update(staffUsers)
    .set({
      ...(changes.role && { role: changes.role }),
      ...(changes.status && { status: changes.status }),
      ...(changes.displayName && { displayName: changes.displayName.trim() }),
      updatedAt: sql`now()`,
    })
    .where(eq(staffUsers.id, id))
    .returning();
  const changed = Object.fromEntries(
    (['role', 'status', 'displayName'] as const)
      .filter((k) => changes[k] !== undefined && changes[k] !== before[k])
      .map((k) => [k, { from: before[k], to: after![k] }]),
  );
  if (Object.keys(changed).length > 0) {
    await events.record(tx, {
      type: IdentityEvents.updated,
      subjectType: 'staff_user',
      subjectId: id,
      actor,
      payload: { changes: changed },
    });
  }
  return after!;
}

export async function setStaffLocale(tx: Tx, userId: string, locale: 'en' | 'es'): Promise<StaffUser> {
  const [after] = await tx
    .update(staffUsers)
    .set({ locale, updatedAt: sql`now()` })
    .where(eq(staffUsers.id, userId))
    .returning();
  if (!after) throw notFound('staff_not_found');
  return after;
}

/** Display labels for audit and other read models: id -> "Name <email>". */
export async function staffLabels(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: staffUsers.id, name: staffUsers.displayName, email: staffUsers.email })
    .from(staffUsers)
    .where(sql`${staffUsers.id} = ANY(${`{${ids.join(',')}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, `${r.name} <${r.email}>`]));
}

/** Staff display names by id (receipts and reports name the clerk, not their email). */
export async function staffNames(tx: Tx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({ id: staffUsers.id, name: staffUsers.displayName })
    .from(staffUsers)
    .where(sql`${staffUsers.id} = ANY(${`{${unique.join(',')}}`}::uuid[])`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * Active staff whose role holds `permission`, by name: the people work can be given to (the
 * 311 queue assigns requests to anyone who may work them).
 */
export async function staffWithPermission(
  tx: Tx,
  permission: Permission,
): Promise<{ id: string; name: string }[]> {
  const rows = await tx
    .select({ id: staffUsers.id, name: staffUsers.displayName, role: staffUsers.role })
    .from(staffUsers)
    .where(eq(staffUsers.status, 'active'))
    .orderBy(asc(staffUsers.displayName), asc(staffUsers.id));
  return rows.filter((r) => can(r.role, permission)).map(({ id, name }) => ({ id, name }));
}
