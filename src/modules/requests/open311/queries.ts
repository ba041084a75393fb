import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import type { Bilingual, CategoryQuestion, RequestStatus } from '../tables.js';

/** A category as Open311 shows it: a service. */
export type ServiceRow = {
  id: string;
  code: string;
  name: Bilingual;
  description: Bilingual;
  departmentName: Bilingual;
  questions: CategoryQuestion[];
  active: boolean;
};

const SERVICE_COLUMNS = sql`c.id::text AS id, c.code, c.name, c.description, d.name AS "departmentName",
  c.questions, c.active`;

/** Active categories in catalogue order. */
export function activeServices(tx: Tx): Promise<ServiceRow[]> {
  return queryRows<ServiceRow>(
    tx,
    sql`SELECT ${SERVICE_COLUMNS} FROM request_categories c JOIN request_departments d ON d.id = c.department_id
        WHERE c.active ORDER BY c.position, c.code`,
  );
}

/** One category by code, active or not (a turned-off one is still named on old requests). */
export async function serviceByCode(tx: Tx, code: string): Promise<ServiceRow | null> {
  const [row] = await queryRows<ServiceRow>(
    tx,
    sql`SELECT ${SERVICE_COLUMNS} FROM request_categories c JOIN request_departments d ON d.id = c.department_id
        WHERE c.code = ${code}`,
  );
  return row ?? null;
}

/** The tenant's Open311 jurisdiction id, if the reporting area has been set up. */
export async function jurisdictionId(tx: Tx): Promise<string | null> {
  const [row] = await queryRows<{ jurisdiction_id: string }>(
    tx,
    sql`SELECT jurisdiction_id FROM request_settings`,
  );
  return row?.jurisdiction_id ?? null;
}

/** One service request as Open311 may show it: nothing about the reporter, no internal note. */
export type PublicRow = {
  trackingCode: string;
  status: RequestStatus;
  description: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  submittedAt: Date;
  updatedAt: Date;
  dueAt: Date;
  closingNote: string | null;
  serviceCode: string;
  serviceName: Bilingual;
  departmentName: Bilingual;
  latestPublicNote: string | null;
  photoKey: string | null;
};

export type RequestFilter =
  | { trackingCodes: string[] }
  | {
      categoryIds: string[] | null;
      from: Date;
      to: Date | null;
      /** null: both. */
      open: boolean | null;
    };

export const MAX_RESULTS = 1000;

/**
 * Newest first, at most 1,000. The page of requests is chosen from service_requests alone, so
 * the (tenant_id, submitted_at DESC) index (or the category one) gives it already ordered and
 * the scan stops at the limit; only then are the page's 1,000 rows joined to their category
 * and department, and given their latest public note and first photo by index lookups.
 */
export function findRequests(tx: Tx, tenantId: string, filter: RequestFilter): Promise<PublicRow[]> {
  const where: SQL[] = [sql`r.tenant_id = ${tenantId}::uuid`];
  if ('trackingCodes' in filter) {
    where.push(sql`r.tracking_code = ANY(${toTextArray(filter.trackingCodes)}::text[])`);
  } else {
    where.push(sql`r.submitted_at >= ${filter.from.toISOString()}::timestamptz`);
    if (filter.to) where.push(sql`r.submitted_at <= ${filter.to.toISOString()}::timestamptz`);
    if (filter.categoryIds) where.push(sql`r.category_id = ANY(${toTextArray(filter.categoryIds)}::uuid[])`);
    if (filter.open === true) where.push(sql`r.status <> 'closed'`);
    if (filter.open === false) where.push(sql`r.status = 'closed'`);
  }
  return queryRows<PublicRow>(
    tx,
    sql`
    WITH page AS MATERIALIZED (
      SELECT r.id, r.tracking_code, r.status, r.description, r.address, r.lat, r.lng, r.submitted_at,
             r.updated_at, r.due_at, r.closing_note, r.category_id, r.department_id
      FROM service_requests r
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY r.submitted_at DESC, r.id DESC
      LIMIT ${MAX_RESULTS}
    )
    SELECT p.tracking_code AS "trackingCode", p.status, p.description, p.address, p.lat, p.lng,
           p.submitted_at AS "submittedAt", p.updated_at AS "updatedAt", p.due_at AS "dueAt",
           p.closing_note AS "closingNote", c.code AS "serviceCode", c.name AS "serviceName",
           d.name AS "departmentName",
           (SELECT u.body FROM request_updates u
             WHERE u.request_id = p.id AND u.kind = 'public_note' AND u.visibility = 'public'
             ORDER BY u.created_at DESC LIMIT 1) AS "latestPublicNote",
           (SELECT f.storage_key FROM request_photos f
             WHERE f.request_id = p.id ORDER BY f.position, f.uploaded_at LIMIT 1) AS "photoKey"
    FROM page p
    JOIN request_categories c ON c.id = p.category_id
    JOIN request_departments d ON d.id = p.department_id
    ORDER BY p.submitted_at DESC, p.id DESC`,
  ).then((rows) => rows.map(normalizeRow));
}

/** Both drivers: timestamps may come back as strings (raw SQL), numbers as numbers. */
function normalizeRow(r: PublicRow): PublicRow {
  const d = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return {
    ...r,
    submittedAt: d(r.submittedAt),
    updatedAt: d(r.updatedAt),
    dueAt: d(r.dueAt),
    lat: r.lat === null ? null : Number(r.lat),
    lng: r.lng === null ? null : Number(r.lng),
  };
}

/** The tracking code of the request filed under an Open311 token. */
export async function trackingCodeByToken(tx: Tx, token: string): Promise<string | null> {
  const [row] = await queryRows<{ tracking_code: string }>(
    tx,
    sql`SELECT tracking_code FROM service_requests WHERE open311_token = ${token}`,
  );
  return row?.tracking_code ?? null;
}

/** A Postgres array literal of plain strings (codes and uuids: no quotes or commas in them). */
function toTextArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '')}"`).join(',')}}`;
}
