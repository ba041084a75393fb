import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import {
  LogEmailChannel,
  MessageWorker,
  smsChannelFor,
  smsSegments,
} from '../../../src/modules/communications/index.js';
import { quietLog } from '../../support/communications.js';
import { HOST, residentSuite } from '../../support/resident-suite.js';
import { codeIn, type ResidentSession } from '../../support/residents.js';
import { FakeSmsProvider } from '../../support/sms-provider.js';

/**
 * Issue 17, SMS: a resident verifies a phone with the code texted to it, chooses Spanish
 * texts, and a staff payment reaches her as a Spanish text; the provider's status callback
 * marks it delivered; STOP from her phone sends the next notice by email (the log says why)
 * with one Spanish confirmation; START brings texts back; HELP answers; forged callbacks and
 * inbound texts are refused. The provider is a local HTTP server (test/support/sms-provider.ts).
 */
describe('text messages, end to end against a local SMS provider', () => {
  const provider = new FakeSmsProvider();
  beforeAll(() => provider.start());
  const suite = residentSuite({ env: () => provider.env() });
  const { call, newResident, openAccount, bill, claim, payAccount } = suite;
  let worker: MessageWorker;
  // The entity's webhook URLs as the provider knows them (its first hostname, the app's port).
  const base = `http://${HOST}:3000`;
  const INBOUND = `${base}/api/v1/communications/sms/inbound`;
  const PHONE = '+19565550142';
  let r: ResidentSession;
  let account: { id: string; accountNumber: string };

  beforeAll(async () => {
    await suite.t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = suite.t.app.server.address() as { port: number };
    provider.appAddress = `127.0.0.1:${address.port}`;
    const { platform } = suite.t;
    worker = new MessageWorker(
      platform.db,
      new Map([
        ['email', new LogEmailChannel({ debug() {} })],
        smsChannelFor(platform.config, { debug() {} }),
      ]),
      // Noon in the entity's time zone: outside quiet hours (sms-quiet-hours.test.ts moves the clock).
      { pollMs: 50, log: quietLog, now: () => new Date('2030-01-15T18:00:00Z') },
    );
  });
  afterAll(() => provider.stop());

  const rows = (where = sql`true`) =>
    withTenant(suite.t.platform.db, suite.tenant.id, (tx) =>
      queryRows<{
        id: string;
        kind: string;
        channel: string;
        language: string;
        recipient: string;
        status: string;
        segments: number | null;
        requested_channel: string | null;
        channel_reason: string | null;
        provider_message_id: string | null;
        provider_status: string | null;
        body_text: string;
      }>(
        tx,
        sql`SELECT id::text, kind, channel, language, recipient, status, segments, requested_channel, channel_reason,
                   provider_message_id, provider_status, body_text
            FROM messages WHERE ${where} ORDER BY created_at, id`,
      ),
    );

  it('verifies the phone with the code texted to it, and refuses a replayed code', async () => {
    r = await newResident('lucia.sms@example.com', 'es');
    const started = await call(r, 'POST', '/api/v1/resident/phone', {
      phone: '(956) 555-0142',
      consent: true,
    });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toEqual({ phone: PHONE, sentTo: 'sms' });
    await worker.drain();
    const [text] = provider.textsTo(PHONE);
    expect(text, 'the code reached the phone').toBeDefined();
    expect(text!.from).toBe(provider.number);
    expect(text!.statusCallback).toBe(`${base}/api/v1/communications/sms/status`);
    const code = codeIn(text!.body)!;
    expect(code).toMatch(/^\d{6}$/);

    const ok = await call(r, 'POST', '/api/v1/resident/phone/verify', { code }, { lang: 'es' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ phone: PHONE, phoneVerified: true, smsConsentVersion: '2026-12.2' });

    const replay = await call(r, 'POST', '/api/v1/resident/phone/verify', { code }, { lang: 'es' });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ code: 'verification_code_invalid', title: 'Código no aceptado' });

    // Bad numbers: localized field errors, no code sent.
    const before = provider.sent.length;
    const tollFree = await call(r, 'POST', '/api/v1/resident/phone', {
      phone: '(800) 555-0100',
      consent: true,
    });
    expect(tollFree.statusCode).toBe(400);
    expect(tollFree.json().errors[0].code).toBe('phone_not_mobile');
    const junk = await call(
      r,
      'POST',
      '/api/v1/resident/phone',
      { phone: '12', consent: true },
      { lang: 'es' },
    );
    expect(junk.statusCode).toBe(400);
    expect(junk.json().errors[0]).toMatchObject({ code: 'phone_invalid' });
    await worker.drain();
    expect(provider.sent.length).toBe(before);

    // Staff see the consent: the linked-residents view of an account, once linked (below).
    const saved = await call(r, 'PUT', '/api/v1/resident/preferences', { channel: 'sms', language: 'es' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ channel: 'sms', deliveredBy: 'sms', deliveredReason: null });
  });

  it('texts a staff payment’s receipt in Spanish, and the status callback marks it delivered', async () => {
    account = await openAccount(suite.clerk, {
      customerName: 'Lucía Peña',
      email: 'lucia.account@example.com',
    });
    await bill(account.id, 5000);
    const link = await claim(r, { accountNumber: account.accountNumber, zip: '78501', lastName: 'Peña' });
    expect(link.statusCode, link.body).toBe(201);

    const household = await call(suite.clerk, 'GET', `/api/v1/utilities/accounts/${account.id}/residents`);
    expect(household.statusCode, household.body).toBe(200);
    expect(household.json().items[0]).toMatchObject({
      phone: PHONE,
      phoneVerified: true,
      smsConsentVersion: '2026-12.2',
      smsOptedOut: false,
      noticeChannel: 'sms',
    });

    const payment = await payAccount(account.id, 2500);
    await worker.drain();
    const texts = provider.textsTo(PHONE);
    const receipt = texts.at(-1)!;
    expect(receipt.body).toContain('recibimos su pago de $25.00');
    expect(receipt.body).toContain(payment.receiptNumber);
    const [row] = await rows(sql`kind = 'payment.receipt' AND recipient = ${PHONE}`);
    expect(row).toMatchObject({
      channel: 'sms',
      language: 'es',
      status: 'sent',
      provider_message_id: receipt.sid,
      segments: smsSegments(receipt.body),
    });

    const sent = await provider.statusCallback(receipt, 'sent');
    expect(sent.status).toBe(204);
    const delivered = await provider.statusCallback(receipt, 'delivered');
    expect(delivered.status).toBe(204);
    // A late `sent` (callbacks arrive out of order) does not undo `delivered`.
    await provider.statusCallback(receipt, 'sent');
    const [after] = await rows(sql`id = ${row!.id}`);
    expect(after).toMatchObject({ status: 'delivered', provider_status: 'delivered' });

    // The staff log: filter by channel; segments, provider id and status shown.
    const log = await call(suite.clerk, 'GET', '/api/v1/communications/messages?channel=sms');
    expect(log.statusCode, log.body).toBe(200);
    const item = log.json().items.find((i: { id: string }) => i.id === row!.id);
    expect(item).toMatchObject({
      channel: 'sms',
      status: 'delivered',
      segments: row!.segments,
      providerMessageId: receipt.sid,
    });
    expect(log.json().items.every((i: { channel: string }) => i.channel === 'sms')).toBe(true);
  });

  it('refuses forged status callbacks and inbound texts with 403, changing nothing', async () => {
    const receipt = provider.textsTo(PHONE).at(-1)!;
    const forged = await provider.statusCallback(receipt, 'failed', {
      signature: provider.sign(receipt.statusCallback, { MessageSid: receipt.sid }, 'not-the-token'),
    });
    expect(forged.status).toBe(403);
    const unsigned = await provider.statusCallback(receipt, 'undelivered', { signature: '' });
    expect(unsigned.status).toBe(403);
    const [row] = await rows(sql`provider_message_id = ${receipt.sid}`);
    expect(row!.status).toBe('delivered');

    const stop = await provider.inbound(INBOUND, PHONE, 'STOP', { signature: 'bm90IGEgc2lnbmF0dXJl' });
    expect(stop.status).toBe(403);
    const prefs = await call(r, 'GET', '/api/v1/resident/preferences');
    expect(prefs.json()).toMatchObject({ smsOptedOut: false, deliveredBy: 'sms' });
  });

  it('STOP sends the next notice by email and one Spanish confirmation; START restores texts', async () => {
    const before = provider.textsTo(PHONE).length;
    const stop = await provider.inbound(INBOUND, PHONE, 'Stop');
    expect(stop.status).toBe(200);
    expect(stop.body).toContain('<Response>');
    // A second STOP (people repeat themselves) sends no second confirmation.
    await provider.inbound(INBOUND, PHONE, 'PARAR');
    await worker.drain();
    const confirmations = provider.textsTo(PHONE).slice(before);
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.body).toContain('ya no le enviaremos mensajes de texto');

    const prefs = await call(r, 'GET', '/api/v1/resident/preferences');
    expect(prefs.json()).toMatchObject({
      channel: 'sms',
      deliveredBy: 'email',
      deliveredReason: 'sms_opted_out',
      smsOptedOut: true,
    });

    await payAccount(account.id, 1000);
    await worker.drain();
    expect(provider.textsTo(PHONE)).toHaveLength(before + 1);
    const [email] = (await rows(sql`kind = 'payment.receipt' AND recipient = ${r.email}`)).slice(-1);
    expect(email).toMatchObject({
      channel: 'email',
      language: 'es',
      requested_channel: 'sms',
      channel_reason: 'sms_opted_out',
      status: 'sent',
    });
    const log = await call(suite.clerk, 'GET', `/api/v1/communications/messages/${email!.id}`);
    expect(log.json()).toMatchObject({
      channel: 'email',
      requestedChannel: 'sms',
      channelReason: 'sms_opted_out',
    });

    // Verifying the number again while it is opted out is refused: the code would never arrive.
    const again = await call(
      r,
      'POST',
      '/api/v1/resident/phone',
      { phone: PHONE, consent: true },
      { lang: 'es' },
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('phone_opted_out');

    const start = await provider.inbound(INBOUND, PHONE, 'ALTA');
    expect(start.status).toBe(200);
    await worker.drain();
    expect(provider.textsTo(PHONE).at(-1)!.body).toContain('activos de nuevo');
    await payAccount(account.id, 700);
    await worker.drain();
    expect(provider.textsTo(PHONE).at(-1)!.body).toContain('recibimos su pago de $7.00');
  });

  it('HELP answers with the entity, how to reach it and how to stop', async () => {
    await provider.inbound(INBOUND, PHONE, 'AYUDA');
    await provider.inbound(INBOUND, '+12105550177', 'help');
    await worker.drain();
    const mine = provider.textsTo(PHONE).at(-1)!.body;
    expect(mine).toContain('Ciudad de res');
    expect(mine).toContain('PARAR');
    const stranger = provider.textsTo('+12105550177').at(-1)!.body;
    expect(stranger).toContain('City of res');
    expect(stranger).toContain('STOP');
    expect(stranger).toContain(base);
    // Other words are not keywords: no answer.
    const n = provider.sent.length;
    await provider.inbound(INBOUND, PHONE, 'gracias!');
    await worker.drain();
    expect(provider.sent.length).toBe(n);
  });

  it('lets staff resend a notice on the other channel, refusing a channel that cannot reach them', async () => {
    const [email] = (
      await rows(sql`kind = 'payment.receipt' AND channel = 'email' AND recipient = ${r.email}`)
    ).slice(-1);
    const asText = await call(suite.clerk, 'POST', `/api/v1/communications/messages/${email!.id}/resend`, {
      channel: 'sms',
    });
    expect(asText.statusCode, asText.body).toBe(202);
    expect(asText.json()).toMatchObject({ channel: 'sms', status: 'queued' });
    await worker.drain();
    expect(provider.textsTo(PHONE).at(-1)!.body).toContain('recibimos su pago de $10.00');
    const [text] = await rows(sql`id = ${asText.json().id}`);
    expect(text).toMatchObject({ channel: 'sms', recipient: PHONE, language: 'es', status: 'sent' });

    const asEmail = await call(suite.clerk, 'POST', `/api/v1/communications/messages/${text!.id}/resend`, {
      channel: 'email',
    });
    expect(asEmail.statusCode, asEmail.body).toBe(202);
    const [mail] = await rows(sql`id = ${asEmail.json().id}`);
    expect(mail).toMatchObject({ channel: 'email', recipient: r.email, language: 'es' });

    // The answer to a stranger's HELP has no email to fall back on: refused, nothing queued.
    const [stranger] = await rows(sql`kind = 'sms.help' AND recipient = '+12105550177'`);
    const count = (await rows()).length;
    const refused = await call(
      suite.clerk,
      'POST',
      `/api/v1/communications/messages/${stranger!.id}/resend`,
      { channel: 'email' },
      { lang: 'es' },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'resend_channel_unavailable',
      title: 'No se puede enviar por esa vía',
    });
    expect(await rows()).toHaveLength(count);
  });

  it('counts a 2-segment Spanish text as UCS-2 (accents kept) and sends it whole', async () => {
    const { platform } = suite.t;
    await withTenant(platform.db, suite.tenant.id, (tx) =>
      platform.communications.notify(tx, {
        to: { email: r.email, phone: PHONE },
        channel: 'sms',
        language: 'es',
        kind: 'utility.shutoff_warning',
        data: {
          name: 'Lucía',
          accountNumber: account.accountNumber,
          amountDue: 12345,
          shutoffDate: '2030-02-01',
        },
        idempotencyKey: 'segments-test',
      }),
    );
    const [row] = await rows(sql`idempotency_key = 'segments-test'`);
    expect(row!.body_text).toContain('Llámenos');
    expect(row!.body_text.length).toBeGreaterThan(70);
    expect(row!.body_text.length).toBeLessThanOrEqual(134);
    expect(row!.segments).toBe(2);
    await worker.drain();
    expect(provider.textsTo(PHONE).at(-1)!.body).toBe(row!.body_text);
  });

  it('retries a text the provider could not take, and fails at once on a permanent refusal', async () => {
    const { platform } = suite.t;
    provider.failNext.push({ status: 503, code: 20500, message: 'Service unavailable' });
    const send = (key: string) =>
      withTenant(platform.db, suite.tenant.id, (tx) =>
        platform.communications.notify(tx, {
          to: { email: r.email, phone: PHONE },
          channel: 'sms',
          language: 'en',
          kind: 'payment.refund',
          data: {
            name: 'Lucía',
            amount: 500,
            refundedOn: '2030-01-15',
            receiptNumber: 'R-1',
            reason: 'Duplicate',
          },
          idempotencyKey: key,
        }),
      );
    await send('retry-1');
    await worker.runOnce();
    const [first] = await rows(sql`idempotency_key = 'retry-1'`);
    expect(first!.status).toBe('queued');
    await worker.drain(); // the worker's clock is past the backoff: tried again, and taken
    const [retried] = await rows(sql`idempotency_key = 'retry-1'`);
    expect(retried!.status).toBe('sent');
    provider.failNext.push({
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });
    await send('permanent-1');
    await worker.runOnce();
    const [permanent] = await rows(sql`idempotency_key = 'permanent-1'`);
    expect(permanent!.status).toBe('failed');
  });
});
