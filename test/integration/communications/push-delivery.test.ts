import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { MessageWorker, noticeKind } from '../../../src/modules/communications/index.js';
import {
  hasLivePushSubscription,
  PushChannel,
  queuePush,
  residentsWithLivePush,
  vapidKeys,
  type PushPayload,
} from '../../../src/modules/communications/index.js';
import { startPushService, verifyVapid, type PushService } from '../../support/push-service.js';
import type { ResidentSession } from '../../support/residents.js';
import { residentSuite } from '../../support/resident-suite.js';

/**
 * Push notices end to end against a local Web Push service over HTTPS: the channel encrypts
 * with the subscription's real P-256 keys (RFC 8291 aes128gcm) and signs with the install's
 * VAPID key (RFC 8292); the test decrypts as the browser would and finds the Spanish notice
 * and the item's link. A 410 from the push service removes the subscription.
 */
const suite = residentSuite();
const { call, newResident } = suite;
const quiet = { info() {}, warn() {}, error() {} };

let push: PushService;
let worker: MessageWorker;
beforeAll(async () => {
  push = await startPushService();
  const channel = new PushChannel(suite.t.platform.db, suite.t.platform.config, { agent: push.agent });
  worker = new MessageWorker(suite.t.platform.db, new Map([['push', channel]]), { pollMs: 50, log: quiet });
});
afterAll(() => push?.close());

async function subscribed(r: ResidentSession) {
  const browser = push.browser();
  const res = await call(r, 'POST', '/api/v1/resident/push-subscriptions', browser.subscription);
  expect(res.statusCode, res.body).toBe(201);
  return browser;
}

const receipt = (r: ResidentSession, key: string, language: 'en' | 'es' = 'es') =>
  withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
    queuePush(tx, suite.t.platform.config, {
      residentId: r.id,
      language,
      kind: 'payment.receipt',
      data: noticeKind('payment.receipt')!.sample,
      idempotencyKey: key,
      url: '/portal/account/activity?item=payment:R-2026-000123',
    }),
  );

const message = (id: string) =>
  withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
    queryRows<{
      status: string;
      delivered_via: string | null;
      provider_message_id: string | null;
      last_error: string | null;
    }>(tx, sql`SELECT status, delivered_via, provider_message_id, last_error FROM messages WHERE id = ${id}`),
  ).then((r) => r[0]!);

describe('push delivery', () => {
  it('delivers an encrypted Spanish receipt with the item link to every device, signed with VAPID', async () => {
    const r = await newResident('push-es@example.com', 'es');
    const phone = await subscribed(r);
    const laptop = await subscribed(r);
    const { messageId } = await receipt(r, 'push-test:receipt:1');
    await worker.drain();

    const keys = await vapidKeys(suite.t.platform.db, suite.t.platform.config);
    for (const browser of [phone, laptop]) {
      const got = push.for(browser);
      expect(got).toHaveLength(1);
      const req = got[0]!;
      expect(req.headers['content-encoding']).toBe('aes128gcm');
      expect(req.headers.ttl).toBe(String(3 * 24 * 3600));
      expect(req.headers.urgency).toBe('normal');
      verifyVapid(req.headers, { origin: push.origin, publicKey: keys.publicKey });
      // The body is ciphertext: no word of the notice travels in the clear.
      expect(req.body.toString('latin1')).not.toContain('Recibo');
      const payload = JSON.parse(browser.decrypt(req.body)) as PushPayload;
      expect(payload.lang).toBe('es');
      expect(payload.title).toContain('Recibo de pago R-2026-000123');
      expect(payload.body).toContain('recibimos su pago de');
      expect(payload.url).toBe(
        'http://res.city.test:3000/portal/account/activity?item=payment:R-2026-000123',
      );
      expect(payload.tag).toBe(messageId);
      // Minimal: title, short body, link, language, tag — not the resident's name or email.
      expect(Object.keys(payload).sort()).toEqual(['body', 'lang', 'tag', 'title', 'url']);
      expect(JSON.stringify(payload)).not.toContain('María López');
      expect(JSON.stringify(payload)).not.toContain('push-es@example.com');
    }
    expect(await message(messageId)).toMatchObject({
      status: 'sent',
      delivered_via: 'webpush',
      provider_message_id: expect.stringMatching(/\/message\//),
    });
    // The device list shows when a notice last reached each browser.
    const list = (await call(r, 'GET', '/api/v1/resident/push-subscriptions')).json() as {
      items: { lastSentAt: string | null }[];
    };
    expect(list.items.every((i) => i.lastSentAt !== null)).toBe(true);
  });

  it("routes a notice to push for a resident who chose it, opening the notice's own page; email without a device", async () => {
    const r = await newResident('push-route@example.com', 'es');
    const notifyVia = (key: string) =>
      withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
        suite.t.platform.communications.notify(tx, {
          to: { email: r.email, residentId: r.id },
          channel: 'push',
          language: 'es',
          kind: 'request.received',
          data: noticeKind('request.received')!.sample,
          idempotencyKey: key,
        }),
      );
    const routedRow = (id: string) =>
      withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
        queryRows<{
          channel: string;
          recipient: string;
          channel_reason: string | null;
          link_url: string | null;
        }>(tx, sql`SELECT channel, recipient, channel_reason, link_url FROM messages WHERE id = ${id}`),
      ).then((rows) => rows[0]!);

    // No browser yet: email, and the log says why.
    const before = await notifyVia('push-route:1');
    expect(await routedRow(before.messageId)).toMatchObject({
      channel: 'email',
      recipient: r.email,
      channel_reason: 'no_push_subscription',
    });

    const browser = await subscribed(r);
    const after = await notifyVia('push-route:2');
    const row = await routedRow(after.messageId);
    expect(row).toMatchObject({ channel: 'push', recipient: r.id, channel_reason: null });
    expect(row.link_url).toBe(noticeKind('request.received')!.sample.trackUrl);
    await worker.drain();
    const payload = JSON.parse(browser.decrypt(push.for(browser)[0]!.body)) as PushPayload;
    expect(payload).toMatchObject({ lang: 'es', url: row.link_url });
    expect(payload.title).toContain('Recibimos su reporte');
  });

  it('sets TTL and urgency by kind: a shutoff warning is urgent, a statement can wait', async () => {
    const r = await newResident('push-policy@example.com');
    const browser = await subscribed(r);
    for (const [kind, key] of [
      ['utility.shutoff_warning', 'push-test:shutoff'],
      ['utility.statement_issued', 'push-test:statement'],
    ] as const) {
      await withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
        queuePush(tx, suite.t.platform.config, {
          residentId: r.id,
          language: 'en',
          kind,
          data: noticeKind(kind)!.sample,
          idempotencyKey: key,
        }),
      );
      await worker.drain();
    }
    const [shutoff, statement] = push.for(browser);
    expect([shutoff!.headers.urgency, shutoff!.headers.ttl]).toEqual(['high', String(24 * 3600)]);
    expect([statement!.headers.urgency, statement!.headers.ttl]).toEqual(['low', String(7 * 24 * 3600)]);
    const payload = JSON.parse(browser.decrypt(statement!.body)) as PushPayload;
    expect(payload.lang).toBe('en');
    expect(payload.url).toBe('http://res.city.test:3000/portal/account/activity');
  });

  it('removes a subscription the push service answers 410 for, and routing then sees none', async () => {
    const r = await newResident('push-gone@example.com');
    const kept = await subscribed(r);
    const dropped = await subscribed(r);
    push.answer(dropped, 410);
    const live = () =>
      withTenant(suite.t.platform.db, suite.tenant.id, async (tx) => ({
        one: await hasLivePushSubscription(tx, r.id),
        many: await residentsWithLivePush(tx, [r.id]),
      }));

    const first = await receipt(r, 'push-test:gone:1');
    await worker.drain();
    expect(push.for(dropped)).toHaveLength(1);
    expect(await message(first.messageId)).toMatchObject({ status: 'sent' });
    const devices = (await call(r, 'GET', '/api/v1/resident/push-subscriptions')).json() as {
      items: unknown[];
    };
    expect(devices.items).toHaveLength(1);
    expect((await live()).one).toBe(true);

    // The last browser goes too: the next notice fails for good, and the resident has no live subscription.
    push.answer(kept, 404);
    const second = await receipt(r, 'push-test:gone:2');
    await worker.drain();
    expect(await message(second.messageId)).toMatchObject({
      status: 'failed',
      last_error: expect.stringContaining('404'),
    });
    expect(await live()).toEqual({ one: false, many: new Set() });
    const third = await receipt(r, 'push-test:gone:3');
    await worker.drain();
    expect(await message(third.messageId)).toMatchObject({
      status: 'failed',
      last_error: 'no push subscription for this resident',
    });
    expect(push.for(dropped)).toHaveLength(1);
  });

  it('retries when the push service is unavailable (503), and queues a notice once per idempotency key', async () => {
    const r = await newResident('push-retry@example.com');
    const browser = await subscribed(r);
    push.answer(browser, 503);
    const first = await receipt(r, 'push-test:retry');
    expect((await receipt(r, 'push-test:retry')).duplicate).toBe(true);
    await worker.drain();
    expect(await message(first.messageId)).toMatchObject({
      status: 'queued',
      last_error: 'push service answered 503',
    });
    expect(push.for(browser)).toHaveLength(1);
    // The retry comes due (as if the backoff had passed) and the service is back.
    push.answer(browser, 201);
    await withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
      tx.execute(sql`UPDATE messages SET next_attempt_at = now() WHERE id = ${first.messageId}`),
    );
    await worker.drain();
    expect(await message(first.messageId)).toMatchObject({ status: 'sent' });
    expect(push.for(browser)).toHaveLength(2);
  });

  it('refuses a link off the entity site and an unknown kind', async () => {
    const r = await newResident('push-refuse@example.com');
    await expect(
      withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
        queuePush(tx, suite.t.platform.config, {
          residentId: r.id,
          language: 'es',
          kind: 'payment.receipt',
          data: noticeKind('payment.receipt')!.sample,
          idempotencyKey: 'push-test:offsite',
          url: 'https://evil.example/phish',
        }),
      ),
    ).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(
      withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
        queuePush(tx, suite.t.platform.config, {
          residentId: r.id,
          language: 'es',
          kind: 'no.such_kind',
          data: {},
          idempotencyKey: 'push-test:unknown',
        }),
      ),
    ).rejects.toMatchObject({ code: 'notice_kind_unknown' });
  });
});
