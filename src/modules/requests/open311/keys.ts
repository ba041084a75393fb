import crypto from 'node:crypto';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import type { EventBus } from '../../../events/bus.js';
import type { Actor } from '../../../events/types.js';
import { notFound } from '../../../kernel/problem.js';
import { open311ApiKeys } from '../tables.js';

/** Events of API key administration (audit log only; no notice). */
export const Open311KeyEvents = {
  created: 'request.open311_key_created',
  revoked: 'request.open311_key_revoked',
} as const;

const KEY_PREFIX = 'o311_';
/** How much of a key is kept in clear, to tell keys apart on the dashboard. */
const SHOWN = KEY_PREFIX.length + 6;

export const hashKey = (key: string) => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

export type ApiKeyView = {
  id: string;
  label: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const view = (r: typeof open311ApiKeys.$inferSelect): ApiKeyView => ({
  id: r.id,
  label: r.label,
  prefix: r.keyPrefix,
  createdAt: r.createdAt.toISOString(),
  lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

export async function listKeys(tx: Tx): Promise<ApiKeyView[]> {
  const rows = await tx.select().from(open311ApiKeys).orderBy(desc(open311ApiKeys.createdAt));
  return rows.map(view);
}

/** Issues a key: 32 random bytes, returned once; only its SHA-256 and first characters are kept. */
export async function createKey(
  tx: Tx,
  events: EventBus,
  actor: Actor & { type: 'staff' },
  label: string,
): Promise<ApiKeyView & { key: string }> {
  const key = KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
  const [row] = await tx
    .insert(open311ApiKeys)
    .values({
      tenantId: sql`civq_current_tenant()`,
      label,
      keyHash: hashKey(key),
      keyPrefix: key.slice(0, SHOWN),
      createdBy: actor.id,
    })
    .returning();
  await events.record(tx, {
    type: Open311KeyEvents.created,
    subjectType: 'open311_api_key',
    subjectId: row!.id,
    actor,
    payload: { keyId: row!.id, label, prefix: row!.keyPrefix },
  });
  return { ...view(row!), key };
}

/** Revokes a key for good (a second revocation changes nothing); 404 for a key this tenant does not have. */
export async function revokeKey(tx: Tx, events: EventBus, actor: Actor, id: string): Promise<void> {
  const [row] = await tx.select().from(open311ApiKeys).where(eq(open311ApiKeys.id, id));
  if (!row) throw notFound('open311_key_not_found');
  if (row.revokedAt) return;
  await tx
    .update(open311ApiKeys)
    .set({ revokedAt: sql`now()` })
    .where(eq(open311ApiKeys.id, id));
  await events.record(tx, {
    type: Open311KeyEvents.revoked,
    subjectType: 'open311_api_key',
    subjectId: id,
    actor,
    payload: { keyId: id, label: row.label, prefix: row.keyPrefix },
  });
}

/**
 * The key's id when it is a live key of the current tenant (row-level security hides every
 * other tenant's keys), marking it used; null otherwise.
 */
export async function useKey(tx: Tx, key: string): Promise<string | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
  const [row] = await tx
    .update(open311ApiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(open311ApiKeys.keyHash, hashKey(key)), isNull(open311ApiKeys.revokedAt)))
    .returning({ id: open311ApiKeys.id });
  return row?.id ?? null;
}
