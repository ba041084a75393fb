import { sql } from 'drizzle-orm';
import type { ActivityProjector, Projection } from '../../kernel/activity.js';
import { queryRows } from '../../db/rows.js';
import { RequestEvents } from './events.js';
import { trackPath } from './notices.js';
import type { Bilingual } from './tables.js';

const PROJECTED = new Set<string>([
  RequestEvents.submitted,
  RequestEvents.statusChanged,
  RequestEvents.reopened,
  RequestEvents.publicNoteAdded,
  RequestEvents.markedDuplicate,
  RequestEvents.followed,
  RequestEvents.claimed,
]);
// Following or claiming makes the resident (the event's actor) follow the request's scope; it
// adds no entry of its own.
const NO_ENTRY = new Set<string>([RequestEvents.followed, RequestEvents.claimed]);

/**
 * 311 requests in My Activity: one item per request (its current status, code, category and
 * page), an entry for each public change. A resident sees a request they filed while signed
 * in, claimed or follow (those events are theirs, so the activity consumer subscribes them).
 * The status is read when the event is projected, so the item shows the request as it is.
 */
export const requestsProjector: ActivityProjector = {
  name: 'requests',
  kinds: ['request'],
  accepts: (type) => PROJECTED.has(type),
  async project(tx, event): Promise<Projection[]> {
    const id = String(event.payload.requestId ?? event.subjectId);
    const [r] = await queryRows<{
      tracking_code: string;
      status: string;
      category_code: string;
      category_name: Bilingual;
    }>(
      tx,
      sql`SELECT r.tracking_code, r.status, c.code AS category_code, c.name AS category_name
          FROM service_requests r JOIN request_categories c ON c.id = r.category_id WHERE r.id = ${id}`,
    );
    if (!r) return [];
    const data = {
      trackingCode: r.tracking_code,
      categoryCode: r.category_code,
      category: r.category_name,
      link: trackPath(r.tracking_code),
    };
    const entryData: Record<string, unknown> = { ...data, status: r.status };
    if (event.type === RequestEvents.statusChanged) entryData.toStatus = event.payload.to;
    return [
      {
        scope: { module: 'requests', id },
        item: { type: 'request', id, status: r.status, data },
        ...(!NO_ENTRY.has(event.type) && { entry: { kind: 'request', data: entryData } }),
      },
    ];
  },
};
