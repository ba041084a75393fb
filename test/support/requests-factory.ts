import { sql } from 'drizzle-orm';
import type { Tx } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { withTenant } from '../../src/db/tenant-context.js';
import { groupCode, randomCode } from '../../src/lib/codes.js';
import type { Platform } from '../../src/kernel/platform.js';
import type {
  Answers,
  CategoryQuestion,
  RequestSource,
  RequestStatus,
} from '../../src/modules/requests/tables.js';
import type { Tenant } from '../../src/modules/tenancy/index.js';

/**
 * 311 test data by direct insert, for the staff queue tests: the reporting service (part
 * "portal") is written in parallel, so these rows are what it would store — a catalogue of two
 * departments and two categories, and requests in any status at any time.
 */
export type RequestsWhere = { platform: Platform; tenant: Tenant };

const inTenant = <T>(w: RequestsWhere, fn: (tx: Tx) => Promise<T>) =>
  withTenant(w.platform.db, w.tenant.id, fn);

export const DEPTH_QUESTION: CategoryQuestion = {
  key: 'depth',
  type: 'number',
  label: { en: 'How deep is it (inches)?', es: '¿Qué tan profundo es (pulgadas)?' },
  required: false,
};

export type Catalogue = { streets: string; water: string; pothole: string; leak: string };

/** Departments `streets` and `water`; categories `pothole` (streets, a depth question) and `leak` (water). */
export async function catalogueFactory(w: RequestsWhere): Promise<Catalogue> {
  return inTenant(w, async (tx) => {
    const dept = async (code: string, en: string, es: string) =>
      (
        await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO request_departments (code, name) VALUES (${code}, ${JSON.stringify({ en, es })}::jsonb) RETURNING id`,
        )
      )[0]!.id;
    const streets = await dept('streets', 'Streets', 'Calles');
    const water = await dept('water', 'Water', 'Agua');
    const cat = async (
      code: string,
      en: string,
      es: string,
      department: string,
      position: number,
      q: CategoryQuestion[],
    ) =>
      (
        await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO request_categories (code, name, description, department_id, sla_business_days, questions, position)
            VALUES (${code}, ${JSON.stringify({ en, es })}::jsonb, ${JSON.stringify({ en, es })}::jsonb, ${department}, 5,
              ${JSON.stringify(q)}::jsonb, ${position})
            RETURNING id`,
        )
      )[0]!.id;
    const pothole = await cat('pothole', 'Pothole', 'Bache', streets, 1, [DEPTH_QUESTION]);
    const leak = await cat('leak', 'Water leak', 'Fuga de agua', water, 2, []);
    return { streets, water, pothole, leak };
  });
}

export type NewTestRequest = {
  categoryId: string;
  departmentId: string;
  status?: RequestStatus;
  description?: string;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  answers?: Answers;
  accountId?: string | null;
  reporterResidentId?: string | null;
  reporterName?: string | null;
  reporterEmail?: string | null;
  reporterPhone?: string | null;
  language?: 'en' | 'es';
  source?: RequestSource;
  assigneeId?: string | null;
  submittedAt?: Date;
  dueAt?: Date;
  closedAt?: Date;
};

const DAY = 86_400_000;

/** A request (with its "submitted" timeline entry); due five days after submission unless told. */
export async function requestFactory(
  w: RequestsWhere,
  r: NewTestRequest,
): Promise<{ id: string; trackingCode: string }> {
  const submittedAt = r.submittedAt ?? new Date();
  const status = r.status ?? 'submitted';
  const closedAt = status === 'closed' ? (r.closedAt ?? new Date(submittedAt.getTime() + DAY)) : null;
  // As reporting.ts stores it: grouped, with its check character.
  const trackingCode = groupCode(randomCode(10));
  return inTenant(w, async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO service_requests (tracking_code, category_id, department_id, status, description, answers,
          address, lat, lng, account_id, reporter_resident_id, reporter_name, reporter_email, reporter_phone,
          language, source, assignee_id, closing_note, submitted_at, acknowledged_at, closed_at, due_at)
        VALUES (${trackingCode}, ${r.categoryId}, ${r.departmentId}, ${status}, ${r.description ?? 'A hole in the road'},
          ${JSON.stringify(r.answers ?? {})}::jsonb, ${r.address ?? null}, ${r.lat ?? null}, ${r.lng ?? null},
          ${r.accountId ?? null}, ${r.reporterResidentId ?? null}, ${r.reporterName ?? null},
          ${r.reporterEmail === undefined ? 'reporter@example.com' : r.reporterEmail}, ${r.reporterPhone ?? null},
          ${r.language ?? 'en'}, ${r.source ?? 'portal'}, ${r.assigneeId ?? null},
          ${status === 'closed' ? 'Fixed.' : null}, ${submittedAt.toISOString()},
          ${status === 'submitted' ? null : submittedAt.toISOString()}, ${closedAt?.toISOString() ?? null},
          ${(r.dueAt ?? new Date(submittedAt.getTime() + 5 * DAY)).toISOString()})
        RETURNING id`,
    );
    await tx.execute(sql`INSERT INTO request_updates (request_id, kind, visibility, to_status, actor_type, created_at)
      VALUES (${row!.id}, 'submitted', 'public', 'submitted', 'public', ${submittedAt.toISOString()})`);
    return { id: row!.id, trackingCode };
  });
}

/** A resident account (no password anyone knows): enough to be a reporter or a follower. */
export async function residentRow(
  w: RequestsWhere,
  email: string,
  locale: 'en' | 'es' = 'en',
): Promise<string> {
  return inTenant(w, async (tx) => {
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO residents (email, password_hash, locale) VALUES (${email}, 'not-a-hash', ${locale}) RETURNING id`,
    );
    return row!.id;
  });
}

/** Someone following a request: a resident, or an email/phone. */
export async function followerRow(
  w: RequestsWhere,
  requestId: string,
  f: { residentId?: string; email?: string; phone?: string; language?: 'en' | 'es' },
): Promise<void> {
  await inTenant(w, (tx) =>
    tx.execute(sql`INSERT INTO request_followers (request_id, resident_id, email, phone, language)
      VALUES (${requestId}, ${f.residentId ?? null}, ${f.email ?? null}, ${f.phone ?? null}, ${f.language ?? 'en'})`),
  );
}
