import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withSystem, withTenant } from '../../../src/db/tenant-context.js';
import { hasLivePushSubscription, vapidKeys } from '../../../src/modules/communications/index.js';
import { startPushService, type PushService } from '../../support/push-service.js';
import { OTHER, residentSuite } from '../../support/resident-suite.js';
import { RESIDENT_PASSWORD } from '../../support/residents.js';

/**
 * The resident's browser subscriptions through the API: stored per resident and device,
 * listed, removed; bad keys and non-https endpoints refused with a localized 422 and nothing
 * stored; another resident's or tenant's device is out of reach.
 */
const suite = residentSuite();
const { call, newResident } = suite;
const URL_SUBS = '/api/v1/resident/push-subscriptions';
const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

let push: PushService;
beforeAll(async () => {
  push = await startPushService();
});
afterAll(() => push?.close());

const stored = () =>
  withSystem(suite.t.platform.db, (tx) =>
    queryRows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM push_subscriptions`),
  ).then((r) => r[0]!.n);

describe('push subscriptions API', () => {
  it('gives the install VAPID public key, the same on every call and kept in the database', async () => {
    const a = await call(null, 'GET', '/api/v1/resident/push/vapid-public-key');
    expect(a.statusCode, a.body).toBe(200);
    const { publicKey } = a.json() as { publicKey: string };
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    const b = await call(null, 'GET', '/api/v1/resident/push/vapid-public-key', undefined, { host: OTHER });
    expect(b.json().publicKey).toBe(publicKey);
    const rows = await withSystem(suite.t.platform.db, (tx) =>
      queryRows<{ public_key: string; seal_key_id: string }>(
        tx,
        sql`SELECT public_key, seal_key_id FROM push_vapid_keys`,
      ),
    );
    expect(rows).toEqual([{ public_key: publicKey, seal_key_id: expect.any(String) }]);
    // The private key is sealed, and a tenant's transaction cannot read the table at all.
    const denied = await withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
      tx.execute(sql`SELECT * FROM push_vapid_keys`),
    ).catch((err: Error) => err);
    expect(String((denied as Error).cause)).toMatch(/permission denied/);
    const keys = await vapidKeys(suite.t.platform.db, suite.t.platform.config);
    expect(keys).toMatchObject({ publicKey, source: 'database', subject: expect.stringMatching(/^mailto:/) });
  });

  it('stores several devices per resident, lists and removes them', async () => {
    const r = await newResident('push-devices@example.com');
    expect((await call(r, 'GET', URL_SUBS)).json()).toEqual({ items: [] });
    const phone = push.browser();
    const laptop = push.browser();
    const first = await suite.t.app.inject({
      method: 'POST',
      url: URL_SUBS,
      headers: {
        host: 'res.city.test',
        cookie: r.cookie,
        'x-csrf-token': r.csrf,
        'user-agent': CHROME_ANDROID,
      },
      payload: { ...phone.subscription, expirationTime: null },
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ device: 'Chrome · Android', lastSentAt: null });
    const second = await call(r, 'POST', URL_SUBS, laptop.subscription);
    expect(second.statusCode, second.body).toBe(201);
    // The same browser subscribing again replaces its row (new keys), it does not add one.
    const again = push.browser();
    const resubscribed = await call(r, 'POST', URL_SUBS, {
      endpoint: phone.subscription.endpoint,
      keys: again.subscription.keys,
    });
    expect(resubscribed.statusCode).toBe(201);
    const list = (await call(r, 'GET', URL_SUBS)).json() as { items: { id: string }[] };
    expect(list.items).toHaveLength(2);
    const live = (id: string) =>
      withTenant(suite.t.platform.db, suite.tenant.id, (tx) => hasLivePushSubscription(tx, id));
    expect(await live(r.id)).toBe(true);

    for (const item of list.items) {
      const del = await call(r, 'DELETE', `${URL_SUBS}/${item.id}`);
      expect(del.statusCode, del.body).toBe(204);
    }
    expect((await call(r, 'GET', URL_SUBS)).json()).toEqual({ items: [] });
    expect(await live(r.id)).toBe(false);
    const gone = await call(r, 'DELETE', `${URL_SUBS}/${list.items[0]!.id}`, undefined, { lang: 'es' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().title).toBe('Dispositivo no encontrado');
  });

  it('refuses a bad p256dh, a bad auth secret and a non-https endpoint, in the reader’s language, storing nothing', async () => {
    const r = await newResident('push-bad@example.com');
    const good = push.browser().subscription;
    const before = await stored();
    const offCurve = Buffer.alloc(65, 1);
    offCurve[0] = 4;
    const cases: [object, string][] = [
      [{ ...good, endpoint: good.endpoint.replace('https:', 'http:') }, 'endpoint'],
      [{ ...good, endpoint: 'not a url' }, 'endpoint'],
      [{ ...good, endpoint: 'https://user:pw@push.example.com/x' }, 'endpoint'],
      [{ ...good, keys: { ...good.keys, p256dh: offCurve.toString('base64url') } }, 'keys.p256dh'],
      [{ ...good, keys: { ...good.keys, p256dh: 'not base64!' } }, 'keys.p256dh'],
      [
        { ...good, keys: { ...good.keys, p256dh: crypto.randomBytes(33).toString('base64url') } },
        'keys.p256dh',
      ],
      [{ ...good, keys: { ...good.keys, auth: crypto.randomBytes(8).toString('base64url') } }, 'keys.auth'],
    ];
    for (const [payload, field] of cases) {
      const res = await call(r, 'POST', URL_SUBS, payload, { lang: 'es' });
      expect(res.statusCode, `${field}: ${res.body}`).toBe(422);
      const body = res.json() as {
        code: string;
        title: string;
        errors: { field: string; message: string }[];
      };
      expect(body.code).toBe('push_subscription_invalid');
      expect(body.title).toBe('No se pudieron activar las notificaciones del navegador');
      const error = body.errors.find((e) => e.field === field);
      expect(error, JSON.stringify(body.errors)).toBeDefined();
      expect(error!.message).not.toMatch(/^push_/);
    }
    const english = await call(r, 'POST', URL_SUBS, cases[0]![0]);
    expect(english.json().errors[0].message).toBe(
      'The push service address must be a secure (https) web address.',
    );
    // Malformed JSON shapes are the usual 400.
    expect((await call(r, 'POST', URL_SUBS, { endpoint: good.endpoint })).statusCode).toBe(400);
    expect(await stored()).toBe(before);
  });

  it('needs a signed-in resident and the CSRF token; other residents and tenants cannot touch a device', async () => {
    const owner = await newResident('push-owner@example.com');
    const sub = push.browser().subscription;
    expect((await call(null, 'GET', URL_SUBS)).statusCode).toBe(401);
    expect((await call(null, 'POST', URL_SUBS, sub)).statusCode).toBe(401);
    expect((await call(owner, 'POST', URL_SUBS, sub, { csrf: null })).statusCode).toBe(403);
    const made = await call(owner, 'POST', URL_SUBS, sub);
    expect(made.statusCode).toBe(201);
    const id = (made.json() as { id: string }).id;

    const stranger = await newResident('push-stranger@example.com');
    expect((await call(stranger, 'GET', URL_SUBS)).json()).toEqual({ items: [] });
    expect((await call(stranger, 'DELETE', `${URL_SUBS}/${id}`)).statusCode).toBe(404);
    expect((await call(owner, 'DELETE', `${URL_SUBS}/${id}`, undefined, { csrf: null })).statusCode).toBe(
      403,
    );
    expect((await call(owner, 'DELETE', `${URL_SUBS}/not-a-uuid`)).statusCode).toBe(400);
    // The owner's cookie on another tenant's host is not a session there.
    expect((await call(owner, 'GET', URL_SUBS, undefined, { host: OTHER })).statusCode).toBe(401);
    const rows = (await call(owner, 'GET', URL_SUBS)).json() as { items: { id: string }[] };
    expect(rows.items.map((i) => i.id)).toEqual([id]);
  });

  it('lists the devices in the data download, and deleting the account removes them', async () => {
    const r = await newResident('push-leaving@example.com');
    const made = await call(r, 'POST', URL_SUBS, push.browser().subscription);
    expect(made.statusCode).toBe(201);
    const data = await call(r, 'GET', '/api/v1/resident/data');
    expect(data.statusCode).toBe(200);
    expect(data.json().pushDevices).toEqual([
      { id: made.json().id, device: '', createdAt: expect.any(String), lastSentAt: null },
    ]);
    const before = await stored();
    const gone = await call(r, 'DELETE', '/api/v1/resident/account', { password: RESIDENT_PASSWORD });
    expect(gone.statusCode, gone.body).toBe(204);
    expect(await stored()).toBe(before - 1);
  });
});
