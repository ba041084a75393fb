import { sql } from 'drizzle-orm';
import type { Config } from '../../config.js';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import type { Consumer, DomainEvent } from '../../events/types.js';
import { t } from '../../lib/i18n.js';
import type {
  Communications,
  NoticeKind,
  NoticeSubject,
  RecipientResolver,
  ResolvedRecipient,
} from '../../kernel/notices.js';
import { noticeSubjectKey } from '../../kernel/notices.js';
import { publicBaseUrl } from '../communications/index.js';
import { residentNoticeAddresses } from '../residents/index.js';
import { currentTenantProfile } from '../tenancy/index.js';
import { RequestEvents } from './events.js';
import type { Bilingual, RequestStatus } from './tables.js';

const SAMPLE = {
  trackingCode: '7KQ4-M2XD-9A',
  category: { en: 'Pothole', es: 'Bache' },
  trackUrl: 'https://esperanza.example.gov/portal/requests/track/7KQ4-M2XD-9A',
};

/** The notices 311 requests send (requests manifest); none is optional: each answers the person's own report or follow. */
export const REQUEST_NOTICE_KINDS: NoticeKind[] = [
  {
    kind: 'request.received',
    optional: false,
    fields: { trackingCode: 'text', category: 'localized', trackUrl: 'url' },
    sample: SAMPLE,
  },
  {
    kind: 'request.status_changed',
    optional: false,
    // The note is localized: staff's own words in both, or, when a status changes without a
    // note, a sentence in each reader's language (an empty text field is refused).
    fields: {
      trackingCode: 'text',
      category: 'localized',
      status: 'localized',
      note: 'localized',
      trackUrl: 'url',
    },
    sample: {
      ...SAMPLE,
      status: { en: 'In progress', es: 'En curso' },
      note: { en: 'A crew is scheduled for Monday.', es: 'A crew is scheduled for Monday.' },
    },
  },
  {
    kind: 'request.note_added',
    optional: false,
    fields: { trackingCode: 'text', category: 'localized', note: 'text', trackUrl: 'url' },
    sample: { ...SAMPLE, note: 'We ordered the part; the light will be fixed next week.' },
  },
  {
    kind: 'request.closed',
    optional: false,
    fields: { trackingCode: 'text', category: 'localized', note: 'text', trackUrl: 'url' },
    sample: { ...SAMPLE, note: 'The pothole was filled on December 3.' },
  },
  {
    kind: 'request.claim_link',
    optional: false,
    fields: { trackingCode: 'text', claimUrl: 'url' },
    sample: {
      trackingCode: SAMPLE.trackingCode,
      claimUrl: 'https://esperanza.example.gov/portal/requests/claim#token=abc',
    },
  },
];

/** A status in both languages, from the requests catalog, for a notice's `localized` field. */
export const statusWords = (status: RequestStatus): Bilingual => ({
  en: t('en', `requests:status.${status}`),
  es: t('es', `requests:status.${status}`),
});

/** Staff's note as written, for every reader; without one, a plain sentence in each language. */
const noteWords = (note: string | null | undefined): Bilingual =>
  note?.trim()
    ? { en: note, es: note }
    : { en: t('en', 'requests:notice.noNote'), es: t('es', 'requests:notice.noNote') };

export const trackPath = (code: string) => `/portal/requests/track/${code}`;

type RequestFacts = {
  id: string;
  tracking_code: string;
  category_name: Bilingual;
  status: RequestStatus;
  language: 'en' | 'es';
  reporter_email: string | null;
  reporter_resident_id: string | null;
  closing_note: string | null;
  closed_at: Date | string | null;
};

async function facts(tx: Tx, id: string): Promise<RequestFacts | undefined> {
  const [row] = await queryRows<RequestFacts>(
    tx,
    sql`SELECT r.id, r.tracking_code, c.name AS category_name, r.status, r.language, r.reporter_email,
               r.reporter_resident_id, r.closing_note, r.closed_at
        FROM service_requests r JOIN request_categories c ON c.id = r.category_id WHERE r.id = ${id}`,
  );
  return row;
}

const NOTICE_EVENTS = new Set<string>([
  RequestEvents.submitted,
  RequestEvents.statusChanged,
  RequestEvents.reopened,
  RequestEvents.publicNoteAdded,
  RequestEvents.markedDuplicate,
]);

/**
 * Tells the reporter and every follower of a request about each public change, in their
 * language: an anonymous reporter at the email they gave (in the report's language), a
 * resident (reporter or follower) through requestRecipients (their channel and language).
 * Keys derive from the event (or, for a closing, from the closing itself), so a repeated
 * delivery or a duplicate marking that also records the status change sends nothing twice.
 */
export function requestNoticeConsumer(config: Config, communications: Communications): Consumer {
  return {
    name: 'requests-notices',
    accepts: (event) => NOTICE_EVENTS.has(event.type),
    async handle(tx, event: DomainEvent) {
      const p = event.payload as Record<string, unknown>;
      const r = await facts(tx, String(p.requestId));
      if (!r) return;
      const tenant = await currentTenantProfile(tx);
      const base = {
        trackingCode: r.tracking_code,
        category: r.category_name,
        trackUrl: `${publicBaseUrl(config, tenant.primaryHost)}${trackPath(r.tracking_code)}`,
      };
      let kind: string;
      let data: Record<string, unknown>;
      let key = `event:${event.id}`;
      switch (event.type) {
        case RequestEvents.submitted:
          kind = 'request.received';
          data = base;
          break;
        case RequestEvents.statusChanged:
        case RequestEvents.markedDuplicate: {
          const to = event.type === RequestEvents.markedDuplicate ? 'closed' : String(p.to);
          if (to === 'closed') {
            kind = 'request.closed';
            data = { ...base, note: (p.note as string | null) ?? r.closing_note ?? '' };
            if (r.closed_at) key = `request:${r.id}:closed:${new Date(r.closed_at).toISOString()}`;
          } else {
            kind = 'request.status_changed';
            data = {
              ...base,
              status: statusWords(to as RequestStatus),
              note: noteWords(p.note as string | null),
            };
          }
          break;
        }
        case RequestEvents.reopened:
          kind = 'request.status_changed';
          data = { ...base, status: statusWords('in_progress'), note: noteWords(p.reason as string | null) };
          break;
        case RequestEvents.publicNoteAdded: {
          const [u] = await queryRows<{ body: string | null; visibility: string }>(
            tx,
            sql`SELECT body, visibility FROM request_updates WHERE id = ${String(p.updateId)}`,
          );
          if (!u || u.visibility !== 'public') return;
          kind = 'request.note_added';
          data = { ...base, note: u.body ?? '' };
          break;
        }
        default:
          return;
      }
      const about = { module: 'requests', id: r.id };
      if (r.reporter_email && !r.reporter_resident_id) {
        await communications.notify(tx, {
          to: { email: r.reporter_email },
          language: r.language,
          kind,
          data,
          idempotencyKey: `${key}:${kind}:email:${r.reporter_email}`,
          about,
        });
      } else {
        await communications.notifyFollowers(tx, { kind, data, idempotencyKey: `${key}:${kind}`, about });
      }
    },
  };
}

/**
 * Who hears of a request besides an anonymous reporter's own address: the resident who filed
 * it and every follower — residents in their chosen language and channel (verified email, from
 * the residents module), and people who follow by email (the reporter of a duplicate) in the
 * language they used.
 */
async function recipientsOf(tx: Tx, about: NoticeSubject[]): Promise<Map<string, ResolvedRecipient[]>> {
  const out = new Map<string, ResolvedRecipient[]>();
  const ids = about.filter((a) => a.module === 'requests').map((a) => a.id);
  if (ids.length === 0) return out;
  const rows = await queryRows<{
    request_id: string;
    resident_id: string | null;
    email: string | null;
    language: 'en' | 'es';
  }>(
    tx,
    sql`
    SELECT id AS request_id, reporter_resident_id AS resident_id, NULL::text AS email, language
    FROM service_requests WHERE id = ANY(${`{${ids.join(',')}}`}::uuid[]) AND reporter_resident_id IS NOT NULL
    UNION ALL
    SELECT request_id, resident_id, email, language FROM request_followers
    WHERE request_id = ANY(${`{${ids.join(',')}}`}::uuid[])`,
  );
  const residents = await residentNoticeAddresses(
    tx,
    rows.flatMap((r) => (r.resident_id ? [r.resident_id] : [])),
  );
  for (const r of rows) {
    const recipient: ResolvedRecipient | undefined = r.resident_id
      ? residents.get(r.resident_id)
      : r.email
        ? { key: `email:${r.email}`, email: r.email, language: r.language, requestedChannel: 'email' }
        : undefined;
    if (!recipient) continue;
    const k = noticeSubjectKey({ module: 'requests', id: r.request_id });
    const seen = out.get(k) ?? [];
    if (!seen.some((x) => x.email === recipient.email)) seen.push(recipient);
    out.set(k, seen);
  }
  return out;
}

export const requestRecipients: RecipientResolver = Object.assign(
  async (tx: Tx, about: NoticeSubject) =>
    about.module === 'requests' ? ((await recipientsOf(tx, [about])).get(noticeSubjectKey(about)) ?? []) : [],
  { many: recipientsOf },
);
