import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { EventBus } from '../../events/bus.js';
import type { Actor } from '../../events/types.js';
import { groupCode, isValidCode, normalizeCode, randomCode } from '../../lib/codes.js';
import { toE164 } from '../../lib/phone.js';
import { Problem, type FieldError } from '../../kernel/problem.js';
import { parseOrThrow } from '../../kernel/validate.js';
import { accountAtServiceAddress } from '../utilities/index.js';
import { getArea, insideArea } from './area.js';
import { categoryByCode, checkAnswers } from './catalogue.js';
import { RequestEvents } from './events.js';
import type { RequestSource, RequestStatus } from './tables.js';

/** At most this many reports from one address (the same text, accents and case ignored) an hour. */
export const REPORTS_PER_ADDRESS_PER_HOUR = 5;
export const MAX_PHOTOS = 3;
export const TRACKING_CODE_LENGTH = 10;

const answerValue = z.union([
  z.string().max(2000),
  z.number(),
  z.boolean(),
  z.array(z.string().max(200)).max(50),
]);
const blank = z.literal('').transform(() => undefined);

/** The body of POST /api/v1/requests (CONTRACT.md `NewReport`). */
export const newReportBody = z.object({
  categoryCode: z.string().trim().min(1).max(40),
  description: z.string().trim().min(1).max(4000),
  address: z.string().trim().max(200).nullish(),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).nullish(),
  answers: z.record(z.string().max(40), answerValue).optional(),
  photoIds: z.array(z.uuid()).max(20).optional(),
  contact: z
    .object({
      name: z.union([blank, z.string().trim().max(200)]).optional(),
      email: z.union([blank, z.email().max(254)]).optional(),
      phone: z.union([blank, z.string().trim().max(40)]).optional(),
    })
    .optional(),
  language: z.enum(['en', 'es']),
});
export type NewReport = z.input<typeof newReportBody>;

export type FileReportInput = NewReport & {
  source: RequestSource;
  residentId?: string | null;
  open311Token?: string;
};

/** What filing needs: the caller's tenant transaction, the event bus and who is acting. */
export type ReportContext = { tx: Tx; events: EventBus; actor: Actor; now?: Date };

export type FiledReport = { id: string; trackingCode: string; status: RequestStatus; submittedAt: string };

/** `from` plus `days` business days (Saturdays and Sundays skipped), same time of day, UTC. */
export function addBusinessDays(from: Date, days: number): Date {
  const d = new Date(from.getTime());
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const dow = d.getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d;
}

/**
 * "abcdefghjk" or "ABCD-EFGH-JK" -> "ABCD-EFGH-JK" (the form stored, shown and put in events),
 * or null when it cannot be a tracking code (wrong length or check character).
 */
export function parseTrackingCode(input: string): string | null {
  const code = normalizeCode(input);
  return code && code.length === TRACKING_CODE_LENGTH && isValidCode(code) ? groupCode(code) : null;
}

const fieldProblem = (status: number, errors: FieldError[], params: Record<string, unknown> = {}) =>
  new Problem(status, errors[0]!.code, params, { fieldErrors: errors });

/**
 * Files a 311 report — the one way a request comes to exist, for the portal, Open311 and staff
 * alike. Validates everything first (category, answers, area, contact, photos, the per-address
 * limit) and writes nothing on a refusal; then the request, its first timeline entry, its
 * photos (pending uploads become attached) and `request.submitted`, in the caller's transaction.
 */
export async function fileReport(ctx: ReportContext, raw: FileReportInput): Promise<FiledReport> {
  const { tx } = ctx;
  const input = parseOrThrow(newReportBody, raw);
  const source = raw.source;
  const residentId = raw.residentId ?? null;

  const category = await categoryByCode(tx, input.categoryCode);
  if (!category || !category.active) {
    throw fieldProblem(400, [{ field: 'categoryCode', code: 'unknown_category' }]);
  }

  const errors: FieldError[] = [];
  const { answers, errors: answerErrors } = checkAnswers(category.questions, input.answers ?? {});
  errors.push(...answerErrors);

  const location = input.location ?? null;
  const address = input.address?.trim() || null;
  if (category.locationRequired && !location && !address) {
    errors.push({ field: 'location', code: 'location_required' });
  }
  if (location) {
    const area = await getArea(tx);
    if (area && !insideArea(area, location))
      errors.push({ field: 'location', code: 'location_outside_area' });
  }

  const contact = input.contact ?? {};
  const email = contact.email?.trim().toLowerCase() || null;
  let phone: string | null = null;
  if (contact.phone) {
    phone = toE164(contact.phone);
    if (!phone) errors.push({ field: 'contact.phone', code: 'phone_invalid' });
  }
  if (source === 'portal' && !residentId && !email && !contact.phone) {
    errors.push({ field: 'contact', code: 'contact_required' });
  }

  const photoIds = [...new Set(input.photoIds ?? [])];
  if (photoIds.length > MAX_PHOTOS) {
    errors.push({ field: 'photoIds', code: 'too_many_photos', params: { max: MAX_PHOTOS } });
  } else if (photoIds.length > 0) {
    const pending = await queryRows<{ id: string }>(
      tx,
      sql`SELECT id FROM request_photos
          WHERE id = ANY(${`{${photoIds.join(',')}}`}::uuid[]) AND request_id IS NULL
          FOR UPDATE`,
    );
    if (pending.length !== photoIds.length) errors.push({ field: 'photoIds', code: 'photo_not_found' });
  }
  if (errors.length > 0) throw fieldProblem(400, errors, { max: MAX_PHOTOS });

  if (address && source !== 'staff') {
    // One address's reports serialize here, so two at once cannot both pass the count.
    await tx.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended('requests:address:' || civq_current_tenant()::text || ':' || civq_fold(${address}), 0))`,
    );
    const [recent] = await queryRows<{ n: number }>(
      tx,
      sql`SELECT count(*)::int AS n FROM service_requests
          WHERE civq_fold(address) = civq_fold(${address}) AND submitted_at > now() - interval '1 hour'`,
    );
    if (recent!.n >= REPORTS_PER_ADDRESS_PER_HOUR) {
      throw new Problem(429, 'too_many_reports', {}, { retryAfterSeconds: 3600 });
    }
  }

  const accountId = address ? await accountAtServiceAddress(tx, address) : null;
  const submittedAt = ctx.now ?? new Date();
  const dueAt = addBusinessDays(submittedAt, category.slaBusinessDays);

  let row: { id: string; tracking_code: string } | undefined;
  for (let attempt = 0; !row; attempt++) {
    if (attempt > 8) throw new Error('could not find a free tracking code');
    [row] = await queryRows<{ id: string; tracking_code: string }>(
      tx,
      sql`
      INSERT INTO service_requests (tracking_code, category_id, department_id, description, answers,
        address, lat, lng, account_id, reporter_resident_id, reporter_name, reporter_email,
        reporter_phone, language, source, open311_token, submitted_at, due_at)
      VALUES (${groupCode(randomCode(TRACKING_CODE_LENGTH))}, ${category.id}, ${category.departmentId}, ${input.description},
        ${JSON.stringify(answers)}::jsonb, ${address}, ${location?.lat ?? null}, ${location?.lng ?? null},
        ${accountId}, ${residentId}, ${contact.name?.trim() || null}, ${email}, ${phone}, ${input.language},
        ${source}, ${raw.open311Token ?? null}, ${submittedAt.toISOString()}, ${dueAt.toISOString()})
      ON CONFLICT (tenant_id, tracking_code) DO NOTHING
      RETURNING id, tracking_code`,
    );
  }

  await tx.execute(sql`
    INSERT INTO request_updates (request_id, kind, visibility, to_status, actor_type, actor_id, created_at)
    VALUES (${row.id}, 'submitted', 'public', 'submitted', ${ctx.actor.type}, ${ctx.actor.id},
            ${submittedAt.toISOString()})`);
  for (const [position, photoId] of photoIds.entries()) {
    await tx.execute(
      sql`UPDATE request_photos SET request_id = ${row.id}, position = ${position} WHERE id = ${photoId}`,
    );
  }

  await ctx.events.record(tx, {
    type: RequestEvents.submitted,
    subjectType: 'request',
    subjectId: row.id,
    actor: ctx.actor,
    payload: {
      requestId: row.id,
      trackingCode: row.tracking_code,
      categoryCode: category.code,
      source,
      language: input.language,
    },
  });
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    status: 'submitted',
    submittedAt: submittedAt.toISOString(),
  };
}
