import crypto from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { residents, residentSessions, type Resident } from './tables.js';

/** A resident session ends 12 hours after sign-in, or after 1 hour without a request. */
export const SESSION_ABSOLUTE_HOURS = 12;
export const SESSION_IDLE_MINUTES = 60;

export type ResidentPrincipal = { resident: Resident; sessionTokenHash: string; csrfToken: string };

export const hashSecret = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
export const randomToken = () => crypto.randomBytes(32).toString('base64url');

export async function openResidentSession(tx: Tx, residentId: string) {
  const token = randomToken();
  const csrfToken = randomToken();
  await tx.insert(residentSessions).values({
    tokenHash: hashSecret(token),
    tenantId: sql`civq_current_tenant()`,
    residentId,
    csrfToken,
    expiresAt: sql`now() + make_interval(hours => ${SESSION_ABSOLUTE_HOURS})`,
  });
  return { token, csrfToken };
}

/** The resident behind a session token; null when unknown, expired or idle too long. */
export async function findResidentSession(tx: Tx, token: string): Promise<ResidentPrincipal | null> {
  const tokenHash = hashSecret(token);
  const [row] = await tx
    .select({ s: residentSessions, r: residents })
    .from(residentSessions)
    .innerJoin(residents, eq(residents.id, residentSessions.residentId))
    .where(
      and(
        eq(residentSessions.tokenHash, tokenHash),
        gt(residentSessions.expiresAt, sql`now()`),
        gt(residentSessions.lastSeenAt, sql`now() - make_interval(mins => ${SESSION_IDLE_MINUTES})`),
      ),
    );
  if (!row) return null;
  await tx
    .update(residentSessions)
    .set({ lastSeenAt: sql`now()` })
    .where(
      and(
        eq(residentSessions.tokenHash, tokenHash),
        lt(residentSessions.lastSeenAt, sql`now() - interval '1 minute'`),
      ),
    );
  return { resident: row.r, sessionTokenHash: tokenHash, csrfToken: row.s.csrfToken };
}

export async function closeResidentSession(tx: Tx, tokenHash: string): Promise<void> {
  await tx.delete(residentSessions).where(eq(residentSessions.tokenHash, tokenHash));
}

export async function closeAllResidentSessions(tx: Tx, residentId: string): Promise<void> {
  await tx.delete(residentSessions).where(eq(residentSessions.residentId, residentId));
}

export async function purgeExpiredResidentSessions(tx: Tx): Promise<number> {
  const gone = await tx
    .delete(residentSessions)
    .where(
      sql`${residentSessions.expiresAt} < now() OR ${residentSessions.lastSeenAt} < now() - make_interval(mins => ${SESSION_IDLE_MINUTES})`,
    )
    .returning({ h: residentSessions.tokenHash });
  return gone.length;
}
