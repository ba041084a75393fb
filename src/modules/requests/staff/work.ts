import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import type { EventBus } from '../../../events/bus.js';
import type { Actor } from '../../../events/types.js';
import { t } from '../../../lib/i18n.js';
import { parseOrThrow } from '../../../kernel/validate.js';
import { conflict, invalid, notFound, Problem } from '../../../kernel/problem.js';
import { staffNames, staffWithPermission } from '../../identity/index.js';
import { RequestEvents } from '../events.js';
import { parseTrackingCode } from '../reporting.js';
import type { Bilingual, RequestStatus, UpdateKind } from '../tables.js';
import { assignBody, duplicateBody, noteBody, reopenBody, statusBody } from './schemas.js';

/** What a staff write needs: its transaction, the event bus and who is acting. */
export type WorkContext = { tx: Tx; events: EventBus; actor: Extract<Actor, { type: 'staff' }> };

/**
 * Where each status may go by a status change: forward only, acknowledged may be skipped, and
 * any open request may be closed (with its note) — a supervisor closes a report that needs no
 * crew (already fixed, private property) without walking it through the steps. Closed goes
 * back only by reopening.
 */
export const NEXT_STATUSES: Record<RequestStatus, readonly RequestStatus[]> = {
  submitted: ['acknowledged', 'in_progress', 'closed'],
  acknowledged: ['in_progress', 'closed'],
  in_progress: ['closed'],
  closed: [],
};

type Locked = {
  id: string;
  tracking_code: string;
  status: RequestStatus;
  language: 'en' | 'es';
  reporter_resident_id: string | null;
  reporter_email: string | null;
  reporter_phone: string | null;
};

/** The request, locked for the change (so two clerks cannot both move it); 404 if not this tenant's. */
async function lockRequest(tx: Tx, id: string): Promise<Locked> {
  const [row] = await queryRows<Locked>(
    tx,
    sql`SELECT id, tracking_code, status, language, reporter_resident_id, reporter_email, reporter_phone
      FROM service_requests WHERE id = ${id} FOR UPDATE`,
  );
  if (!row) throw notFound('request_not_found');
  return row;
}

async function addUpdate(
  ctx: WorkContext,
  requestId: string,
  u: {
    kind: UpdateKind;
    visibility: 'public' | 'internal';
    from?: RequestStatus | null;
    to?: RequestStatus | null;
    body?: string | null;
  },
): Promise<string> {
  const name = (await staffNames(ctx.tx, [ctx.actor.id])).get(ctx.actor.id) ?? null;
  // clock_timestamp(): several updates of one transaction keep the order they were made in.
  const [row] = await queryRows<{ id: string }>(
    ctx.tx,
    sql`INSERT INTO request_updates (request_id, kind, visibility, from_status, to_status, body,
        actor_type, actor_id, actor_name, created_at)
      VALUES (${requestId}, ${u.kind}, ${u.visibility}, ${u.from ?? null}, ${u.to ?? null}, ${u.body ?? null},
        'staff', ${ctx.actor.id}, ${name}, clock_timestamp())
      RETURNING id`,
  );
  return row!.id;
}

const record = (ctx: WorkContext, requestId: string, type: string, payload: Record<string, unknown>) =>
  ctx.events.record(ctx.tx, {
    type,
    subjectType: 'service_request',
    subjectId: requestId,
    actor: ctx.actor,
    payload,
  });

/** Moves a request along submitted → acknowledged → in_progress → closed (closing needs a note). */
export async function changeStatus(ctx: WorkContext, id: string, raw: unknown): Promise<void> {
  const input = parseOrThrow(statusBody, raw);
  const note = input.note ? input.note : null;
  if (input.to === 'closed' && !note) throw invalid([{ field: 'note', code: 'closing_note_required' }]);
  const r = await lockRequest(ctx.tx, id);
  if (!NEXT_STATUSES[r.status].includes(input.to))
    throw conflict('invalid_status_change', { from: r.status, to: input.to });
  await ctx.tx.execute(sql`UPDATE service_requests SET status = ${input.to},
      acknowledged_at = coalesce(acknowledged_at, now()),
      closed_at = CASE WHEN ${input.to} = 'closed' THEN now() END,
      closing_note = CASE WHEN ${input.to} = 'closed' THEN ${note} END,
      updated_at = now()
    WHERE id = ${id}`);
  await addUpdate(ctx, id, {
    kind: 'status',
    visibility: 'public',
    from: r.status,
    to: input.to,
    body: note,
  });
  await record(ctx, id, RequestEvents.statusChanged, {
    requestId: id,
    trackingCode: r.tracking_code,
    from: r.status,
    to: input.to,
    note,
  });
}

/** Opens a closed request again (back to in progress), saying why. */
export async function reopen(ctx: WorkContext, id: string, raw: unknown): Promise<void> {
  const { reason } = parseOrThrow(reopenBody, raw);
  const r = await lockRequest(ctx.tx, id);
  if (r.status !== 'closed') throw conflict('invalid_status_change', { from: r.status, to: 'in_progress' });
  // Reopened, it is no longer a duplicate; whoever followed the original keeps following it.
  await ctx.tx.execute(sql`UPDATE service_requests SET status = 'in_progress', closed_at = NULL,
      closing_note = NULL, duplicate_of = NULL, updated_at = now()
    WHERE id = ${id}`);
  await addUpdate(ctx, id, {
    kind: 'reopened',
    visibility: 'public',
    from: 'closed',
    to: 'in_progress',
    body: reason,
  });
  await record(ctx, id, RequestEvents.reopened, { requestId: id, trackingCode: r.tracking_code, reason });
}

/** A public note (the reporter and followers are told) or an internal one (staff only). */
export async function addNote(ctx: WorkContext, id: string, raw: unknown): Promise<void> {
  const input = parseOrThrow(noteBody, raw);
  const r = await lockRequest(ctx.tx, id);
  const isPublic = input.visibility === 'public';
  const updateId = await addUpdate(ctx, id, {
    kind: isPublic ? 'public_note' : 'internal_note',
    visibility: input.visibility,
    body: input.body,
  });
  await ctx.tx.execute(sql`UPDATE service_requests SET updated_at = now() WHERE id = ${id}`);
  if (isPublic)
    await record(ctx, id, RequestEvents.publicNoteAdded, {
      requestId: id,
      trackingCode: r.tracking_code,
      updateId,
    });
  else await record(ctx, id, RequestEvents.internalNoteAdded, { requestId: id, updateId });
}

/** Gives the request to a department and, optionally, to one of the staff who may work it. */
export async function assign(ctx: WorkContext, id: string, raw: unknown, lang: 'en' | 'es'): Promise<void> {
  const input = parseOrThrow(assignBody, raw);
  const [dept] = await queryRows<{ id: string; name: Bilingual }>(
    ctx.tx,
    sql`SELECT id, name FROM request_departments WHERE code = ${input.departmentCode}`,
  );
  if (!dept) throw invalid([{ field: 'departmentCode', code: 'department_unknown' }]);
  let assigneeName: string | null = null;
  if (input.assigneeId) {
    const staff = await staffWithPermission(ctx.tx, 'requests.work');
    assigneeName = staff.find((s) => s.id === input.assigneeId)?.name ?? null;
    if (!assigneeName) throw invalid([{ field: 'assigneeId', code: 'assignee_invalid' }]);
  }
  await lockRequest(ctx.tx, id);
  await ctx.tx.execute(sql`UPDATE service_requests SET department_id = ${dept.id},
      assignee_id = ${input.assigneeId}, updated_at = now()
    WHERE id = ${id}`);
  // The timeline line keeps the names as they were at the time, in the assigning staff member's language.
  const body = t(lang, 'requests-staff:assignment', {
    department: dept.name[lang],
    assignee: assigneeName ?? '',
    assigned: assigneeName ? 'yes' : 'no',
  });
  await addUpdate(ctx, id, { kind: 'assignment', visibility: 'internal', body });
  await record(ctx, id, RequestEvents.assigned, {
    requestId: id,
    departmentCode: input.departmentCode,
    assigneeId: input.assigneeId,
  });
}

/**
 * Closes a request as a duplicate of an open one: the note says so in the request's language,
 * and its reporter (resident or contact) and followers now follow the original. Refuses the
 * request itself, a closed original, and any code this tenant does not have (404).
 */
export async function markDuplicate(
  ctx: WorkContext,
  id: string,
  raw: unknown,
): Promise<{ originalId: string }> {
  const { originalTrackingCode } = parseOrThrow(duplicateBody, raw);
  // Stored grouped (ABCD-EFGH-JK); staff may type it any way.
  const code = parseTrackingCode(originalTrackingCode);
  const [found] = code
    ? await queryRows<{ id: string }>(
        ctx.tx,
        sql`SELECT id FROM service_requests WHERE tracking_code = ${code}`,
      )
    : [];
  if (!found) throw new Problem(404, 'original_not_found');
  if (found.id === id) throw conflict('duplicate_of_itself');
  // Both rows locked in id order, so two clerks marking A and B as each other's duplicate wait
  // for each other instead of deadlocking.
  const locked = await queryRows<{ id: string }>(
    ctx.tx,
    sql`SELECT id FROM service_requests WHERE id IN (${id}, ${found.id}) ORDER BY id FOR UPDATE`,
  );
  if (!locked.some((x) => x.id === id)) throw notFound('request_not_found');
  const [original] = await queryRows<{ id: string; tracking_code: string; status: RequestStatus }>(
    ctx.tx,
    sql`SELECT id, tracking_code, status FROM service_requests WHERE id = ${found.id}`,
  );
  if (original!.status === 'closed') throw conflict('original_closed');
  const r = await lockRequest(ctx.tx, id);
  if (r.status === 'closed') throw conflict('invalid_status_change', { from: 'closed', to: 'closed' });
  const note = t(r.language, 'requests-staff:duplicate_of', { code: original!.tracking_code });
  await ctx.tx.execute(sql`UPDATE service_requests SET status = 'closed', duplicate_of = ${original!.id},
      closed_at = now(), closing_note = ${note}, acknowledged_at = coalesce(acknowledged_at, now()),
      updated_at = now()
    WHERE id = ${id}`);
  await addUpdate(ctx, id, {
    kind: 'duplicate',
    visibility: 'public',
    from: r.status,
    to: 'closed',
    body: note,
  });
  await moveFollowers(ctx.tx, r, original!.id);
  await record(ctx, id, RequestEvents.markedDuplicate, {
    requestId: id,
    trackingCode: r.tracking_code,
    originalId: original!.id,
    originalTrackingCode: original!.tracking_code,
    note,
  });
  return { originalId: original!.id };
}

/**
 * The duplicate's reporter and followers follow the original from now on, each once: a resident
 * by account, anyone else by email or phone, never the original's own reporter again.
 */
async function moveFollowers(tx: Tx, dup: Locked, originalId: string): Promise<void> {
  await tx.execute(sql`
    WITH candidates AS (
      SELECT ${dup.reporter_resident_id}::uuid AS resident_id,
        CASE WHEN ${dup.reporter_resident_id}::uuid IS NULL THEN ${dup.reporter_email}::text END AS email,
        CASE WHEN ${dup.reporter_resident_id}::uuid IS NULL AND ${dup.reporter_email}::text IS NULL
          THEN ${dup.reporter_phone}::text END AS phone,
        ${dup.language}::text AS language, 0 AS n
      UNION ALL
      SELECT resident_id, email, phone, language, 1 FROM request_followers WHERE request_id = ${dup.id}
    ), wanted AS (
      SELECT DISTINCT ON (coalesce(c.resident_id::text, c.email, c.phone)) c.*
      FROM candidates c, service_requests o
      WHERE o.id = ${originalId}
        AND coalesce(c.resident_id::text, c.email, c.phone) IS NOT NULL
        -- IS NOT DISTINCT FROM: the original's reporter fields may be null
        AND NOT (c.resident_id IS NOT NULL AND c.resident_id IS NOT DISTINCT FROM o.reporter_resident_id)
        AND NOT (c.resident_id IS NULL AND c.email IS NOT NULL AND c.email IS NOT DISTINCT FROM o.reporter_email)
        AND NOT (c.resident_id IS NULL AND c.email IS NULL AND c.phone IS NOT DISTINCT FROM o.reporter_phone)
      ORDER BY coalesce(c.resident_id::text, c.email, c.phone), c.n
    )
    INSERT INTO request_followers (request_id, resident_id, email, phone, language)
    SELECT ${originalId}, w.resident_id, w.email, w.phone, w.language FROM wanted w
    WHERE NOT EXISTS (
      SELECT 1 FROM request_followers f WHERE f.request_id = ${originalId}
        AND ((w.resident_id IS NOT NULL AND f.resident_id = w.resident_id)
          OR (w.resident_id IS NULL AND f.resident_id IS NULL AND w.email IS NOT NULL AND f.email = w.email)
          OR (w.resident_id IS NULL AND w.email IS NULL AND f.resident_id IS NULL AND f.email IS NULL
              AND f.phone = w.phone)))`);
}
