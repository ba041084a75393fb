import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import type { NotifyInput } from '../../../src/modules/communications/index.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { Problem } from '../../../src/kernel/problem.js';
import { problemBody } from '../../../src/server/plugins/errors.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import {
  addCity,
  messageRow,
  messageRows,
  notice,
  notifyAs,
  retriesComeDue,
  smtpWorker,
} from '../../support/communications.js';
import { freePort } from '../../support/process.js';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink.js';

/**
 * How the worker treats what a real SMTP server answers (or a server that is not there), and
 * what notify() does inside the caller's transaction. Retries are made due by moving
 * next_attempt_at (as if time had passed) so no assertion depends on a clock.
 */
const HOST = 'delivery.city.test';

describe('message delivery and notify()', () => {
  let t: TestApp;
  let tenant: Tenant;
  let other: Tenant;
  const cleanups: (() => Promise<void>)[] = [];

  /** A sink and a worker for one test, closed after it. */
  async function setup(
    sinkOptions: Parameters<typeof startSmtpSink>[0] = {},
    workerOptions: Parameters<typeof smtpWorker>[2] = {},
  ) {
    const sink = await startSmtpSink(sinkOptions);
    const { worker, channel } = smtpWorker(t.platform.db, sink.url, workerOptions);
    cleanups.push(
      () => channel.close(),
      () => sink.close(),
    );
    return { sink, worker };
  }
  const arrivedFor = (sink: SmtpSink, messageId: string) =>
    sink.received.filter((m) => m.messageId === `<${messageId}@${HOST}>`);

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await addCity(t.platform, 'Delivery', HOST);
    other = await addCity(t.platform, 'Elsewhere', 'elsewhere.city.test');
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  afterAll(() => t?.close());

  it('retries with exponential backoff while the SMTP server is down, then marks the message failed', async () => {
    const port = await freePort(); // nothing listens here
    const { worker, channel } = smtpWorker(t.platform.db, `smtp://127.0.0.1:${port}`, {
      backoffBaseMs: 1000,
      maxAttempts: 4,
    });
    cleanups.push(() => channel.close());
    const { messageId } = await notifyAs(
      t.platform,
      tenant,
      notice('payment.receipt', 'down@example.com', 'down-1'),
    );

    const seen: { status: string; attempts: number; backoff_ms: number }[] = [];
    for (let round = 1; round <= 4; round++) {
      expect(await worker.runOnce()).toBe(1);
      const row = await messageRow(t.platform.db, messageId);
      seen.push({ status: row.status, attempts: row.attempts, backoff_ms: row.backoff_ms });
      expect(row.last_error).toMatch(/ECONNREFUSED/);
      expect(row.lease_until).toBeNull();
      if (row.status === 'queued') {
        expect(row.next_attempt_due).toBe(false);
        expect(await worker.runOnce()).toBe(0); // not due yet: the backoff is respected
        await retriesComeDue(t.platform.db);
      }
    }
    expect(seen).toEqual([
      { status: 'queued', attempts: 1, backoff_ms: 1000 },
      { status: 'queued', attempts: 2, backoff_ms: 2000 },
      { status: 'queued', attempts: 3, backoff_ms: 4000 },
      { status: 'failed', attempts: 4, backoff_ms: expect.any(Number) },
    ]);
    await retriesComeDue(t.platform.db);
    expect(await worker.runOnce()).toBe(0); // a failed message is left for staff to resend
    expect((await messageRow(t.platform.db, messageId)).attempts).toBe(4);
  });

  it('delivers on a later attempt once the server is back', async () => {
    const port = await freePort();
    const { worker, channel } = smtpWorker(t.platform.db, `smtp://127.0.0.1:${port}`, {
      backoffBaseMs: 1000,
    });
    cleanups.push(() => channel.close());
    const { messageId } = await notifyAs(
      t.platform,
      tenant,
      notice('payment.refund', 'back@example.com', 'back-1'),
    );
    await worker.drain();
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({ status: 'queued', attempts: 1 });

    const sink = await startSmtpSink({ port });
    cleanups.push(() => sink.close());
    await retriesComeDue(t.platform.db);
    await worker.drain();
    expect(await messageRow(t.platform.db, messageId)).toMatchObject({
      status: 'sent',
      attempts: 2,
      last_error: null,
    });
    expect(arrivedFor(sink, messageId)).toHaveLength(1);
  });

  it('fails at once, without a retry, when the server rejects the recipient with 550', async () => {
    const { sink, worker } = await setup({
      onRcpt: (address) =>
        address === 'nobody@example.com'
          ? { reject: { code: 550, text: '5.1.1 No such mailbox' } }
          : 'accept',
    });
    const { messageId } = await notifyAs(
      t.platform,
      tenant,
      notice('payment.receipt', 'nobody@example.com', 'r550'),
    );
    await worker.drain();
    const row = await messageRow(t.platform.db, messageId);
    expect(row).toMatchObject({ status: 'failed', attempts: 1 });
    expect(row.last_error).toMatch(/550/);
    expect(row.last_error).toMatch(/No such mailbox/);
    await retriesComeDue(t.platform.db);
    await worker.drain();
    expect((await messageRow(t.platform.db, messageId)).attempts).toBe(1);
    expect(sink.received).toEqual([]);
    expect(sink.refused).toBe(1);
  });

  it('fails at once on a 550 after DATA, and retries a 451 after DATA', async () => {
    let greylisted = 0;
    const { sink, worker } = await setup(
      {
        onMessage: (m) =>
          m.rcptTo[0] === 'spam.trap@example.com'
            ? { reject: { code: 550, text: '5.7.1 Message rejected' } }
            : m.rcptTo[0] === 'greylist@example.com' && !greylisted++
              ? { reject: { code: 451, text: '4.7.1 Try again later' } }
              : 'accept',
      },
      { backoffBaseMs: 1000 },
    );
    const rejected = await notifyAs(
      t.platform,
      tenant,
      notice('payment.receipt', 'spam.trap@example.com', 'd550'),
    );
    const deferred = await notifyAs(
      t.platform,
      tenant,
      notice('payment.receipt', 'greylist@example.com', 'd451'),
    );
    await worker.drain();
    expect(await messageRow(t.platform.db, rejected.messageId)).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    expect((await messageRow(t.platform.db, rejected.messageId)).last_error).toMatch(
      /550 .*Message rejected/,
    );
    expect(await messageRow(t.platform.db, deferred.messageId)).toMatchObject({
      status: 'queued',
      attempts: 1,
      backoff_ms: 1000,
    });
    expect((await messageRow(t.platform.db, deferred.messageId)).last_error).toMatch(/451/);

    await retriesComeDue(t.platform.db);
    await worker.drain();
    expect(await messageRow(t.platform.db, rejected.messageId)).toMatchObject({
      status: 'failed',
      attempts: 1,
    });
    expect(await messageRow(t.platform.db, deferred.messageId)).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    expect(sink.received.map((m) => m.rcptTo[0])).toEqual(['greylist@example.com']);
  });

  it('stores one message for one idempotency key, however often notify is called', async () => {
    const { sink, worker } = await setup();
    const input = notice('payment.receipt', 'once@example.com', 'payment.recorded:42:email:once@example.com');
    const first = await notifyAs(t.platform, tenant, input);
    const again = await notifyAs(t.platform, tenant, input);
    const inOneTx = await withTenant(t.platform.db, tenant.id, async (tx) => [
      await t.platform.communications.notify(tx, input),
      await t.platform.communications.notify(tx, { ...input, data: { ...input.data, amount: 1 } }),
    ]);
    expect(first).toEqual({
      messageId: first.messageId,
      duplicate: false,
      status: 'queued',
      channel: 'email',
    });
    for (const r of [again, ...inOneTx]) expect(r).toEqual({ ...first, duplicate: true });
    const rows = await messageRows(t.platform.db, sql`idempotency_key = ${input.idempotencyKey}`);
    expect(rows.map((r) => r.id)).toEqual([first.messageId]);

    // Keys are per entity: another entity's notice with the same key is its own message.
    const elsewhere = await notifyAs(t.platform, other, input);
    expect(elsewhere.duplicate).toBe(false);
    expect(elsewhere.messageId).not.toBe(first.messageId);

    await worker.drain();
    expect(arrivedFor(sink, first.messageId)).toHaveLength(1);
    expect(sink.received.filter((m) => m.rcptTo[0] === 'once@example.com')).toHaveLength(2); // one per entity
  });

  it('stores and sends nothing for a notice whose transaction rolls back', async () => {
    const { sink, worker } = await setup();
    let queuedId: string | undefined;
    await expect(
      withTenant(t.platform.db, tenant.id, async (tx) => {
        const r = await t.platform.communications.notify(
          tx,
          notice('payment.receipt', 'rolled.back@example.com', 'rollback-1'),
        );
        queuedId = r.messageId;
        throw new Error('the payment failed after the receipt was queued');
      }),
    ).rejects.toThrow('the payment failed');
    expect(queuedId).toBeDefined(); // notify did run and return an id inside the transaction
    expect(await messageRows(t.platform.db, sql`id = ${queuedId!}`)).toEqual([]);
    expect(await messageRows(t.platform.db, sql`idempotency_key = 'rollback-1'`)).toEqual([]);
    await worker.drain();
    expect(sink.received.filter((m) => m.rcptTo[0] === 'rolled.back@example.com')).toEqual([]);

    // The same notice committed is sent: the probe is live, not merely silent.
    const committed = await notifyAs(
      t.platform,
      tenant,
      notice('payment.receipt', 'rolled.back@example.com', 'rollback-1'),
    );
    expect(committed.duplicate).toBe(false);
    await worker.drain();
    expect(arrivedFor(sink, committed.messageId)).toHaveLength(1);
  });

  it('refuses bad input with a clear problem, and the caller can still commit its other work', async () => {
    const receipt = (over: Partial<NotifyInput> & { data?: Record<string, unknown> }, key: string) => {
      const base = notice('payment.receipt', 'valid@example.com', key);
      return { ...base, ...over, data: over.data ?? base.data };
    };
    const sample = notice('payment.receipt', 'x@example.com', 'x').data;
    const { amount: _amount, ...withoutAmount } = sample;
    const bad: {
      input: NotifyInput;
      status: number;
      code: string;
      errors?: { field: string; code: string }[];
    }[] = [
      {
        input: receipt({ to: { email: 'not-an-email' } }, 'bad-email'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'to.email', code: 'invalid_email' }],
      },
      { input: receipt({ kind: 'payment.bogus' }, 'bad-kind'), status: 422, code: 'notice_kind_unknown' },
      {
        input: receipt({ language: 'fr' as 'en' }, 'bad-lang'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'language', code: 'invalid_choice' }],
      },
      {
        input: receipt({ data: withoutAmount }, 'missing-placeholder'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'data.amount', code: 'required' }],
      },
      {
        input: receipt({ data: { ...sample, coupon: 'X' } }, 'extra-placeholder'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'data.coupon', code: 'unknown_field' }],
      },
      {
        input: receipt({ data: { ...sample, amount: 12.5 } }, 'float-money'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'data.amount', code: 'invalid_type' }],
      },
      {
        input: receipt({ data: { ...sample, paidOn: '2026-02-30' } }, 'bad-date'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'data.paidOn', code: 'invalid_format' }],
      },
      {
        input: receipt({ data: { ...sample, description: { en: 'Water' } } }, 'half-localized'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'data.description.es', code: 'required' }],
      },
      {
        // PostgreSQL cannot store a NUL character: it must be refused before any SQL runs.
        input: receipt({ data: { ...sample, name: 'Ana\u0000Pérez' } }, 'nul-name'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'data.name', code: 'invalid' }],
      },
      {
        input: receipt({ to: { email: 'ana@example.com', name: 'Ana\u0000' } }, 'nul-recipient'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'to.name', code: 'invalid' }],
      },
      {
        input: receipt({}, 'key\u0000with-nul'),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'idempotencyKey', code: 'invalid' }],
      },
      {
        // Links residents are asked to follow must be web addresses.
        input: notice('utility.statement_issued', 'valid@example.com', 'js-url', {
          data: { portalUrl: 'javascript:alert(1)' },
        }),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'data.portalUrl', code: 'invalid_format' }],
      },
      { input: receipt({ channel: 'fax' as never }, 'fax'), status: 422, code: 'channel_unavailable' },
      {
        input: receipt(
          { channel: 'sms', to: { email: 'valid@example.com', phone: '555-0100' } },
          'sms-bad-phone',
        ),
        status: 400,
        code: 'validation_failed',
        errors: [{ field: 'to.phone', code: 'phone_invalid' }],
      },
    ];

    const refusals = await withTenant(t.platform.db, tenant.id, async (tx) => {
      await t.platform.communications.notify(tx, receipt({}, 'other-work-before'));
      const out: Problem[] = [];
      for (const b of bad) {
        const err = await t.platform.communications.notify(tx, b.input).catch((e: unknown) => e);
        if (!(err instanceof Problem))
          throw new Error(`${b.input.idempotencyKey}: expected a Problem, got ${err}`);
        out.push(err);
      }
      // The transaction is still usable after every refusal (on PostgreSQL a failed statement would abort it).
      await t.platform.communications.notify(tx, receipt({}, 'other-work-after'));
      return out;
    });

    refusals.forEach((p, i) => {
      const b = bad[i]!;
      const label = b.input.idempotencyKey;
      expect({ status: p.status, code: p.code }, label).toEqual({ status: b.status, code: b.code });
      if (b.errors)
        expect(
          p.extra.fieldErrors?.map(({ field, code }) => ({ field, code })),
          label,
        ).toEqual(b.errors);
      // Clear to a person in both languages: a catalog title and detail, not the generic fallback.
      for (const lang of ['en', 'es'] as const) {
        const body = problemBody(lang, p, 'req-1');
        expect(body.code, label).toBe(b.code);
        expect(body.title, label).not.toMatch(/internal|interno|^errors:/i);
        expect(body.detail, label).not.toMatch(/\{|^errors:/);
        for (const e of body.errors ?? []) expect(e.message, label).not.toMatch(/^errors:/);
      }
    });
    const stored = await withTenant(t.platform.db, tenant.id, (tx) =>
      queryRows<{ idempotency_key: string; status: string }>(
        tx,
        sql`SELECT idempotency_key, status FROM messages WHERE recipient = 'valid@example.com' ORDER BY idempotency_key`,
      ),
    );
    expect(stored).toEqual([
      { idempotency_key: 'other-work-after', status: 'queued' },
      { idempotency_key: 'other-work-before', status: 'queued' },
    ]);
  });
});
