import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import type { MessageWorker, SmtpEmailChannel } from '../../../src/modules/communications/index.js';
import { signUnsubscribe } from '../../../src/modules/communications/unsubscribe.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { addCity, messageRow, notice, notifyAs, smtpWorker } from '../../support/communications.js';
import { startSmtpSink, type Received, type SmtpSink } from '../../support/smtp-sink.js';

/**
 * RFC 8058 one-click unsubscribe, end to end: the headers on what the SMTP server receives,
 * the POST a mail client makes to that link (no sign-in), and the notices that follow.
 */
const HOST = 'unsub.city.test';
const OTHER_HOST = 'other.city.test';
const RESIDENT = 'ana.perez@example.com';

function header(m: Received, name: string): string | undefined {
  const raw = m.raw.toString('latin1');
  const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers)?.[1];
}

/** The URL inside List-Unsubscribe: <url> (comment). */
const unsubscribeUrl = (m: Received) => /^<([^>]+)>/.exec(header(m, 'List-Unsubscribe') ?? '')?.[1];

describe('one-click unsubscribe (RFC 8058)', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  let sink: SmtpSink;
  let worker: MessageWorker;
  let channel: SmtpEmailChannel;

  async function send(kind: string, to: string, key: string): Promise<Received> {
    const { messageId, status } = await notifyAs(t.platform, tenant, notice(kind, to, key));
    expect(status).toBe('queued');
    await worker.drain();
    expect((await messageRow(t.platform.db, messageId)).status).toBe('sent');
    const m = sink.received.find((r) => r.messageId === `<${messageId}@${HOST}>`);
    if (!m) throw new Error(`message ${messageId} did not arrive`);
    return m;
  }

  /** POSTs to a link the way a mail client does: no cookie, no CSRF token, a form body. */
  function oneClick(url: string, contentType = 'application/x-www-form-urlencoded') {
    const u = new URL(url);
    const multipart = contentType.startsWith('multipart/form-data');
    const payload = multipart
      ? '--b\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--b--\r\n'
      : 'List-Unsubscribe=One-Click';
    return t.app.inject({
      method: 'POST',
      url: u.pathname,
      headers: { host: u.host, 'content-type': multipart ? `${contentType}; boundary=b` : contentType },
      payload,
    });
  }

  const optOuts = (tenantId: string) =>
    withTenant(t.platform.db, tenantId, (tx) =>
      queryRows<{ address: string; kind: string; channel: string }>(
        tx,
        sql`SELECT address, kind, channel FROM unsubscribes ORDER BY address, kind`,
      ),
    );

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addCity(t.platform, 'Unsub', HOST);
    other = await addCity(t.platform, 'Other', OTHER_HOST);
    sink = await startSmtpSink();
    ({ worker, channel } = smtpWorker(t.platform.db, sink.url));
  });
  afterAll(async () => {
    await channel?.close();
    await sink?.close();
    await t?.close();
  });

  it('puts List-Unsubscribe and List-Unsubscribe-Post on optional notices only', async () => {
    for (const kind of ['utility.statement_issued', 'utility.late_fee']) {
      const m = await send(kind, RESIDENT, `headers-${kind}`);
      const url = unsubscribeUrl(m);
      expect(url, kind).toMatch(
        new RegExp(`^https?://${HOST.replace(/\./g, '\\.')}(:\\d+)?/unsubscribe/[\\w-]+\\.[\\w-]+$`),
      );
      expect(header(m, 'List-Unsubscribe-Post'), kind).toBe('List-Unsubscribe=One-Click');
      // The same link is in the body, for people whose mail client shows no button.
      expect(m.parsed!.text).toContain(url);
      expect(m.parsed!.html).toContain(`href="${url}"`);
    }
    for (const kind of ['payment.receipt', 'utility.shutoff_warning']) {
      const m = await send(kind, RESIDENT, `headers-${kind}`);
      expect(header(m, 'List-Unsubscribe'), kind).toBeUndefined();
      expect(header(m, 'List-Unsubscribe-Post'), kind).toBeUndefined();
      expect(m.parsed!.text, kind).not.toContain('/unsubscribe/');
    }
  });

  it('records the opt-out from a one-click POST without sign-in; later notices of that kind are suppressed', async () => {
    const m = await send('utility.statement_issued', RESIDENT, 'statement-1');
    const url = unsubscribeUrl(m)!;

    // A link scanner's GET shows a confirmation page and changes nothing.
    const u = new URL(url);
    const look = await t.app.inject({ method: 'GET', url: u.pathname, headers: { host: u.host } });
    expect(look.statusCode).toBe(200);
    expect(look.body).toContain('<form method="post">');
    expect(await optOuts(tenant.id)).toEqual([]);

    const res = await oneClick(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain(RESIDENT);
    expect(await optOuts(tenant.id)).toEqual([
      { address: RESIDENT, kind: 'utility.statement_issued', channel: 'email' },
    ]);
    // A second click (mail clients retry) is harmless.
    expect((await oneClick(url)).statusCode).toBe(200);
    expect(await optOuts(tenant.id)).toHaveLength(1);

    const before = sink.received.length;
    // The address as another module might spell it: still the same person.
    const later = await notifyAs(
      t.platform,
      tenant,
      notice('utility.statement_issued', 'Ana.Perez@Example.com', 'statement-2'),
    );
    expect(later.status).toBe('suppressed');
    expect((await messageRow(t.platform.db, later.messageId)).status).toBe('suppressed');
    await worker.drain();
    expect(sink.received.length).toBe(before);
    expect((await messageRow(t.platform.db, later.messageId)).attempts).toBe(0);

    // The opt-out covers that kind only: other optional kinds and transactional notices still go.
    await send('utility.late_fee', RESIDENT, 'late-fee-after');
    await send('payment.receipt', RESIDENT, 'receipt-after');
  });

  it('accepts the one-click POST as multipart/form-data, which RFC 8058 says clients should send', async () => {
    const m = await send('utility.late_fee', 'luis.garza@example.com', 'late-fee-multipart');
    const res = await oneClick(unsubscribeUrl(m)!, 'multipart/form-data');
    expect(res.statusCode).toBe(200);
    expect(await optOuts(tenant.id)).toContainEqual({
      address: 'luis.garza@example.com',
      kind: 'utility.late_fee',
      channel: 'email',
    });
  });

  it('refuses a tampered token, and a token of another entity, and records nothing', async () => {
    const m = await send('utility.statement_issued', 'rosa@example.com', 'statement-rosa');
    const url = unsubscribeUrl(m)!;
    const [payload, signature] = new URL(url).pathname.slice('/unsubscribe/'.length).split('.') as [
      string,
      string,
    ];
    // Same signature, another address in the payload.
    const forgedPayload = Buffer.from(
      JSON.stringify([tenant.id, 'email', 'someone.else@example.com', 'utility.statement_issued']),
    ).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const before = await optOuts(tenant.id);
    for (const token of [`${forgedPayload}.${signature}`, `${payload}.${flipped}`, `${payload}.`, payload]) {
      const res = await oneClick(`http://${HOST}/unsubscribe/${token}`);
      expect(res.statusCode, token).toBe(404);
      expect(res.body).toContain('<h1>Link not valid</h1>');
    }
    // A genuine token of another entity is not honoured on this entity's host, nor the reverse.
    const foreign = signUnsubscribe(t.platform.config.secret, {
      tenantId: other.id,
      channel: 'email',
      address: 'rosa@example.com',
      kind: 'utility.statement_issued',
    });
    expect((await oneClick(`http://${HOST}/unsubscribe/${foreign}`)).statusCode).toBe(404);
    expect((await oneClick(`http://${OTHER_HOST}/unsubscribe/${payload}.${signature}`)).statusCode).toBe(404);
    expect(await optOuts(tenant.id)).toEqual(before);
    expect(await optOuts(other.id)).toEqual([]);
    // The untouched link still works: the refusals were about the tampering.
    expect((await oneClick(url)).statusCode).toBe(200);
    expect(await optOuts(tenant.id)).toContainEqual({
      address: 'rosa@example.com',
      kind: 'utility.statement_issued',
      channel: 'email',
    });
  });
});
