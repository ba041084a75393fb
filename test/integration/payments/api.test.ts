import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { type Session, type TestApp } from '../../support/app.js';
import { staffSuite } from '../../support/staff-suite.js';

const HOST = 'pay.city.test';
const OTHER = 'other.city.test';

describe('payments API', () => {
  const suite = staffSuite({
    city: { slug: 'paycity', host: HOST, domain: 'pay.test' },
    other: { slug: 'othercity', host: OTHER, domain: 'other.test' },
  });
  let t: TestApp;
  let tenant: Tenant;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;
  let otherAdmin: Session;

  const call = (
    s: Session | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    opts: { key?: string | null; lang?: string; host?: string } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(s && { cookie: s.cookie, 'x-csrf-token': s.csrf }),
        ...(method === 'POST' && opts.key !== null && { 'idempotency-key': opts.key ?? crypto.randomUUID() }),
      },
      ...(payload && { payload }),
    });

  const party = { name: 'María Peña', email: 'maria@example.com', language: 'es' as const };
  const newCharge = async (amountCents: number, extra: object = {}) => {
    const res = await call(clerk, 'POST', '/api/v1/payments/charges', {
      kind: 'permit_fee',
      description: { en: 'Fence permit', es: 'Permiso de cerca' },
      amountCents,
      party,
      ...extra,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; referenceCode: string; balanceCents: number; status: string };
  };
  const pay = (s: Session, body: object, opts: { key?: string | null; lang?: string } = {}) =>
    call(s, 'POST', '/api/v1/payments/payments', { method: 'check', checkNumber: '1001', ...body }, opts);
  const counts = () =>
    withTenant(t.platform.db, tenant.id, async (tx) => {
      const [row] = await queryRows<{
        payments: number;
        allocations: number;
        refunds: number;
        charges: number;
      }>(
        tx,
        sql`SELECT (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM allocations)::int AS allocations,
                   (SELECT count(*) FROM refunds)::int AS refunds, (SELECT count(*) FROM charges)::int AS charges`,
      );
      return row!;
    });

  beforeAll(async () => {
    ({ t, tenant, admin, clerk, viewer, otherAdmin } = suite);
  });

  it('records a check payment against a reference code, with receipt, event and Spanish receipt notice', async () => {
    const charge = await newCharge(12_345);
    expect(charge.referenceCode).toMatch(/^C-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const typed = charge.referenceCode.toLowerCase().replace(/-/g, ' ');
    const res = await pay(clerk, { referenceCode: typed, amountCents: 12_345, receivedOn: '2026-11-20' });
    expect(res.statusCode, res.body).toBe(201);
    const payment = res.json();
    expect(payment.receiptNumber).toBe('R-2026-000001');
    expect(payment.payer).toEqual({ name: 'María Peña', email: 'maria@example.com', language: 'es' });
    expect(payment.allocations).toEqual([
      expect.objectContaining({ chargeId: charge.id, amountCents: 12_345 }),
    ]);
    const after = await call(viewer, 'GET', `/api/v1/payments/charges/${charge.id}`);
    expect(after.json()).toMatchObject({ status: 'paid', balanceCents: 0, allocatedCents: 12_345 });

    const messages = await call(admin, 'GET', '/api/v1/communications/messages?kind=payment.receipt');
    const receipt = messages
      .json()
      .items.find((m: { subject: string }) => m.subject.includes('R-2026-000001'));
    expect(receipt).toMatchObject({ language: 'es', status: 'queued' });
    expect(receipt.subject).toContain('Recibo de pago');

    await t.dispatcher.drain();
    const audit = await call(admin, 'GET', '/api/v1/audit?limit=50');
    expect(audit.json().items.map((i: { action: string }) => i.action)).toContain(
      'payments.payment.recorded',
    );
  });

  it('replays the same Idempotency-Key and refuses it with a different body', async () => {
    const charge = await newCharge(5_000);
    const key = crypto.randomUUID();
    const body = { referenceCode: charge.referenceCode, amountCents: 2_000 };
    const first = await pay(clerk, body, { key });
    const again = await pay(clerk, body, { key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    const before = await counts();
    const different = await pay(clerk, { ...body, amountCents: 2_500 }, { key, lang: 'es' });
    expect(different.statusCode).toBe(422);
    expect(different.json().code).toBe('idempotency_key_reused');
    expect(different.json().title).toMatch(/ya se usó/);
    const missing = await pay(clerk, body, { key: null });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('idempotency_key_required');
    expect(await counts()).toEqual(before);
    const c = await call(viewer, 'GET', `/api/v1/payments/charges/${charge.id}`);
    expect(c.json()).toMatchObject({ status: 'partially_paid', balanceCents: 3_000 });
  });

  it('refuses bad amounts, bad codes and over-allocation with localized errors, changing nothing', async () => {
    const charge = await newCharge(1_000);
    const before = await counts();
    const cases: [object, number, string][] = [
      [{ referenceCode: charge.referenceCode, amountCents: -5 }, 400, 'validation_failed'],
      [{ referenceCode: charge.referenceCode, amountCents: 0 }, 400, 'validation_failed'],
      [{ referenceCode: charge.referenceCode, amountCents: 10.5 }, 400, 'validation_failed'],
      [{ referenceCode: charge.referenceCode, amountCents: 1_001 }, 422, 'allocation_exceeds_balance'],
      [{ referenceCode: 'C-0000-0001', amountCents: 100 }, 400, 'validation_failed'],
      [{ amountCents: 100 }, 400, 'validation_failed'],
      [
        { referenceCode: charge.referenceCode, amountCents: 100, checkNumber: null },
        400,
        'validation_failed',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await pay(clerk, body, { lang: 'es' });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().code).toBe(code);
    }
    const over = await pay(
      clerk,
      { referenceCode: charge.referenceCode, amountCents: 1_001 },
      { lang: 'es' },
    );
    expect(over.json().detail).toContain('10.00');
    expect(over.json().detail).toMatch(/Ingrese ese monto/);
    const badCode = await pay(clerk, { referenceCode: 'C-0000-0001', amountCents: 100 });
    expect(badCode.json().errors[0]).toMatchObject({
      field: 'referenceCode',
      code: 'reference_code_invalid',
    });
    expect(await counts()).toEqual(before);
  });

  it('refuses payment on a void charge, and voids only unpaid charges (admin only)', async () => {
    const charge = await newCharge(700);
    expect(
      (await call(clerk, 'POST', `/api/v1/payments/charges/${charge.id}/void`, { reason: 'x' })).statusCode,
    ).toBe(403);
    const voided = await call(admin, 'POST', `/api/v1/payments/charges/${charge.id}/void`, {
      reason: 'Entered twice',
    });
    expect(voided.statusCode).toBe(200);
    expect(voided.json()).toMatchObject({ status: 'void', balanceCents: 0, voidReason: 'Entered twice' });
    const res = await pay(clerk, { referenceCode: charge.referenceCode, amountCents: 700 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('charge_is_void');
    const again = await call(admin, 'POST', `/api/v1/payments/charges/${charge.id}/void`, {
      reason: 'again',
    });
    expect(again.statusCode).toBe(409);

    const paid = await newCharge(900);
    await pay(clerk, { referenceCode: paid.referenceCode, amountCents: 100 });
    const refused = await call(admin, 'POST', `/api/v1/payments/charges/${paid.id}/void`, { reason: 'no' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('charge_has_payments');
  });

  it('spreads a source payment oldest-first, keeps the overpayment as credit, and applies it to the next charge', async () => {
    const source = { module: 'utilities', id: 'acct-42' };
    const older = await newCharge(3_000, { source, dueDate: '2026-10-15', kind: 'utility' });
    const newer = await newCharge(2_000, { source, dueDate: '2026-11-15', kind: 'utility' });
    const res = await pay(clerk, { source, amountCents: 6_000, method: 'cash', checkNumber: null });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().unappliedCents).toBe(1_000);
    expect(res.json().allocations.map((a: { chargeId: string }) => a.chargeId)).toEqual([older.id, newer.id]);
    const next = await newCharge(2_500, { source, dueDate: '2026-12-15', kind: 'utility' });
    expect(next).toMatchObject({ status: 'partially_paid', balanceCents: 1_500 });
    const unknown = await pay(clerk, { source: { module: 'utilities', id: 'nope' }, amountCents: 100 });
    expect(unknown.statusCode).toBe(404);
  });

  it('refunds a paid line (admin only) up to what was paid, and sends the refund notice', async () => {
    const charge = await newCharge(4_000);
    const payment = (await pay(clerk, { referenceCode: charge.referenceCode, amountCents: 4_000 })).json();
    const url = `/api/v1/payments/payments/${payment.id}/refunds`;
    expect(
      (await call(clerk, 'POST', url, { amountCents: 100, reason: 'x', chargeId: charge.id })).statusCode,
    ).toBe(403);
    const tooMuch = await call(admin, 'POST', url, {
      amountCents: 4_001,
      reason: 'Too much',
      chargeId: charge.id,
    });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().code).toBe('refund_exceeds_paid');
    const noCredit = await call(admin, 'POST', url, { amountCents: 1, reason: 'credit' });
    expect(noCredit.statusCode).toBe(422);
    const partial = await call(admin, 'POST', url, {
      amountCents: 1_500,
      reason: 'Permit withdrawn',
      chargeId: charge.id,
    });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.json().refunds[0]).toMatchObject({ amountCents: 1_500, refundNumber: 'RF-2026-000001' });
    const rest = await call(admin, 'POST', url, {
      amountCents: 2_500,
      reason: 'Permit withdrawn',
      chargeId: charge.id,
    });
    expect(rest.statusCode).toBe(201);
    const c = (await call(viewer, 'GET', `/api/v1/payments/charges/${charge.id}`)).json();
    expect(c).toMatchObject({ status: 'refunded', balanceCents: 0, refundedCents: 4_000 });
    const notices = (await call(admin, 'GET', '/api/v1/communications/messages?kind=payment.refund')).json();
    expect(notices.items.length).toBe(2);
    expect(notices.items[0].language).toBe('es');
  });

  it('reverses a returned check (admin only), reopens the charge and adds a returned-check fee', async () => {
    const charge = await newCharge(8_000);
    const payment = (await pay(clerk, { referenceCode: charge.referenceCode, amountCents: 8_000 })).json();
    const url = `/api/v1/payments/payments/${payment.id}/reverse`;
    expect((await call(clerk, 'POST', url, { reason: 'NSF' })).statusCode).toBe(403);
    const res = await call(admin, 'POST', url, { reason: 'NSF', returnedCheckFeeCents: 3_000 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('reversed');
    const c = (await call(viewer, 'GET', `/api/v1/payments/charges/${charge.id}`)).json();
    expect(c).toMatchObject({ status: 'pending', balanceCents: 8_000 });
    const fees = (await call(viewer, 'GET', '/api/v1/payments/charges?kind=returned_check_fee')).json();
    expect(
      fees.items.some((f: { amountCents: number; party: { name: string } }) => f.amountCents === 3_000),
    ).toBe(true);
    const twice = await call(admin, 'POST', url, { reason: 'NSF' });
    expect(twice.statusCode).toBe(409);
    const refund = await call(admin, 'POST', `/api/v1/payments/payments/${payment.id}/refunds`, {
      amountCents: 100,
      reason: 'x',
      chargeId: charge.id,
    });
    expect(refund.statusCode).toBe(409);
    const cash = (
      await pay(clerk, {
        referenceCode: charge.referenceCode,
        amountCents: 100,
        method: 'cash',
        checkNumber: null,
      })
    ).json();
    const cashReverse = await call(admin, 'POST', `/api/v1/payments/payments/${cash.id}/reverse`, {
      reason: 'x',
    });
    expect(cashReverse.statusCode).toBe(422);
  });

  it('answers KPIs, filters, search, deposit report and PDFs; denies the signed-out, other roles and other tenants', async () => {
    const summary = await call(viewer, 'GET', '/api/v1/payments/summary?from=2026-01-01&to=2026-12-31');
    expect(summary.statusCode).toBe(200);
    const s = summary.json();
    expect(s.netCents).toBe(s.collectedCents - s.refundsCents);
    expect(s.refundsCents).toBe(4_000);
    const bad = await call(viewer, 'GET', '/api/v1/payments/summary?from=2026-12-31&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    const paid = (await call(viewer, 'GET', '/api/v1/payments/charges?status=paid')).json();
    expect(paid.items.length).toBeGreaterThan(0);
    expect(paid.items.every((c: { status: string }) => c.status === 'paid')).toBe(true);
    const search = (
      await call(viewer, 'GET', `/api/v1/payments/charges?q=${encodeURIComponent('peña')}`)
    ).json();
    expect(search.total).toBeGreaterThan(0);
    const oneCode = paid.items[0].referenceCode as string;
    const byCode = (
      await call(viewer, 'GET', `/api/v1/payments/charges?q=${oneCode.replace(/-/g, '')}`)
    ).json();
    expect(byCode.items.map((c: { referenceCode: string }) => c.referenceCode)).toEqual([oneCode]);

    const date = new Date().toISOString().slice(0, 10);
    const deposit = (await call(viewer, 'GET', `/api/v1/payments/deposit-report?date=${date}`)).json();
    expect(deposit.totalCents).toBe(deposit.checksCents + deposit.cashCents);
    expect(deposit.clerks[0].clerk).toBe('clerk');
    const pdf = await call(viewer, 'GET', `/api/v1/payments/deposit-report.pdf?date=${date}&lang=es`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const payments = (await call(viewer, 'GET', '/api/v1/payments/payments?q=R-2026-000001')).json();
    const receipt = await call(
      viewer,
      'GET',
      `/api/v1/payments/payments/${payments.items[0].id}/receipt.pdf`,
    );
    expect(receipt.statusCode).toBe(200);
    expect(receipt.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    expect((await call(null, 'GET', '/api/v1/payments/charges')).statusCode).toBe(401);
    expect((await pay(viewer, { referenceCode: oneCode, amountCents: 1 })).statusCode).toBe(403);
    const cross = await call(otherAdmin, 'GET', `/api/v1/payments/charges/${paid.items[0].id}`, undefined, {
      host: OTHER,
    });
    expect(cross.statusCode).toBe(404);
    const crossPay = await call(
      otherAdmin,
      'POST',
      '/api/v1/payments/payments',
      {
        method: 'cash',
        referenceCode: oneCode,
        amountCents: 1,
      },
      { host: OTHER },
    );
    expect(crossPay.statusCode).toBe(404);
    const stolen = await call(admin, 'GET', '/api/v1/payments/charges', undefined, { host: OTHER });
    expect(stolen.statusCode).toBe(401);
  });
});
