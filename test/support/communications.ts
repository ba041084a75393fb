import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.js';
import { queryRows } from '../../src/db/rows.js';
import { withSystem, withTenant } from '../../src/db/tenant-context.js';
import {
  MessageWorker,
  noticeKind,
  SmtpEmailChannel,
  type NotifyInput,
  type NotifyResult,
} from '../../src/modules/communications/index.js';
import type { WorkerOptions } from '../../src/modules/communications/worker.js';
import { createTenant, type Tenant } from '../../src/modules/tenancy/index.js';
import type { Platform } from '../../src/server/platform.js';
// Notice kinds come from the installed modules' manifests: install them even when a test uses
// no platform (the crash test queues notices straight into a database).
import '../../src/modules/index.js';

export const quietLog = { info() {}, warn() {}, error() {} };

export const MAIL_FROM = 'Ciudad de Esperanza <no-reply@esperanza.example>';

/** A tenant with contact details, as the footer of every notice prints them. */
export async function addCity(platform: Platform, city: string, host: string): Promise<Tenant> {
  const tenant = await withSystem(platform.db, (tx) =>
    createTenant(tx, {
      slug: city.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      name: { en: `City of ${city}, TX`, es: `Ciudad de ${city}, TX` },
      hosts: [host],
      contactEmail: `cityhall@${host}`,
      contactPhone: '(956) 555-0100',
    }),
  );
  platform.tenants.invalidate();
  return tenant;
}

/** A notice of `kind` with its registered sample data, to be adjusted per test. */
export function notice(
  kind: string,
  to: string,
  idempotencyKey: string,
  extra: Partial<Omit<NotifyInput, 'kind' | 'to' | 'idempotencyKey'>> & { name?: string } = {},
): NotifyInput {
  const def = noticeKind(kind);
  if (!def) throw new Error(`no notice kind ${kind}`);
  const { name, data, language, ...rest } = extra;
  return {
    to: { email: to, name: name ?? null },
    language: language ?? 'en',
    kind,
    data: { ...def.sample, ...(name && { name }), ...data },
    idempotencyKey,
    ...rest,
  };
}

export const notifyAs = (platform: Platform, tenant: Tenant, input: NotifyInput): Promise<NotifyResult> =>
  withTenant(platform.db, tenant.id, (tx) => platform.communications.notify(tx, input));

export type MessageRow = {
  id: string;
  kind: string;
  recipient: string;
  status: string;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  delivered_via: string | null;
  unsubscribe_url: string | null;
  lease_until: Date | null;
  /** next_attempt_at - updated_at in milliseconds: the backoff delay the worker chose. */
  backoff_ms: number;
  next_attempt_due: boolean;
};

/** Message rows as the platform sees them (all tenants), optionally filtered. */
export async function messageRows(db: Database, where = sql`true`): Promise<MessageRow[]> {
  return withSystem(db, (tx) =>
    queryRows<MessageRow>(
      tx,
      sql`SELECT id::text, kind, recipient, status, attempts, last_error, provider_message_id, delivered_via,
                 unsubscribe_url, lease_until,
                 (extract(epoch FROM next_attempt_at - updated_at) * 1000)::float8 AS backoff_ms,
                 next_attempt_at <= now() AS next_attempt_due
          FROM messages WHERE ${where} ORDER BY created_at, id`,
    ),
  );
}

export async function messageRow(db: Database, id: string): Promise<MessageRow> {
  const [row] = await messageRows(db, sql`id = ${id}`);
  if (!row) throw new Error(`no message ${id}`);
  return row;
}

/** Makes every retry due now, as if the backoff delay had passed (no test waits for a clock). */
export const retriesComeDue = (db: Database) =>
  withSystem(db, (tx) =>
    tx.execute(sql`UPDATE messages SET next_attempt_at = now() WHERE status = 'queued'`),
  );

/** Expires every lease, as if a dead worker's lease had run out. */
export const leasesRunOut = (db: Database) =>
  withSystem(db, (tx) =>
    tx.execute(sql`UPDATE messages SET lease_until = now() - interval '1 second' WHERE status = 'sending'`),
  );

/** The real worker with the real SMTP channel pointed at `smtpUrl`. */
export function smtpWorker(db: Database, smtpUrl: string, opts: Partial<WorkerOptions> = {}) {
  const channel = new SmtpEmailChannel(smtpUrl, MAIL_FROM, { timeoutMs: 10_000 });
  const worker = new MessageWorker(db, new Map([['email', channel]]), {
    pollMs: 50,
    log: quietLog,
    ...opts,
  });
  return { channel, worker };
}
