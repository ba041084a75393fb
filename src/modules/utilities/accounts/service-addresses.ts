import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';

// Service addresses as other modules may see them (311 address search and linking): the
// place only, never the account holder's name or number.
const LABEL = sql`a.street || coalesce(' ' || a.unit, '') || ', ' || a.city`;

/** Up to `limit` distinct service addresses of open accounts containing `q` (accents and case ignored). */
export async function searchServiceAddresses(
  tx: Tx,
  q: string,
  limit = 10,
): Promise<{ label: string; lat: number | null; lng: number | null }[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await queryRows<{ label: string; lat: string | null; lng: string | null }>(
    tx,
    sql`
    SELECT DISTINCT ON (civq_fold(${LABEL})) ${LABEL} AS label, a.latitude AS lat, a.longitude AS lng
    FROM utility_accounts a
    WHERE a.status <> 'closed' AND civq_fold(${LABEL}) LIKE civq_fold(${pattern})
    ORDER BY civq_fold(${LABEL})
    LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    label: r.label,
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
  }));
}

/** The open account whose service address is `address` (as searchServiceAddresses labels it), if exactly one. */
export async function accountAtServiceAddress(tx: Tx, address: string): Promise<string | null> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`SELECT a.id FROM utility_accounts a
        WHERE a.status <> 'closed' AND civq_fold(${LABEL}) = civq_fold(${address.trim()})
        LIMIT 2`,
  );
  return rows.length === 1 ? rows[0]!.id : null;
}
