import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { Files } from '../../kernel/storage/index.js';
import { Problem } from '../../kernel/problem.js';
import type { Bilingual, RequestStatus } from './tables.js';
import { parseTrackingCode } from './reporting.js';

/** What residents and the public may see of a request (CONTRACT.md `PublicRequest`). */
export type PublicRequest = {
  trackingCode: string;
  category: { code: string; name: Bilingual };
  status: RequestStatus;
  description: string;
  address: string | null;
  location: { lat: number; lng: number } | null;
  submittedAt: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
  dueAt: string;
  closingNote: string | null;
  duplicateOf: string | null;
  photos: { url: string }[];
  updates: {
    kind: 'submitted' | 'status' | 'public_note' | 'reopened' | 'duplicate';
    toStatus: string | null;
    body: string | null;
    at: string;
  }[];
  following: boolean;
};

type Row = {
  id: string;
  tracking_code: string;
  category_code: string;
  category_name: Bilingual;
  status: RequestStatus;
  description: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  submitted_at: Date | string;
  acknowledged_at: Date | string | null;
  closed_at: Date | string | null;
  due_at: Date | string;
  closing_note: string | null;
  duplicate_of_code: string | null;
};

const iso = (v: Date | string) => new Date(v).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));

// Reporter, contact, answers, account and assignee are never selected here: nothing this
// module shows the public can leak them.
const SELECT = sql`
  SELECT r.id, r.tracking_code, c.code AS category_code, c.name AS category_name, r.status,
         r.description, r.address, r.lat, r.lng, r.submitted_at, r.acknowledged_at, r.closed_at,
         r.due_at, r.closing_note, o.tracking_code AS duplicate_of_code
  FROM service_requests r
  JOIN request_categories c ON c.id = r.category_id
  LEFT JOIN service_requests o ON o.id = r.duplicate_of`;

export const PHOTO_LINK_SECONDS = 900;
export const photoUrl = (link: string) => `/api/v1/requests/photo?link=${encodeURIComponent(link)}`;

/** The public views of `rows`, with their public timeline and signed photo links. */
async function views(
  tx: Tx,
  files: Files,
  tenantId: string,
  rows: Row[],
  followed: Set<string>,
): Promise<PublicRequest[]> {
  if (rows.length === 0) return [];
  const ids = `{${rows.map((r) => r.id).join(',')}}`;
  const updates = await queryRows<{
    request_id: string;
    kind: PublicRequest['updates'][number]['kind'];
    to_status: string | null;
    body: string | null;
    created_at: Date | string;
  }>(
    tx,
    sql`SELECT request_id, kind, to_status, body, created_at FROM request_updates
        WHERE request_id = ANY(${ids}::uuid[]) AND visibility = 'public'
          AND kind IN ('submitted', 'status', 'public_note', 'reopened', 'duplicate')
        ORDER BY created_at, id`,
  );
  const photos = await queryRows<{ request_id: string; storage_key: string }>(
    tx,
    sql`SELECT request_id, storage_key FROM request_photos
        WHERE request_id = ANY(${ids}::uuid[]) ORDER BY position, uploaded_at`,
  );
  return rows.map((r) => ({
    trackingCode: r.tracking_code,
    category: { code: r.category_code, name: r.category_name },
    status: r.status,
    description: r.description,
    address: r.address,
    location: r.lat === null || r.lng === null ? null : { lat: Number(r.lat), lng: Number(r.lng) },
    submittedAt: iso(r.submitted_at),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    closedAt: isoOrNull(r.closed_at),
    dueAt: iso(r.due_at),
    closingNote: r.closing_note,
    duplicateOf: r.duplicate_of_code,
    photos: photos
      .filter((p) => p.request_id === r.id)
      .map((p) => ({ url: photoUrl(files.link(tenantId, p.storage_key, PHOTO_LINK_SECONDS)) })),
    updates: updates
      .filter((u) => u.request_id === r.id)
      .map((u) => ({ kind: u.kind, toStatus: u.to_status, body: u.body, at: iso(u.created_at) })),
    following: followed.has(r.id),
  }));
}

export type Found = { id: string; trackingCode: string };

/** The request a tracking code names, in any accepted spelling; 404 request_not_found otherwise. */
export async function requestByCode(
  tx: Tx,
  code: string,
): Promise<
  Found & { reporterEmail: string | null; reporterResidentId: string | null; language: 'en' | 'es' }
> {
  const normalized = parseTrackingCode(code);
  if (!normalized) throw new Problem(404, 'request_not_found');
  const [row] = await queryRows<{
    id: string;
    tracking_code: string;
    reporter_email: string | null;
    reporter_resident_id: string | null;
    language: 'en' | 'es';
  }>(
    tx,
    sql`SELECT id, tracking_code, reporter_email, reporter_resident_id, language
        FROM service_requests WHERE tracking_code = ${normalized}`,
  );
  if (!row) throw new Problem(404, 'request_not_found');
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    reporterEmail: row.reporter_email,
    reporterResidentId: row.reporter_resident_id,
    language: row.language,
  };
}

export async function followedBy(tx: Tx, residentId: string | null, ids: string[]): Promise<Set<string>> {
  if (!residentId || ids.length === 0) return new Set();
  const rows = await queryRows<{ request_id: string }>(
    tx,
    sql`SELECT request_id FROM request_followers
        WHERE resident_id = ${residentId} AND request_id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  );
  return new Set(rows.map((r) => r.request_id));
}

export async function publicRequest(
  tx: Tx,
  files: Files,
  tenantId: string,
  code: string,
  residentId: string | null,
): Promise<PublicRequest> {
  const found = await requestByCode(tx, code);
  const rows = await queryRows<Row>(tx, sql`${SELECT} WHERE r.id = ${found.id}`);
  return (await views(tx, files, tenantId, rows, await followedBy(tx, residentId, [found.id])))[0]!;
}

/** A resident's reports and the requests they follow, newest first. */
export async function residentRequests(tx: Tx, files: Files, tenantId: string, residentId: string) {
  const reported = await queryRows<Row>(
    tx,
    sql`${SELECT} WHERE r.reporter_resident_id = ${residentId} ORDER BY r.submitted_at DESC LIMIT 200`,
  );
  const following = await queryRows<Row>(
    tx,
    sql`${SELECT} JOIN request_followers f ON f.request_id = r.id AND f.resident_id = ${residentId}
        ORDER BY r.submitted_at DESC LIMIT 200`,
  );
  const followed = new Set(following.map((r) => r.id));
  return {
    reported: await views(tx, files, tenantId, reported, followed),
    following: await views(tx, files, tenantId, following, followed),
  };
}

// ---- Claim links -----------------------------------------------------------------------------

export const CLAIM_LINK_SECONDS = 24 * 3600;
type ClaimPayload = { t: string; r: string; e: string; x: number };
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/**
 * Claim tokens: `payload.signature`, HMAC-SHA256 under a key derived from CIVQ_SECRET for this
 * purpose only, naming the tenant, the request and the email it was filed with. Good for a day;
 * claiming a request that already has an account is refused.
 */
export class ClaimTokens {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = Buffer.from(crypto.hkdfSync('sha256', secret, 'civq-request-claims-v1', 'claim', 32));
  }
  private mac(body: string) {
    return crypto.createHmac('sha256', this.key).update(body).digest();
  }
  sign(tenantId: string, requestId: string, email: string, now = Date.now()): string {
    const body = b64(
      JSON.stringify({ t: tenantId, r: requestId, e: email, x: Math.floor(now / 1000) + CLAIM_LINK_SECONDS }),
    );
    return `${body}.${b64(this.mac(body))}`;
  }
  /** The request id, or a 400 claim_invalid. */
  verify(token: string, tenantId: string, now = Date.now()): { requestId: string; email: string } {
    const [body, sig, extra] = token.split('.');
    const invalid = new Problem(400, 'claim_invalid');
    if (!body || !sig || extra !== undefined) throw invalid;
    const given = Buffer.from(sig, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw invalid;
    let p: ClaimPayload;
    try {
      p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ClaimPayload;
    } catch {
      throw invalid;
    }
    if (p.t !== tenantId || p.x * 1000 <= now) throw invalid;
    return { requestId: p.r, email: p.e };
  }
}
