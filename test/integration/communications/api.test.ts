import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withSystem } from '../../../src/db/tenant-context.js';
import type { MessageWorker, SmtpEmailChannel } from '../../../src/modules/communications/index.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { addStaff, createTestApp, signIn, type Session, type TestApp } from '../../support/app.js';
import { addCity, messageRow, notice, notifyAs, smtpWorker } from '../../support/communications.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';

/** The staff API over the communications log: what clerks may see and do, and every denial. */
const HOST = 'comms.city.test';
const OTHER_HOST = 'comms-other.city.test';
const API = '/api/v1/communications';

describe('communications staff API', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let sink: SmtpSink;
  let worker: MessageWorker;
  let channel: SmtpEmailChannel;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;
  let bouncing = true;
  const ids = { receipt: '', statement: '', bounced: '', suppressed: '', foreign: '' };

  const call = (
    s: Session | null,
    method: 'GET' | 'POST',
    url: string,
    opts: { host?: string; csrf?: boolean; lang?: string } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(s && { cookie: s.cookie }),
        ...(s && opts.csrf !== false && { 'x-csrf-token': s.csrf }),
      },
    });
  const list = async (query: string, s = clerk) => {
    const res = await call(s, 'GET', `${API}/messages${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      total: number;
      items: { id: string; status: string; kind: string; recipient: string }[];
    };
  };

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addCity(t.platform, 'Comms', HOST);
    other = await addCity(t.platform, 'Comms Other', OTHER_HOST);
    await addStaff(t.platform, tenant, 'admin@comms.test', 'admin');
    await addStaff(t.platform, tenant, 'clerk@comms.test', 'clerk');
    await addStaff(t.platform, tenant, 'viewer@comms.test', 'viewer');
    admin = await signIn(t.app, HOST, 'admin@comms.test');
    clerk = await signIn(t.app, HOST, 'clerk@comms.test');
    viewer = await signIn(t.app, HOST, 'viewer@comms.test');

    sink = await startSmtpSink({
      onRcpt: (a) =>
        a === 'bounce@example.com' && bouncing
          ? { reject: { code: 550, text: '5.1.1 No such user' } }
          : 'accept',
    });
    ({ worker, channel } = smtpWorker(t.platform.db, sink.url));
    ids.receipt = (
      await notifyAs(
        t.platform,
        tenant,
        notice('payment.receipt', 'maria.lopez@example.com', 'api-receipt', {
          language: 'es',
          name: 'María López',
        }),
      )
    ).messageId;
    ids.bounced = (
      await notifyAs(t.platform, tenant, notice('payment.refund', 'bounce@example.com', 'api-bounce'))
    ).messageId;
    await worker.drain();
    ids.statement = (
      await notifyAs(
        t.platform,
        tenant,
        notice('utility.statement_issued', 'james@example.com', 'api-statement'),
      )
    ).messageId;
    await withSystem(t.platform.db, (tx) =>
      tx.execute(
        sql`INSERT INTO unsubscribes (tenant_id, channel, address, kind) VALUES (${tenant.id}, 'email', 'quiet@example.com', 'utility.late_fee')`,
      ),
    );
    ids.suppressed = (
      await notifyAs(t.platform, tenant, notice('utility.late_fee', 'quiet@example.com', 'api-suppressed'))
    ).messageId;
    ids.foreign = (
      await notifyAs(t.platform, other, notice('payment.receipt', 'x@example.com', 'api-foreign'))
    ).messageId;
  });
  afterAll(async () => {
    await channel?.close();
    await sink?.close();
    await t?.close();
  });

  it('lists this entity’s messages newest first, with addresses masked', async () => {
    const body = await list('');
    expect(body.total).toBe(4);
    expect(body.items.map((m) => m.id)).toEqual([ids.suppressed, ids.statement, ids.bounced, ids.receipt]);
    expect(body.items.map((m) => m.id)).not.toContain(ids.foreign);
    const receipt = body.items.find((m) => m.id === ids.receipt)!;
    expect(receipt).toMatchObject({
      kind: 'payment.receipt',
      language: 'es',
      status: 'sent',
      recipient: 'm•••@example.com',
      subject: 'Recibo de pago R-2026-000123 — Ciudad de Comms, TX',
      attempts: 1,
      deliveredVia: 'smtp',
    });
    expect(JSON.stringify(body)).not.toContain('maria.lopez@');
  });

  it('filters by status and kind, and pages', async () => {
    const statuses = async (q: string) => (await list(q)).items.map((m) => m.id);
    expect(await statuses('?status=sent')).toEqual([ids.receipt]);
    expect(await statuses('?status=failed')).toEqual([ids.bounced]);
    expect(await statuses('?status=queued')).toEqual([ids.statement]);
    expect(await statuses('?status=suppressed')).toEqual([ids.suppressed]);
    expect(await statuses('?kind=utility.statement_issued')).toEqual([ids.statement]);
    expect(await statuses('?kind=payment.receipt&status=sent')).toEqual([ids.receipt]);
    expect(await statuses('?kind=payment.receipt&status=failed')).toEqual([]);
    expect((await list('?status=failed')).total).toBe(1);
    const page1 = await list('?limit=3&offset=0');
    const page2 = await list('?limit=3&offset=3');
    expect(page1.items).toHaveLength(3);
    expect(page2.items).toHaveLength(1);
    expect(page1.total).toBe(4);
    expect(new Set([...page1.items, ...page2.items].map((m) => m.id)).size).toBe(4);
  });

  it('shows one message exactly as sent', async () => {
    const res = await call(clerk, 'GET', `${API}/messages/${ids.receipt}`);
    expect(res.statusCode).toBe(200);
    const m = res.json();
    expect(m).toMatchObject({
      id: ids.receipt,
      recipient: 'maria.lopez@example.com',
      recipientName: 'María López',
      optional: false,
      status: 'sent',
      providerMessageId: `<${ids.receipt}@${HOST}>`,
    });
    expect(m.bodyText).toContain('Estimado(a) María López:');
    expect(m.bodyHtml).toContain('<html lang="es">');
    const sent = sink.received.find((r) => r.messageId === m.providerMessageId)!;
    expect(sent.parsed!.text!.trim()).toBe(m.bodyText.trim());

    const failed = (await call(clerk, 'GET', `${API}/messages/${ids.bounced}`)).json();
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, providerMessageId: null });
    expect(failed.lastError).toMatch(/550/);
  });

  it('resends a failed message, which the worker then delivers; a sent one is refused', async () => {
    const res = await call(clerk, 'POST', `${API}/messages/${ids.bounced}/resend`);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ id: ids.bounced, status: 'queued', channel: 'email' });
    expect(await messageRow(t.platform.db, ids.bounced)).toMatchObject({ status: 'queued', attempts: 0 });
    const [event] = await withSystem(t.platform.db, (tx) =>
      queryRows<{ actor_type: string; subject_id: string }>(
        tx,
        sql`SELECT actor_type, subject_id FROM domain_events WHERE type = 'communications.message.resend_requested'`,
      ),
    );
    expect(event).toEqual({ actor_type: 'staff', subject_id: ids.bounced });

    bouncing = false; // the resident fixed their mailbox
    await worker.drain();
    expect(await messageRow(t.platform.db, ids.bounced)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sink.countsByMessageId().get(`<${ids.bounced}@${HOST}>`)).toBe(1);

    for (const id of [ids.bounced, ids.receipt, ids.statement, ids.suppressed]) {
      const again = await call(admin, 'POST', `${API}/messages/${id}/resend`);
      expect(again.statusCode, id).toBe(409);
      expect(again.json().code).toBe('message_not_failed');
    }
  });

  it('previews every template in both languages', async () => {
    const templates = await call(clerk, 'GET', `${API}/templates`);
    expect(templates.statusCode).toBe(200);
    const kinds = templates.json().items as { kind: string; optional: boolean }[];
    expect(kinds.find((k) => k.kind === 'utility.statement_issued')).toMatchObject({ optional: true });

    const es = await call(clerk, 'GET', `${API}/templates/payment.receipt/preview?language=es`);
    expect(es.statusCode).toBe(200);
    expect(es.json().subject).toBe('Recibo de pago R-2026-000123 — Ciudad de Comms, TX');
    expect(es.json().text).toContain('Estimado(a) María López:');
    expect(es.json().smsSegments).toBeGreaterThanOrEqual(1);
    const en = await call(clerk, 'GET', `${API}/templates/payment.receipt/preview?language=en`);
    expect(en.json().subject).toBe('Payment receipt R-2026-000123 — City of Comms, TX');
    expect(en.json().html).toContain('<html lang="en">');
    for (const k of kinds) {
      for (const lang of ['en', 'es']) {
        const p = await call(clerk, 'GET', `${API}/templates/${k.kind}/preview?language=${lang}`);
        expect(p.statusCode, `${k.kind} ${lang}`).toBe(200);
        expect(p.json().text.includes('/unsubscribe/'), k.kind).toBe(k.optional);
      }
    }
  });

  it('answers 401 to a signed-out request and 403 to a role without the permission', async () => {
    const reads = [
      `${API}/messages`,
      `${API}/messages/${ids.receipt}`,
      `${API}/templates`,
      `${API}/templates/payment.receipt/preview?language=en`,
    ];
    for (const url of reads) {
      expect((await call(null, 'GET', url)).statusCode, url).toBe(401);
      const denied = await call(viewer, 'GET', url);
      expect(denied.statusCode, url).toBe(403);
      expect(denied.json().code).toBe('forbidden');
      expect((await call(clerk, 'GET', url)).statusCode, url).toBe(200);
    }
    const resend = `${API}/messages/${ids.bounced}/resend`;
    expect((await call(null, 'POST', resend)).statusCode).toBe(401);
    expect((await call(viewer, 'POST', resend)).json().code).toBe('forbidden');
    // A write without the CSRF token is refused even for a permitted role.
    const noCsrf = await call(clerk, 'POST', resend, { csrf: false });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf_failed');
  });

  it("answers 404 for another entity's message, to reads and resends alike", async () => {
    await withSystem(t.platform.db, (tx) =>
      tx.execute(sql`UPDATE messages SET status = 'failed' WHERE id = ${ids.foreign}`),
    );
    for (const [method, url] of [
      ['GET', `${API}/messages/${ids.foreign}`],
      ['POST', `${API}/messages/${ids.foreign}/resend`],
      ['GET', `${API}/messages/00000000-0000-4000-8000-000000000000`],
    ] as const) {
      const res = await call(admin, method, url, { lang: 'es' });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'message_not_found', title: 'Mensaje no encontrado' });
    }
    expect((await messageRow(t.platform.db, ids.foreign)).status).toBe('failed'); // untouched
    // The other entity's own staff, on its own host, do see it.
    await addStaff(t.platform, other, 'admin@comms-other.test', 'admin');
    const otherAdmin = await signIn(t.app, OTHER_HOST, 'admin@comms-other.test');
    expect(
      (await call(otherAdmin, 'GET', `${API}/messages/${ids.foreign}`, { host: OTHER_HOST })).statusCode,
    ).toBe(200);
    // …but their cookie means nothing on this entity's host.
    expect((await call(otherAdmin, 'GET', `${API}/messages`)).statusCode).toBe(401);
  });

  it('answers 400 to bad parameters', async () => {
    for (const url of [
      `${API}/messages?status=lost`,
      `${API}/messages?limit=0`,
      `${API}/messages?limit=201`,
      `${API}/messages?limit=ten`,
      `${API}/messages?offset=-1`,
      `${API}/messages?sort=subject`,
      `${API}/messages/not-a-uuid`,
      `${API}/templates/payment.receipt/preview`,
      `${API}/templates/payment.receipt/preview?language=fr`,
    ]) {
      const res = await call(clerk, 'GET', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code, url).toBe('validation_failed');
      expect(res.json().errors.length, url).toBeGreaterThan(0);
    }
    const resend = await call(clerk, 'POST', `${API}/messages/not-a-uuid/resend`);
    expect(resend.statusCode).toBe(400);
    const unknown = await call(clerk, 'GET', `${API}/templates/payment.bogus/preview?language=en`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('notice_kind_unknown');
  });
});
