import type https from 'node:https';
import { sql } from 'drizzle-orm';
import webpush, { WebPushError } from 'web-push';
import type { Config } from '../../../config.js';
import type { Database } from '../../../db/client.js';
import { queryRows } from '../../../db/rows.js';
import { withSystem } from '../../../db/tenant-context.js';
import { DeliveryError, type Channel, type OutgoingMessage } from '../channels.js';
import { noticeKind } from '../kinds.js';
import { pushPolicy } from './policy.js';
import { vapidKeys } from './vapid.js';

/** What the service worker receives (web/public/sw.js): just enough to show and open the notice. */
export type PushPayload = { title: string; body: string; url: string; lang: 'en' | 'es'; tag: string };

type Target = { id: string; endpoint: string; p256dh: string; auth: string };
type MessageFacts = { kind: string; optional: boolean; language: 'en' | 'es'; link_url: string | null };

/** The body of a notification: the short text, whole words, ending with … when cut. */
function shortBody(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/**
 * Web Push (RFC 8030) with aes128gcm payload encryption (RFC 8291) and VAPID (RFC 8292), by the
 * `web-push` library. A push message's recipient is a resident id; it goes to each of that
 * resident's subscribed browsers. A push service that answers 404 or 410 has dropped the
 * subscription for good: the row is deleted, and routing sees one device fewer.
 */
export class PushChannel implements Channel {
  readonly name = 'push' as const;
  readonly via = 'webpush';
  /** Signed VAPID headers per push service origin, reused until an hour before they expire. */
  private readonly vapidHeaders = new Map<string, { authorization: string; expiresAt: number }>();

  constructor(
    private readonly db: Database,
    private readonly config: Config,
    private readonly opts: {
      /** For tests: an agent that trusts the local push service's certificate. */
      agent?: https.Agent;
      timeoutMs?: number;
      env?: NodeJS.ProcessEnv;
    } = {},
  ) {}

  async send(m: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const { facts, targets } = await withSystem(this.db, async (tx) => {
      const [facts] = await queryRows<MessageFacts>(
        tx,
        sql`SELECT kind, optional, language, link_url FROM messages WHERE id = ${m.id}`,
      );
      const targets = await queryRows<Target>(
        tx,
        sql`SELECT s.id, s.endpoint, s.p256dh, s.auth FROM push_subscriptions s
            JOIN messages msg ON msg.id = ${m.id} AND msg.tenant_id = s.tenant_id
            WHERE s.resident_id::text = ${m.recipient}
            ORDER BY s.created_at, s.id`,
      );
      return { facts, targets };
    });
    if (!facts) throw new DeliveryError('message not found', true);
    if (targets.length === 0) throw new DeliveryError('no push subscription for this resident', true);

    const keys = await vapidKeys(this.db, this.config, this.opts.env);
    const policy = pushPolicy({
      kind: facts.kind,
      optional: noticeKind(facts.kind)?.optional ?? facts.optional,
    });
    const payload: PushPayload = {
      title: m.subject,
      body: shortBody(m.bodyText),
      url: facts.link_url ?? '/portal/account/activity',
      lang: facts.language,
      tag: m.id,
    };
    const results = await Promise.allSettled(
      targets.map((t) =>
        webpush.sendNotification(
          { endpoint: t.endpoint, keys: { p256dh: t.p256dh, auth: t.auth } },
          JSON.stringify(payload),
          {
            headers: { Authorization: this.vapidAuthorization(t.endpoint, keys) },
            contentEncoding: 'aes128gcm',
            TTL: policy.ttl,
            urgency: policy.urgency,
            timeout: this.opts.timeoutMs ?? 30_000,
            ...(this.opts.agent && { agent: this.opts.agent }),
          },
        ),
      ),
    );

    const sent: { id: string; location: string }[] = [];
    const gone: string[] = [];
    const errors: { permanent: boolean; detail: string }[] = [];
    results.forEach((r, i) => {
      const t = targets[i]!;
      if (r.status === 'fulfilled') {
        const location = r.value.headers.location;
        sent.push({
          id: t.id,
          location: typeof location === 'string' ? location : String(r.value.statusCode),
        });
        return;
      }
      const err = r.reason as unknown;
      if (err instanceof WebPushError) {
        if (err.statusCode === 404 || err.statusCode === 410) gone.push(t.id);
        // 400 (bad request), 403 (wrong VAPID key), 413 (too large) will not change on a retry.
        const permanent = err.statusCode >= 400 && err.statusCode < 500 && err.statusCode !== 429;
        errors.push({ permanent, detail: `push service answered ${err.statusCode}` });
      } else {
        errors.push({ permanent: false, detail: String((err as Error)?.message ?? err) });
      }
    });

    await withSystem(this.db, async (tx) => {
      if (gone.length > 0)
        await tx.execute(
          sql`DELETE FROM push_subscriptions WHERE id::text = ANY (${`{${gone.join(',')}}`}::text[])`,
        );
      if (sent.length > 0)
        await tx.execute(
          sql`UPDATE push_subscriptions SET last_sent_at = now()
              WHERE id::text = ANY (${`{${sent.map((s) => s.id).join(',')}}`}::text[])`,
        );
    });

    // Delivered to at least one of the resident's browsers: sent. Trying again would show it
    // twice on those; a browser that failed for a while gets the next notice.
    if (sent.length > 0)
      return {
        providerMessageId: sent
          .map((s) => s.location)
          .join(' ')
          .slice(0, 1000),
      };
    const permanent = errors.every((e) => e.permanent);
    throw new DeliveryError(errors.map((e) => e.detail).join('; ') || 'push delivery failed', permanent);
  }

  /**
   * The RFC 8292 `vapid t=…, k=…` header for the endpoint's push service. web-push would sign a
   * new JWT for every request (and re-encode the private key each time: most of a send's CPU);
   * a token is valid for any request to the same origin until it expires (at most 24 h), so
   * one is signed per origin for 12 h.
   */
  private vapidAuthorization(
    endpoint: string,
    keys: { subject: string; publicKey: string; privateKey: string },
  ) {
    const audience = new URL(endpoint).origin;
    const cacheKey = `${audience} ${keys.publicKey}`;
    const now = Math.floor(Date.now() / 1000);
    const cached = this.vapidHeaders.get(cacheKey);
    if (cached && cached.expiresAt - now > 3600) return cached.authorization;
    const expiresAt = now + 12 * 3600;
    const { Authorization } = webpush.getVapidHeaders(
      audience,
      keys.subject,
      keys.publicKey,
      keys.privateKey,
      'aes128gcm',
      expiresAt,
    );
    this.vapidHeaders.set(cacheKey, { authorization: Authorization, expiresAt });
    return Authorization;
  }

  async close(): Promise<void> {}
}
