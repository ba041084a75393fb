import { sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import type { Files } from '../../../kernel/storage/index.js';
import { notFound } from '../../../kernel/problem.js';
import { accountById } from '../../utilities/index.js';
import type { Answers, CategoryQuestion } from '../tables.js';
import { queueItemById } from './queue.js';
import type { StaffRequest } from './schemas.js';

/** Where the portal serves a photo from its signed link (CONTRACT.md). */
export const photoUrl = (token: string) => `/api/v1/requests/photo?link=${encodeURIComponent(token)}`;

/** Answers with their question's labels, in the category's question order (then any left over). */
export function labelledAnswers(questions: CategoryQuestion[], answers: Answers): StaffRequest['answers'] {
  const known = questions
    .filter((q) => answers[q.key] !== undefined)
    .map((q) => ({ key: q.key, label: q.label, value: answers[q.key]! }));
  const asked = new Set(questions.map((q) => q.key));
  const others = Object.entries(answers)
    .filter(([key]) => !asked.has(key))
    .map(([key, value]) => ({ key, label: { en: key, es: key }, value }));
  return [...known, ...others];
}

type Detail = {
  description: string;
  language: 'en' | 'es';
  closing_note: string | null;
  answers: Answers;
  questions: CategoryQuestion[];
  reporter_name: string | null;
  reporter_email: string | null;
  reporter_phone: string | null;
  reporter_resident_id: string | null;
  account_id: string | null;
  followers: number;
};

/**
 * Everything staff see of one request: the queue item, the full timeline (internal notes
 * included, with who), answers with their labels, the reporter's contact, the utility account
 * at that address and short-lived photo links. 404 when it is not this tenant's.
 */
export async function staffRequestView(
  tx: Tx,
  files: Files,
  tenantId: string,
  id: string,
): Promise<StaffRequest> {
  const item = await queueItemById(tx, id);
  if (!item) throw notFound('request_not_found');
  const [d] = await queryRows<Detail>(
    tx,
    sql`SELECT r.description, r.language, r.closing_note, r.answers, c.questions,
        r.reporter_name, r.reporter_email, r.reporter_phone, r.reporter_resident_id, r.account_id,
        (SELECT count(*)::int FROM request_followers f WHERE f.request_id = r.id) AS followers
      FROM service_requests r JOIN request_categories c ON c.id = r.category_id
      WHERE r.id = ${id}`,
  );
  const updates = await queryRows<{
    id: string;
    kind: string;
    visibility: 'public' | 'internal';
    from_status: string | null;
    to_status: string | null;
    body: string | null;
    actor_name: string | null;
    created_at: string;
  }>(
    tx,
    sql`SELECT id, kind, visibility, from_status, to_status, body, actor_name, created_at::text AS created_at
      FROM request_updates WHERE request_id = ${id} ORDER BY created_at, id`,
  );
  const photos = await queryRows<{ storage_key: string }>(
    tx,
    sql`SELECT storage_key FROM request_photos WHERE request_id = ${id} ORDER BY position, uploaded_at`,
  );
  const duplicates = await queryRows<{ id: string; tracking_code: string }>(
    tx,
    sql`SELECT id, tracking_code FROM service_requests WHERE duplicate_of = ${id} ORDER BY submitted_at, id`,
  );
  const account = d!.account_id ? await accountById(tx, d!.account_id) : undefined;
  return {
    ...item,
    description: d!.description,
    language: d!.language,
    closingNote: d!.closing_note,
    answers: labelledAnswers(d!.questions, d!.answers),
    reporter: {
      name: d!.reporter_name,
      email: d!.reporter_email,
      phone: d!.reporter_phone,
      residentId: d!.reporter_resident_id,
    },
    account: account
      ? { id: account.id, number: account.account_number, customerName: account.customer_name }
      : null,
    photos: photos.map((p) => ({ url: photoUrl(files.link(tenantId, p.storage_key)) })),
    updates: updates.map((u) => ({
      id: u.id,
      kind: u.kind,
      visibility: u.visibility,
      fromStatus: u.from_status,
      toStatus: u.to_status,
      body: u.body,
      actorName: u.actor_name,
      at: new Date(u.created_at).toISOString(),
    })),
    followers: d!.followers,
    duplicates: duplicates.map((x) => ({ id: x.id, trackingCode: x.tracking_code })),
  };
}
