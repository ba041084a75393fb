import crypto from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { staffSessions, staffUsers, type StaffRole } from './tables.js';

/** A session ends 12 hours after sign-in, or after 2 hours without a request. */
export const SESSION_ABSOLUTE_HOURS = 12;
export const SESSION_IDLE_MINUTES = 120;

export type StaffPrincipal = {
  user: {
    id: string;
    email: string;
    displayName: string;
    role: StaffRole;
    locale: 'en' | 'es' | null;
  };
  sessionTokenHash: string;
  csrfToken: string;
};

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export async function openSession(tx: Tx, userId: string): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  await tx.insert(staffSessions).values({
    tokenHash: hashToken(token),
    userId,
    tenantId: sql`civq_current_tenant()`,
    csrfToken,
    expiresAt: sql`now() + make_interval(hours => ${SESSION_ABSOLUTE_HOURS})`,
  });
  return { token, csrfToken };
}

/** The principal behind a session token, or null when the session is unknown, expired, idle or its user disabled. */
export async function findSession(tx: Tx, token: string): Promise<StaffPrincipal | null> {
  const tokenHash = hashToken(token);
  const [row] = await tx
    .select({ s: staffSessions, u: staffUsers })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.userId))
    .where(
      and(
        eq(staffSessions.tokenHash, tokenHash),
        gt(staffSessions.expiresAt, sql`now()`),
        gt(staffSessions.lastSeenAt, sql`now() - make_interval(mins => ${SESSION_IDLE_MINUTES})`),
        eq(staffUsers.status, 'active'),
      ),
    );
  if (!row) return null;
  // Touch at most once a minute: keeps the idle clock right without a write per request.
  await tx
    .update(staffSessions)
    .set({ lastSeenAt: sql`now()` })
    .where(
      and(
        eq(staffSessions.tokenHash, tokenHash),
        lt(staffSessions.lastSeenAt, sql`now() - interval '1 minute'`),
      ),
    );
  return {
    user: {
      id: row.u.id,
      email: row.u.email,
      displayName: row.u.displayName,
      role: row.u.role,
      locale: row.u.locale,
    },
    sessionTokenHash: tokenHash,
    csrfToken: row.s.csrfToken,
  };
}

export async function closeSession(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash));
}

export async function closeAllSessions(tx: Tx, userId: string): Promise<void> {
  await tx.delete(staffSessions).where(eq(staffSessions.userId, userId));
}

/** Removes sessions that can no longer be used (run by a daily job). */
export async function purgeExpiredSessions(tx: Tx): Promise<number> {
  const gone = await tx
    .delete(staffSessions)
    .where(
      sql`${staffSessions.expiresAt} < now() OR ${staffSessions.lastSeenAt} < now() - make_interval(mins => ${SESSION_IDLE_MINUTES})`,
    )
    .returning({ h: staffSessions.tokenHash });
  return gone.length;
}
