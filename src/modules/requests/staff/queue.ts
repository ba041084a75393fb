import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { staffNames } from '../../identity/index.js';
import type { Bilingual, RequestSource, RequestStatus } from '../tables.js';
import type { MapQuery, QueueFilters, QueueItem, QueueQuery } from './schemas.js';

export const PAGE_SIZE = 50 as const;
export const MAP_LIMIT = 2000;

/** The highest code point: `key ~<~ prefix || LAST` bounds every text that starts with `prefix`. */
const LAST = '\u{10FFFF}';

/**
 * An address search as a prefix of the stored address_key / street_key columns (0014): lower
 * case, spaces collapsed, like the columns. Text starting with a digit is matched from the house
 * number ("412 calle"), anything else from the street ("calle sol"). Null when nothing is typed.
 */
export function addressPrefix(
  q: string | undefined,
): { column: 'address_key' | 'street_key'; key: string } | null {
  const key = (q ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  if (!key) return null;
  return { column: /^[0-9]/.test(key) ? 'address_key' : 'street_key', key };
}

/** The WHERE clauses of the queue's filters, written so the indexes of 0014 serve them. */
export function filterClauses(f: QueueFilters, me: string): SQL[] {
  const where: SQL[] = [];
  if (f.status === 'open') where.push(sql`r.status <> 'closed'`);
  else if (f.status) where.push(sql`r.status = ${f.status}`);
  if (f.category)
    where.push(sql`r.category_id = (SELECT id FROM request_categories WHERE code = ${f.category})`);
  if (f.department)
    where.push(sql`r.department_id = (SELECT id FROM request_departments WHERE code = ${f.department})`);
  if (f.assignee === 'none') where.push(sql`r.assignee_id IS NULL`);
  else if (f.assignee) where.push(sql`r.assignee_id = ${f.assignee === 'me' ? me : f.assignee}`);
  if (f.overdue === 'true') where.push(sql`r.status <> 'closed' AND r.due_at < now()`);
  if (f.from) where.push(sql`r.submitted_at >= (${f.from}::date)::timestamp AT TIME ZONE 'UTC'`);
  if (f.to) where.push(sql`r.submitted_at < (${f.to}::date + 1)::timestamp AT TIME ZONE 'UTC'`);
  // Leak-proof operators on plain columns, so the indexes serve them under row-level security.
  const prefix = addressPrefix(f.q);
  if (prefix) {
    const column = sql.raw(`r.${prefix.column}`);
    where.push(sql`${column} ~>=~ ${prefix.key} AND ${column} ~<~ ${prefix.key + LAST}`);
  }
  return where;
}

const and = (where: SQL[]) => (where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``);

type QueueRow = {
  id: string;
  tracking_code: string;
  status: RequestStatus;
  address: string | null;
  lat: number | null;
  lng: number | null;
  submitted_at: string;
  due_at: string;
  overdue: boolean;
  assignee_id: string | null;
  source: RequestSource;
  category_code: string;
  category_name: Bilingual;
  department_code: string;
  department_name: Bilingual;
  duplicate_of_code: string | null;
};

/** The columns of a queue item, around `inner` (a set of service_requests rows aliased r). */
const itemSelect = (inner: SQL, order: SQL) => sql`
  SELECT r.id, r.tracking_code, r.status, r.address, r.lat, r.lng,
    r.submitted_at::text AS submitted_at, r.due_at::text AS due_at,
    (r.status <> 'closed' AND r.due_at < now()) AS overdue, r.assignee_id, r.source,
    c.code AS category_code, c.name AS category_name, d.code AS department_code, d.name AS department_name,
    o.tracking_code AS duplicate_of_code
  FROM (${inner}) r
  JOIN request_categories c ON c.id = r.category_id
  JOIN request_departments d ON d.id = r.department_id
  LEFT JOIN service_requests o ON o.id = r.duplicate_of
  ORDER BY ${order}`;

/** The page's SQL: the filtered, sorted page of ids first (index only), then its details. */
export function queueSql(query: QueueQuery, me: string): SQL {
  const dir = query.sort === 'oldest' ? sql`ASC` : sql`DESC`;
  const order = sql`r.submitted_at ${dir}, r.id ${dir}`;
  const inner = sql`SELECT r.* FROM service_requests r ${and(filterClauses(query, me))}
    ORDER BY ${order} LIMIT ${PAGE_SIZE + 1} OFFSET ${(query.page - 1) * PAGE_SIZE}`;
  return itemSelect(inner, order);
}

const iso = (pgText: string) => new Date(pgText).toISOString();

async function toItems(tx: Tx, rows: QueueRow[]): Promise<QueueItem[]> {
  const names = await staffNames(
    tx,
    rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    trackingCode: r.tracking_code,
    category: { code: r.category_code, name: r.category_name },
    department: { code: r.department_code, name: r.department_name },
    status: r.status,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    submittedAt: iso(r.submitted_at),
    dueAt: iso(r.due_at),
    overdue: r.overdue,
    assignee: r.assignee_id ? { id: r.assignee_id, name: names.get(r.assignee_id) ?? '' } : null,
    source: r.source,
    duplicateOf: r.duplicate_of_code,
  }));
}

/** One page of 50 of the staff queue; `hasMore` instead of a count (a count of 1M rows costs). */
export async function listQueue(tx: Tx, query: QueueQuery, me: string) {
  const rows = await queryRows<QueueRow>(tx, queueSql(query, me));
  const items = await toItems(tx, rows.slice(0, PAGE_SIZE));
  return { items, page: query.page, pageSize: PAGE_SIZE, hasMore: rows.length > PAGE_SIZE };
}

/** One request as a queue item (the first part of the staff view). */
export async function queueItemById(tx: Tx, id: string): Promise<QueueItem | undefined> {
  const rows = await queryRows<QueueRow>(
    tx,
    itemSelect(sql`SELECT * FROM service_requests WHERE id = ${id}`, sql`r.id`),
  );
  return (await toItems(tx, rows))[0];
}

/** Open requests at a utility account, oldest first. */
export async function openByAccount(tx: Tx, accountId: string): Promise<QueueItem[]> {
  const rows = await queryRows<QueueRow>(
    tx,
    itemSelect(
      sql`SELECT * FROM service_requests WHERE account_id = ${accountId} AND status <> 'closed'
        ORDER BY submitted_at LIMIT 200`,
      sql`r.submitted_at, r.id`,
    ),
  );
  return toItems(tx, rows);
}

/**
 * The map's SQL. Open requests only unless a status is asked for; the viewport is a range on
 * the service_requests_open_map index (lat, then lng). At most 2,000 points, in index order:
 * `truncated` tells the map to ask the staff member to zoom in.
 */
export function mapSql(query: MapQuery, me: string): SQL {
  const where = filterClauses(query, me);
  if (!query.status) where.push(sql`r.status <> 'closed'`);
  where.push(sql`r.lat BETWEEN ${query.minLat} AND ${query.maxLat}`);
  where.push(sql`r.lng BETWEEN ${query.minLng} AND ${query.maxLng}`);
  return sql`
    SELECT r.id, r.tracking_code, r.lat, r.lng, r.status, c.code AS category_code,
      (r.status <> 'closed' AND r.due_at < now()) AS overdue
    FROM (SELECT r.id, r.tracking_code, r.lat, r.lng, r.status, r.due_at, r.category_id
          FROM service_requests r ${and(where)} LIMIT ${MAP_LIMIT + 1}) r
    JOIN request_categories c ON c.id = r.category_id`;
}

export async function mapPoints(tx: Tx, query: MapQuery, me: string) {
  const rows = await queryRows<{
    id: string;
    tracking_code: string;
    lat: number;
    lng: number;
    status: RequestStatus;
    category_code: string;
    overdue: boolean;
  }>(tx, mapSql(query, me));
  return {
    points: rows.slice(0, MAP_LIMIT).map((r) => ({
      id: r.id,
      trackingCode: r.tracking_code,
      lat: r.lat,
      lng: r.lng,
      status: r.status,
      categoryCode: r.category_code,
      overdue: r.overdue,
    })),
    truncated: rows.length > MAP_LIMIT,
  };
}
