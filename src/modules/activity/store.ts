import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { ActivityKind, Projection, Scope, StoredItem } from './types.js';

/**
 * Writes of the projection. Every change to one scope's rows — a new entry fanned out to
 * its followers, or a new follower backfilled with its entries — holds a transaction lock
 * on the scope first, so an entry recorded while a resident links the account is neither
 * lost nor doubled.
 */
async function lockScope(tx: Tx, scope: Scope): Promise<void> {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended('activity:' || civq_current_tenant()::text || ':' || ${scope.module} || ':' || ${scope.id}, 0))`,
  );
}

export async function findItem(tx: Tx, type: string, id: string): Promise<StoredItem | undefined> {
  const [row] = await queryRows<{
    scope_module: string;
    scope_id: string;
    status: string;
    data: Record<string, unknown>;
  }>(
    tx,
    sql`SELECT scope_module, scope_id, status, data FROM activity_items
        WHERE tenant_id = civq_current_tenant() AND item_type = ${type} AND item_id = ${id}`,
  );
  return row
    ? { type, id, scope: { module: row.scope_module, id: row.scope_id }, status: row.status, data: row.data }
    : undefined;
}

/** Applies one projection of event `eventId` (null for a synthetic rebuild). */
export async function applyProjection(
  tx: Tx,
  eventId: string | null,
  eventType: string,
  occurredAt: Date,
  p: Projection,
  actorResidentId: string | null,
): Promise<void> {
  await lockScope(tx, p.scope);
  await tx.execute(sql`
    INSERT INTO activity_items (item_type, item_id, scope_module, scope_id, status, data)
    VALUES (${p.item.type}, ${p.item.id}, ${p.scope.module}, ${p.scope.id}, ${p.item.status},
            ${JSON.stringify(p.item.data ?? {})}::jsonb)
    ON CONFLICT (tenant_id, item_type, item_id) DO UPDATE
      SET status = EXCLUDED.status, data = activity_items.data || EXCLUDED.data, updated_at = now()`);
  for (const r of p.related ?? []) {
    await tx.execute(sql`
      UPDATE activity_items SET status = ${r.status}, updated_at = now()
      WHERE tenant_id = civq_current_tenant() AND item_type = ${r.type} AND item_id = ${r.id}`);
  }
  if (actorResidentId) await follow(tx, actorResidentId, p.scope, false);
  if (!p.entry) return;
  const [entry] = await queryRows<{ id: string }>(
    tx,
    sql`
    INSERT INTO activity_entries (event_id, scope_module, scope_id, kind, action, item_type, item_id, occurred_at, data)
    VALUES (${eventId}, ${p.scope.module}, ${p.scope.id}, ${p.entry.kind}, ${eventType}, ${p.item.type},
            ${p.item.id}, ${occurredAt.toISOString()}, ${JSON.stringify(p.entry.data)}::jsonb)
    ON CONFLICT (event_id, item_type, item_id) DO NOTHING
    RETURNING id::text AS id`,
  );
  if (!entry) return;
  await tx.execute(sql`
    INSERT INTO activity_feed (resident_id, occurred_at, entry_id, kind)
    SELECT s.resident_id, ${occurredAt.toISOString()}::timestamptz, ${entry.id}::bigint, ${p.entry.kind}
    FROM activity_subscriptions s
    WHERE s.tenant_id = civq_current_tenant() AND s.scope_module = ${p.scope.module} AND s.scope_id = ${p.scope.id}
    ON CONFLICT DO NOTHING`);
}

/**
 * A resident follows a scope from now on, and its earlier entries join their feed. Linking
 * an account that already has years of statements is one INSERT … SELECT.
 */
export async function follow(tx: Tx, residentId: string, scope: Scope, lock = true): Promise<void> {
  if (lock) await lockScope(tx, scope);
  const [added] = await queryRows<{ resident_id: string }>(
    tx,
    sql`
    INSERT INTO activity_subscriptions (resident_id, scope_module, scope_id)
    VALUES (${residentId}, ${scope.module}, ${scope.id})
    ON CONFLICT DO NOTHING
    RETURNING resident_id`,
  );
  if (!added) return;
  await tx.execute(sql`
    INSERT INTO activity_feed (resident_id, occurred_at, entry_id, kind)
    SELECT ${residentId}::uuid, e.occurred_at, e.id, e.kind
    FROM activity_entries e
    WHERE e.tenant_id = civq_current_tenant() AND e.scope_module = ${scope.module} AND e.scope_id = ${scope.id}
    ON CONFLICT DO NOTHING`);
}

/** The resident stops following a scope; its entries leave their feed (nobody else's). */
export async function unfollow(tx: Tx, residentId: string, scope: Scope): Promise<void> {
  await lockScope(tx, scope);
  await tx.execute(sql`
    DELETE FROM activity_subscriptions
    WHERE tenant_id = civq_current_tenant() AND resident_id = ${residentId}
      AND scope_module = ${scope.module} AND scope_id = ${scope.id}`);
  await tx.execute(sql`
    DELETE FROM activity_feed f USING activity_entries e
    WHERE f.tenant_id = civq_current_tenant() AND f.resident_id = ${residentId} AND e.id = f.entry_id
      AND e.scope_module = ${scope.module} AND e.scope_id = ${scope.id}`);
}

/** Everything My Activity holds for one resident goes (account deletion). */
export async function forgetResident(tx: Tx, residentId: string): Promise<void> {
  await tx.execute(
    sql`DELETE FROM activity_feed WHERE tenant_id = civq_current_tenant() AND resident_id = ${residentId}`,
  );
  await tx.execute(
    sql`DELETE FROM activity_subscriptions WHERE tenant_id = civq_current_tenant() AND resident_id = ${residentId}`,
  );
}

export type FeedEntry = {
  id: string;
  occurredAt: string;
  kind: ActivityKind;
  action: string;
  scope: Scope;
  item: { type: string; id: string; status: string | null };
  data: Record<string, unknown>;
};

type FeedRow = {
  entry_id: string;
  occurred_at: Date | string;
  occurred_text: string;
  kind: ActivityKind;
  action: string;
  scope_module: string;
  scope_id: string;
  item_type: string;
  item_id: string;
  data: Record<string, unknown>;
  status: string | null;
};

/** The keyset cursor: the exact timestamp text and entry id of the last row of a page. */
export function encodeCursor(occurredText: string, entryId: string): string {
  return Buffer.from(JSON.stringify([occurredText, entryId])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:\d{2})?|Z)$/.test(v[0]) &&
      typeof v[1] === 'string' &&
      /^\d{1,18}$/.test(v[1])
    )
      return { at: v[0], id: v[1] };
  } catch {
    // not base64url JSON: treated as a bad cursor below
  }
  return null;
}

/**
 * One page of a resident's feed, newest first: a backward range scan of the feed index from
 * the cursor, joined to at most `limit` entries and their items. The cost does not grow with
 * how deep the page is.
 */
export async function feedPage(
  tx: Tx,
  residentId: string,
  opts: { kind?: ActivityKind; after?: { at: string; id: string }; limit: number },
): Promise<{ items: FeedEntry[]; next: string | null }> {
  const where: SQL[] = [sql`f.tenant_id = civq_current_tenant()`, sql`f.resident_id = ${residentId}`];
  if (opts.kind) where.push(sql`f.kind = ${opts.kind}`);
  if (opts.after)
    where.push(sql`(f.occurred_at, f.entry_id) < (${opts.after.at}::timestamptz, ${opts.after.id}::bigint)`);
  const rows = await queryRows<FeedRow>(
    tx,
    sql`
    SELECT f.entry_id::text AS entry_id, f.occurred_at, f.occurred_at::text AS occurred_text, e.kind, e.action,
           e.scope_module, e.scope_id, e.item_type, e.item_id, e.data, i.status
    FROM (
      SELECT f.entry_id, f.occurred_at FROM activity_feed f
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY f.occurred_at DESC, f.entry_id DESC
      LIMIT ${opts.limit + 1}
    ) f
    JOIN activity_entries e ON e.id = f.entry_id
    LEFT JOIN activity_items i
      ON i.tenant_id = e.tenant_id AND i.item_type = e.item_type AND i.item_id = e.item_id
    ORDER BY f.occurred_at DESC, f.entry_id DESC`,
  );
  const more = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.entry_id,
      occurredAt: new Date(r.occurred_at).toISOString(),
      kind: r.kind,
      action: r.action,
      scope: { module: r.scope_module, id: r.scope_id },
      item: { type: r.item_type, id: r.item_id, status: r.status },
      data: r.data,
    })),
    next: more && last ? encodeCursor(last.occurred_text, last.entry_id) : null,
  };
}

/** Whether a thing is in this resident's feed (a receipt download checks this first). */
export async function residentSees(
  tx: Tx,
  residentId: string,
  itemType: string,
  itemId: string,
): Promise<boolean> {
  const [row] = await queryRows<{ ok: number }>(
    tx,
    sql`
    SELECT 1 AS ok FROM activity_feed f JOIN activity_entries e ON e.id = f.entry_id
    WHERE f.tenant_id = civq_current_tenant() AND f.resident_id = ${residentId}
      AND e.tenant_id = civq_current_tenant() AND e.item_type = ${itemType} AND e.item_id = ${itemId}
    LIMIT 1`,
  );
  return Boolean(row);
}

/** The whole feed of a resident, oldest first (their data export). */
export async function allEntries(tx: Tx, residentId: string): Promise<FeedEntry[]> {
  const out: FeedEntry[] = [];
  let after: { at: string; id: string } | undefined;
  for (;;) {
    const page = await feedPage(tx, residentId, { limit: 500, ...(after && { after }) });
    out.push(...page.items);
    if (!page.next) break;
    after = decodeCursor(page.next)!;
  }
  return out.reverse();
}
