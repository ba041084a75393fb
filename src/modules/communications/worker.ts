import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { queryRows } from '../../db/rows.js';
import { withSystem } from '../../db/tenant-context.js';
import { DeliveryError, type Channel, type OutgoingMessage } from './channels.js';
import { DEFAULT_SETTINGS, quietUntil } from './routing.js';
import type { ChannelName } from './tables.js';

type Logger = {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
};

export type WorkerOptions = {
  pollMs: number;
  /** Messages claimed and sent concurrently per round. */
  batchSize?: number;
  /** After this many attempts a temporary failure becomes `failed`. */
  maxAttempts?: number;
  /** First retry delay; each further retry doubles it, up to an hour. */
  backoffBaseMs?: number;
  /** How long a claimed message is ours; a worker that dies releases it when this runs out. */
  leaseMs?: number;
  /**
   * The worker's clock (tests move it): what is due, and whether texts and pushes are inside
   * the entity's quiet hours. Without it the database's now() decides what is due.
   */
  now?: () => Date;
  log: Logger;
};

type ClaimedRow = {
  id: string;
  channel: ChannelName;
  recipient: string;
  recipient_name: string | null;
  subject: string;
  body_text: string;
  body_html: string | null;
  unsubscribe_url: string | null;
  attempts: number;
  domain: string | null;
  urgent: boolean;
  kind: string;
  /** The entity's communication_settings row, if it has one (else the defaults). */
  settings: SettingsRow | string | null;
  opted_out: boolean;
};

type SettingsRow = {
  time_zone: string;
  quiet_start_minute: number;
  quiet_end_minute: number;
  sms_from: string | null;
  sms_messaging_service_sid: string | null;
};

/** What became of one claimed message, to be recorded against that claim. */
type Outcome = {
  id: string;
  /** The claim's attempt number (its fencing token). */
  attempts: number;
  sent?: { providerMessageId: string; via: string };
  failed?: { error: string; final: boolean; delayMs: number };
  /** Quiet hours: not sent, not an attempt; due again when they end. */
  deferredUntil?: Date;
  /** The number texted STOP after this text was queued: never sent. */
  suppressed?: string;
};

/**
 * Delivers queued messages. Each round claims a batch (queued and due, or `sending` with an
 * expired lease — a dead worker's) in one short transaction, sends outside any transaction,
 * then records each outcome: sent; queued again with exponential backoff; or failed, at
 * once for a permanent rejection or after the last attempt. Several workers can run at once
 * (SKIP LOCKED). Delivery is at least once; a message re-sent after a crash keeps its
 * Message-ID, so mail systems see the same message.
 */
export class MessageWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;

  constructor(
    private readonly db: Database,
    private readonly channels: Map<ChannelName, Channel>,
    private readonly opts: WorkerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err) => this.opts.log.error({ err }, 'message delivery round failed'))
        .then((n) => this.schedule(typeof n === 'number' && n > 0 ? 0 : this.opts.pollMs));
    }, ms);
  }

  /** Claims and delivers one batch; returns how many messages it attempted. */
  async runOnce(): Promise<number> {
    const channels = [...this.channels.keys()];
    if (channels.length === 0) return 0;
    const batch = await this.claim(channels);
    // Every send finishes and is recorded before the round ends, even if one record fails.
    const results = await Promise.allSettled(batch.map((m) => this.deliver(m)));
    const failure = results.find((r) => r.status === 'rejected');
    if (failure) throw failure.reason;
    return batch.length;
  }

  /** Rounds until nothing is due (tests, benchmarks). Messages waiting for a retry are left. */
  async drain(maxRounds = 10_000): Promise<void> {
    for (let i = 0; i < maxRounds; i++) if ((await this.runOnce()) === 0) return;
  }

  private claim(channels: ChannelName[]): Promise<ClaimedRow[]> {
    const leaseMs = this.opts.leaseMs ?? 5 * 60_000;
    const list = `{${channels.join(',')}}`;
    const now = this.opts.now ? sql`${this.opts.now().toISOString()}::timestamptz` : sql`now()`;
    return withSystem(this.db, (tx) =>
      queryRows<ClaimedRow>(
        tx,
        sql`
        UPDATE messages m
        SET status = 'sending', attempts = m.attempts + 1, updated_at = now(),
            lease_until = now() + make_interval(secs => ${leaseMs / 1000})
        WHERE m.id IN (
          SELECT id FROM messages
          WHERE channel = ANY (${list}::text[])
            AND ((status = 'queued' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until < now()))
          ORDER BY next_attempt_at, created_at
          LIMIT ${this.opts.batchSize ?? 50}
          FOR UPDATE SKIP LOCKED)
        RETURNING m.id, m.channel, m.recipient, m.recipient_name, m.subject, m.body_text, m.body_html,
                  m.unsubscribe_url, m.attempts, m.urgent, m.kind,
                  (SELECT h.hostname FROM tenant_hosts h WHERE h.tenant_id = m.tenant_id
                   ORDER BY h.added_at, h.hostname LIMIT 1) AS domain,
                  (SELECT row_to_json(s) FROM communication_settings s WHERE s.tenant_id = m.tenant_id) AS settings,
                  (m.channel = 'sms' AND m.kind <> 'sms.opted_out' AND EXISTS (
                     SELECT 1 FROM sms_opt_outs o WHERE o.tenant_id = m.tenant_id AND o.phone = m.recipient)) AS opted_out`,
      ),
    );
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    const channel = this.channels.get(row.channel)!;
    const raw = typeof row.settings === 'string' ? (JSON.parse(row.settings) as SettingsRow) : row.settings;
    const settings = {
      timeZone: raw?.time_zone ?? DEFAULT_SETTINGS.timeZone,
      startMinute: raw?.quiet_start_minute ?? DEFAULT_SETTINGS.quietStartMinute,
      endMinute: raw?.quiet_end_minute ?? DEFAULT_SETTINGS.quietEndMinute,
    };
    if (row.channel !== 'email') {
      if (row.opted_out) {
        return this.record({ id: row.id, attempts: row.attempts, suppressed: 'sms_opted_out' });
      }
      const until = row.urgent ? null : quietUntil(this.opts.now?.() ?? new Date(), settings);
      if (until) return this.record({ id: row.id, attempts: row.attempts, deferredUntil: until });
    }
    const outgoing: OutgoingMessage = {
      id: row.id,
      recipient: row.recipient,
      recipientName: row.recipient_name,
      subject: row.subject,
      bodyText: row.body_text,
      bodyHtml: row.body_html,
      unsubscribeUrl: row.unsubscribe_url,
      domain: row.domain ?? 'civq.localhost',
      ...(row.channel === 'sms' &&
        raw && {
          sender: { from: raw.sms_from, messagingServiceSid: raw.sms_messaging_service_sid },
        }),
    };
    let outcome: Outcome;
    try {
      const { providerMessageId } = await channel.send(outgoing);
      outcome = { id: row.id, attempts: row.attempts, sent: { providerMessageId, via: channel.via } };
    } catch (err) {
      const failure =
        err instanceof DeliveryError ? err : new DeliveryError(String((err as Error)?.message ?? err), false);
      const final = failure.permanent || row.attempts >= (this.opts.maxAttempts ?? 8);
      const delayMs = Math.min((this.opts.backoffBaseMs ?? 30_000) * 2 ** (row.attempts - 1), 3_600_000);
      outcome = {
        id: row.id,
        attempts: row.attempts,
        failed: { error: failure.message.slice(0, 1000), final, delayMs },
      };
      this.opts.log.warn(
        { messageId: row.id, attempt: row.attempts, permanent: failure.permanent, final },
        'message delivery failed',
      );
    }
    // A database error here is not a delivery failure: the message stays `sending` and is
    // taken up again when its lease runs out.
    await this.record(outcome);
  }

  /**
   * Outcomes are recorded only while the claim is still ours: `attempts` is the claim's fencing
   * token. A worker whose lease ran out (stalled, not dead) and whose message was claimed again
   * must not overwrite the new claim's state, or a message being delivered could be queued again
   * (and sent twice) or marked failed. Each outcome is written as soon as it is known, so a
   * crash leaves at most the sends in flight unrecorded (re-sent later under the same Message-ID).
   */
  private async record(o: Outcome): Promise<void> {
    await withSystem(this.db, (tx) =>
      o.deferredUntil
        ? tx.execute(sql`
            UPDATE messages
            SET status = 'queued', attempts = attempts - 1, updated_at = now(), lease_until = NULL,
                next_attempt_at = ${o.deferredUntil.toISOString()}::timestamptz
            WHERE id = ${o.id} AND status = 'sending' AND attempts = ${o.attempts}`)
        : o.suppressed
          ? tx.execute(sql`
            UPDATE messages
            SET status = 'suppressed', updated_at = now(), lease_until = NULL, last_error = ${o.suppressed}
            WHERE id = ${o.id} AND status = 'sending' AND attempts = ${o.attempts}`)
          : o.sent
            ? tx.execute(sql`
            UPDATE messages
            SET status = 'sent', sent_at = now(), updated_at = now(), lease_until = NULL, last_error = NULL,
                provider_message_id = ${o.sent.providerMessageId}, delivered_via = ${o.sent.via}
            WHERE id = ${o.id} AND status = 'sending' AND attempts = ${o.attempts}`)
            : tx.execute(sql`
            UPDATE messages
            SET status = ${o.failed!.final ? 'failed' : 'queued'}, updated_at = now(), lease_until = NULL,
                last_error = ${o.failed!.error},
                next_attempt_at = now() + make_interval(secs => ${o.failed!.delayMs / 1000})
            WHERE id = ${o.id} AND status = 'sending' AND attempts = ${o.attempts}`),
    );
  }
}
