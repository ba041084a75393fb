import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { withSystem, withTenant } from '../../db/tenant-context.js';
import type { JobLog } from '../../kernel/manifest.js';
import type { Platform } from '../../kernel/platform.js';

export const PHOTO_FOLDER = '311-photos';
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
export const PHOTO_KINDS = ['jpeg', 'png', 'webp'] as const;
/** A photo no report used within this long is removed (row and file). */
export const PENDING_PHOTO_MINUTES = 60;

/**
 * Stores an uploaded photo (type from its bytes, metadata stripped, re-encoded, size-limited:
 * platform.files) and records it as pending. If the row cannot be written, the file goes too.
 */
export async function uploadPhoto(platform: Platform, tenantId: string, body: Readable): Promise<string> {
  const stored = await platform.files.accept(tenantId, PHOTO_FOLDER, body, {
    maxBytes: PHOTO_MAX_BYTES,
    allow: PHOTO_KINDS,
  });
  try {
    return await withTenant(platform.db, tenantId, async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`INSERT INTO request_photos (storage_key, content_type, size_bytes)
            VALUES (${stored.key}, ${stored.contentType}, ${stored.size}) RETURNING id`,
      );
      return row!.id;
    });
  } catch (err) {
    await platform.files.remove(stored.key).catch(() => {});
    throw err;
  }
}

async function stalePhotos(tx: Tx, olderThanMinutes: number) {
  return queryRows<{ id: string; tenant_id: string; storage_key: string }>(
    tx,
    sql`SELECT id, tenant_id, storage_key FROM request_photos
        WHERE request_id IS NULL AND uploaded_at < now() - ${olderThanMinutes} * interval '1 minute'
        ORDER BY uploaded_at LIMIT 1000`,
  );
}

/**
 * Removes pending uploads older than `olderThanMinutes`, in every tenant: the file first, then
 * the row (in a transaction that still finds it pending, so a report filed meanwhile keeps its
 * photo). Safe to run twice; a crash between the two leaves a row the next run finishes.
 */
export async function sweepPendingPhotos(
  platform: Platform,
  log: JobLog,
  olderThanMinutes = PENDING_PHOTO_MINUTES,
): Promise<number> {
  const stale = await withSystem(platform.db, (tx) => stalePhotos(tx, olderThanMinutes));
  let removed = 0;
  for (const p of stale) {
    const claimed = await withTenant(platform.db, p.tenant_id, async (tx) => {
      const rows = await queryRows<{ id: string }>(
        tx,
        sql`DELETE FROM request_photos WHERE id = ${p.id} AND request_id IS NULL RETURNING id`,
      );
      if (rows.length > 0) await platform.files.remove(p.storage_key);
      return rows.length > 0;
    });
    if (claimed) removed++;
  }
  log.info({ removed }, 'pending 311 photos swept');
  return removed;
}
