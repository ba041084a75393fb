import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../src/db/tenant-context.js';
import { LogEmailChannel, MessageWorker, smsChannelFor } from '../../../src/modules/communications/index.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { addStaff, createTestApp, signIn, type TestApp } from '../../support/app.js';
import { addCity, messageRows, notice, notifyAs, quietLog } from '../../support/communications.js';
import { FakeSmsProvider } from '../../support/sms-provider.js';

/**
 * Quiet hours (default 21:00–08:00 in the entity's time zone): a text that is not urgent and
 * comes due at 22:00 waits and goes at 08:00; an urgent one (a shutoff warning on its last
 * day, a verification code) goes at once. The worker's clock is moved by the test.
 */
describe('quiet hours for texts', () => {
  const provider = new FakeSmsProvider();
  let t: TestApp;
  let tenant: Tenant;
  let clock = new Date();
  let worker: MessageWorker;
  const PHONE = '+19565550177';
  // 22:00 in America/Chicago (UTC-6 in January) on 15 January 2030, and 08:00 the next day.
  const TEN_PM = new Date('2030-01-16T04:00:00Z');
  const EIGHT_AM = new Date('2030-01-16T14:00:00Z');

  beforeAll(async () => {
    await provider.start();
    t = await createTestApp({ env: provider.env() });
    tenant = await addCity(t.platform, 'Quieta', 'quieta.example');
    worker = new MessageWorker(
      t.platform.db,
      new Map([
        ['email', new LogEmailChannel({ debug() {} })],
        smsChannelFor(t.platform.config, { debug() {} }),
      ]),
      { pollMs: 50, log: quietLog, now: () => clock },
    );
  });
  afterAll(async () => {
    await t.close();
    await provider.stop();
  });

  const text = (kind: string, key: string, data: Record<string, unknown> = {}) =>
    notifyAs(t.platform, tenant, {
      ...notice(kind, 'vecina@example.com', key, { data }),
      to: { email: 'vecina@example.com', phone: PHONE },
      channel: 'sms',
    });

  it('holds a statement text from 22:00 until 08:00 and sends an urgent warning at once', async () => {
    clock = TEN_PM;
    const statement = await text('utility.statement_issued', 'quiet-statement');
    // Shutoff tomorrow in the entity's time zone: its last day, urgent.
    const warning = await text('utility.shutoff_warning', 'quiet-shutoff', {
      shutoffDate: new Date().toISOString().slice(0, 10),
    });
    await worker.drain();
    expect(provider.textsTo(PHONE).map((m) => m.body)).toEqual([expect.stringContaining('cut off')]);
    const [held] = await messageRows(t.platform.db, sql`id = ${statement.messageId}`);
    expect(held).toMatchObject({ status: 'queued', attempts: 0 });
    const [urgent] = await messageRows(t.platform.db, sql`id = ${warning.messageId}`);
    expect(urgent!.status).toBe('sent');

    clock = new Date('2030-01-16T13:59:00Z'); // 07:59: still quiet
    await worker.drain();
    expect(provider.textsTo(PHONE)).toHaveLength(1);

    clock = EIGHT_AM;
    await worker.drain();
    expect(provider.textsTo(PHONE)).toHaveLength(2);
    expect(provider.textsTo(PHONE)[1]!.body).toContain('statement ready');
    const [sent] = await messageRows(t.platform.db, sql`id = ${statement.messageId}`);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('follows the entity’s own quiet hours and time zone, set by an admin', async () => {
    await addStaff(t.platform, tenant, 'admin@quieta.example', 'admin');
    const admin = await signIn(t.app, 'quieta.example', 'admin@quieta.example');
    const put = (body: object) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/communications/settings',
        headers: {
          host: 'quieta.example',
          cookie: admin.cookie,
          'x-csrf-token': admin.csrf,
          'accept-language': 'es',
        },
        payload: body,
      });
    const bad = await put({
      timeZone: 'Mars/Olympus',
      quietStart: '25:00',
      quietEnd: '07:00',
      smsFrom: '555',
      smsMessagingServiceSid: null,
    });
    expect(bad.statusCode).toBe(400);
    const ok = await put({
      timeZone: 'America/Los_Angeles',
      quietStart: '20:00',
      quietEnd: '09:00',
      smsFrom: '+19565550999',
      smsMessagingServiceSid: null,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ quietStart: '20:00', quietEnd: '09:00', smsVia: 'provider' });

    // 08:30 in Los Angeles is still quiet for this entity; 09:00 is not.
    clock = new Date('2030-01-16T16:30:00Z');
    const m = await text('payment.receipt', 'la-receipt');
    await worker.drain();
    expect(provider.textsTo(PHONE)).toHaveLength(2);
    clock = new Date('2030-01-16T17:00:00Z');
    await worker.drain();
    const last = provider.textsTo(PHONE).at(-1)!;
    expect(last.from).toBe('+19565550999');
    const [row] = await messageRows(t.platform.db, sql`id = ${m.messageId}`);
    expect(row!.status).toBe('sent');
    await withTenant(t.platform.db, tenant.id, (tx) => tx.execute(sql`DELETE FROM communication_settings`));
  });
});
