import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmtpEmailChannel, MessageWorker } from '../../../src/modules/communications/index.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { addCity, messageRow, notice, notifyAs, smtpWorker } from '../../support/communications.js';
import { startSmtpSink, type Received, type SmtpSink } from '../../support/smtp-sink.js';

/**
 * What a resident's mail server actually receives: notices rendered in their language, sent
 * by the real worker over SMTP (nodemailer) to a real SMTP server (smtp-server), parsed back
 * with mailparser. Nothing here is mocked.
 */
const HOST = 'mail.esperanza.test';
const RESIDENT = 'begona.munoz@example.com';
// ñ in the name travels in the To header, the greeting and both body parts.
const NAME = 'Begoña Muñoz';

const money = (lang: string, cents: number) =>
  new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(cents / 100);
const longDate = (lang: string, iso: string) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** The header section of a received message with folded lines joined. */
function rawHeaders(m: Received): string {
  const raw = m.raw.toString('latin1');
  return raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
}
const rawHeader = (m: Received, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(rawHeaders(m))?.[1];

describe('notices received over real SMTP', () => {
  let t: TestApp;
  let tenant: Tenant;
  let sink: SmtpSink;
  let worker: MessageWorker;
  let channel: SmtpEmailChannel;

  /** Queues a notice, delivers everything due, and returns what the SMTP server received for it. */
  async function deliver(input: Parameters<typeof notifyAs>[2]): Promise<Received> {
    const { messageId, status } = await notifyAs(t.platform, tenant, input);
    expect(status).toBe('queued');
    await worker.drain();
    const row = await messageRow(t.platform.db, messageId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, delivered_via: 'smtp', last_error: null });
    const arrived = sink.received.filter((m) => m.messageId === `<${messageId}@${HOST}>`);
    expect(arrived).toHaveLength(1);
    // What the worker recorded is the id the server saw, so staff can trace a complaint.
    expect(row.provider_message_id).toBe(`<${messageId}@${HOST}>`);
    return arrived[0]!;
  }

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addCity(t.platform, 'Esperanza', HOST);
    sink = await startSmtpSink();
    ({ worker, channel } = smtpWorker(t.platform.db, sink.url));
  });
  afterAll(async () => {
    await channel?.close();
    await sink?.close();
    await t?.close();
  });

  const receipt = (language: 'en' | 'es', key: string) =>
    notice('payment.receipt', RESIDENT, key, {
      language,
      name: NAME,
      data: { amount: 123456, paidOn: '2026-11-20', method: 'check' },
    });

  it('delivers the Spanish payment receipt in Spanish, accents intact, money in es-US format', async () => {
    const m = await deliver(receipt('es', 'receipt-es'));
    const mail = m.parsed!;
    const amount = money('es-US', 123456);
    expect(amount).toContain('1,234.56'); // es-US groups like en-US: not the 1.234,56 of Spain

    expect(mail.subject).toBe('Recibo de pago R-2026-000123 — Ciudad de Esperanza, TX');
    expect(rawHeader(m, 'Subject')).toMatch(/^=\?UTF-8\?/i); // non-ASCII subject travels encoded
    expect(mail.messageId).toBe(m.messageId);
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value).toEqual([{ address: RESIDENT, name: NAME }]);
    expect(mail.from?.value).toEqual([
      { name: 'Ciudad de Esperanza', address: 'no-reply@esperanza.example' },
    ]);
    expect(m.rcptTo).toEqual([RESIDENT]);
    expect(mail.headers.get('list-unsubscribe')).toBeUndefined();

    const text = mail.text!;
    expect(text).toContain(`Estimado(a) ${NAME}:`); // ñ
    expect(text).toContain(
      `Recibimos su pago de ${amount} el ${longDate('es-US', '2026-11-20')} con cheque.`,
    );
    expect(text).toContain('20 de noviembre de 2026');
    expect(text).toContain('Se aplicó a: Agua y alcantarillado, cuenta 10-2043-01.'); // ó
    expect(text).toContain('Número de recibo: R-2026-000123.'); // ú
    expect(text).toContain('¿Tiene preguntas? Comuníquese con Ciudad de Esperanza, TX:'); // ¿ í
    expect(text).toContain('Recibe este mensaje por un trámite que realizó'); // á
    expect(text).not.toMatch(/[ÃÂ�]/); // no mojibake anywhere

    const html = mail.html as string;
    expect(html).toContain('<html lang="es">');
    expect(html).toContain(`Estimado(a) ${NAME}:`);
    expect(html).toContain(amount);
    expect(html).toContain('¿Tiene preguntas?');
    expect(html).toContain('trámite');
    expect(html).not.toMatch(/[ÃÂ�]/);
    // Two alternatives of one message: a text part and an HTML part, both UTF-8.
    expect(m.raw.toString('latin1')).toMatch(/Content-Type: multipart\/alternative/i);
    expect(m.raw.toString('latin1').match(/Content-Type: text\/(plain|html); charset=utf-8/gi)).toHaveLength(
      2,
    );
  });

  it('delivers the English payment receipt in English with en-US money and dates', async () => {
    const m = await deliver(receipt('en', 'receipt-en'));
    const mail = m.parsed!;
    const amount = money('en-US', 123456);
    expect(amount).toBe('$1,234.56');
    expect(mail.subject).toBe('Payment receipt R-2026-000123 — City of Esperanza, TX');
    expect(mail.messageId).toBe(m.messageId);
    expect(mail.text).toContain(`Hello ${NAME},`);
    expect(mail.text).toContain(`We received your payment of ${amount} on November 20, 2026 by check.`);
    expect(mail.text).toContain('It was applied to: Water and sewer, account 10-2043-01.');
    expect(mail.text).toContain(
      'Questions? Contact City of Esperanza, TX: (956) 555-0100 · cityhall@mail.esperanza.test.',
    );
    expect(mail.text).not.toMatch(/Recib|Estimado/);
    expect(mail.html).toContain('<html lang="en">');
    expect(mail.html).toContain(amount);
    expect(mail.headers.get('list-unsubscribe')).toBeUndefined();
  });

  it('escapes what residents typed before it goes into the HTML part', async () => {
    const m = await deliver(
      notice('payment.receipt', 'html.probe@example.com', 'receipt-html', {
        name: '<img src=x onerror=alert(1)> & Co',
      }),
    );
    expect(m.parsed!.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');
    expect(m.parsed!.html).not.toContain('<img');
    expect(m.parsed!.text).toContain('Hello <img src=x onerror=alert(1)> & Co,'); // text is text
  });
});
