import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { type Session, type TestApp } from '../../support/app.js';
import { staffSuite } from '../../support/staff-suite.js';

/**
 * Two monthly cycles for five hand-worked accounts, on the rates below, checked to the cent.
 *
 * Residential, effective 2026-01-01:
 *   water  own meter: base $12.50; 0–2,000 gal at $0.00425; 2,001–10,000 at $0.0051; over at $0.0068
 *   sewer  on water use, capped at 8,000 gal: base $9.00; $0.0045/gal; minimum $15.00
 *   trash  flat: trash $22.50 + storm drainage $4.75
 */
const HOST = 'billing.city.test';
const OTHER = 'other-billing.city.test';

type Statement = {
  id: string;
  number: string | null;
  accountId: string;
  accountNumber: string;
  status: string;
  previousBalanceCents: number;
  paymentsCents: number;
  adjustmentsCents: number;
  currentChargesCents: number;
  totalDueCents: number;
  balanceCents: number | null;
  estimated: boolean;
  issues: { code: string }[];
  lines: {
    service: string;
    kind: string;
    quantity: number | null;
    rate: string | null;
    amountCents: number;
  }[];
  meters: {
    consumption: number;
    rollover: boolean;
    estimated: boolean;
    priorRead: number;
    currentRead: number;
  }[];
};

describe('utility billing run', () => {
  const suite = staffSuite({
    city: { slug: 'billing', host: HOST },
    other: { slug: 'otherbilling', host: OTHER },
  });
  let t: TestApp;
  let tenant: Tenant;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;
  let otherAdmin: Session;
  const acct: Record<'a' | 'b' | 'c' | 'd' | 'e', string> = { a: '', b: '', c: '', d: '', e: '' };
  const meters: Record<string, string> = {};
  let cycle1: string;
  let cycle2: string;

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    opts: { lang?: string; host?: string } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(s && { cookie: s.cookie, 'x-csrf-token': s.csrf }),
        ...(method === 'POST' &&
          url.startsWith('/api/v1/payments') && { 'idempotency-key': crypto.randomUUID() }),
      },
      ...(payload && { payload }),
    });
  const ok = async (res: Awaited<ReturnType<typeof call>>, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const statementsOf = async (cycleId: string): Promise<Map<string, Statement>> => {
    const list = await ok(
      await call(viewer, 'GET', `/api/v1/utilities/statements?cycleId=${cycleId}&limit=200`),
    );
    const out = new Map<string, Statement>();
    for (const s of list.items as Statement[]) {
      out.set(s.accountId, await ok(await call(viewer, 'GET', `/api/v1/utilities/statements/${s.id}`)));
    }
    return out;
  };
  const openAccount = async (name: string, accountType: string, over: object = {}) =>
    (
      await ok(
        await call(clerk, 'POST', '/api/v1/utilities/accounts', {
          customerName: name,
          email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
          phone: '(956) 555-0142',
          address: { street: '412 Calle Sol', city: 'Esperanza', state: 'TX', zip: '78501' },
          language: 'es',
          accountType,
          ...over,
        }),
        201,
      )
    ).id as string;
  const meterOn = async (
    key: string,
    accountId: string,
    dials: number,
    multiplier: number,
    initial: number,
    on: string,
  ) => {
    const m = await ok(
      await call(clerk, 'POST', '/api/v1/utilities/meters', {
        serial: `WM-${key}`,
        service: 'water',
        unit: 'gal',
        dials,
        multiplier,
      }),
      201,
    );
    await ok(
      await call(clerk, 'POST', `/api/v1/utilities/meters/${m.id}/install`, {
        accountId,
        installedOn: on,
        initialRead: initial,
      }),
    );
    meters[key] = m.id;
  };
  const read = async (key: string, readOn: string, value: number) =>
    ok(await call(clerk, 'POST', '/api/v1/utilities/reads', { meterId: meters[key], readOn, value }), 201);
  const cycleBody = (month: '10' | '11', last: string, name: string) => ({
    name,
    periodStart: `2026-${month}-01`,
    periodEnd: `2026-${month}-${last}`,
    readFrom: `2026-${month}-01`,
    readTo: `2026-${month}-${last}`,
    billDate: `2026-${month}-${last}`,
    dueDate: month === '10' ? '2026-11-20' : '2026-12-20',
    penaltyDate: month === '10' ? '2026-11-25' : '2026-12-25',
  });
  const pay = (accountId: string, amountCents: number, method: 'check' | 'cash' = 'cash') =>
    call(clerk, 'POST', '/api/v1/payments/payments', {
      method,
      ...(method === 'check' && { checkNumber: '1001' }),
      amountCents,
      source: { module: 'utilities', id: accountId },
    });

  beforeAll(async () => {
    ({ t, tenant, admin, clerk, viewer, otherAdmin } = suite);
    for (const [code, en, es] of [
      ['residential', 'Residential', 'Residencial'],
      ['commercial', 'Commercial', 'Comercial'],
    ]) {
      await ok(await call(admin, 'PUT', '/api/v1/utilities/account-types', { code, name: { en, es } }));
    }
    const schedule = (body: object) =>
      call(admin, 'POST', '/api/v1/utilities/rate-schedules', {
        accountType: 'residential',
        effectiveFrom: '2026-01-01',
        minimumChargeCents: null,
        flatServices: [],
        ...body,
      });
    await ok(
      await schedule({
        service: 'water',
        baseChargeCents: 1250,
        tiers: [
          { upTo: 2000, rate: '0.00425' },
          { upTo: 10000, rate: '0.0051' },
          { upTo: null, rate: '0.0068' },
        ],
        usage: 'own_meter',
      }),
    );
    await ok(
      await schedule({
        service: 'sewer',
        baseChargeCents: 900,
        tiers: [{ upTo: null, rate: '0.0045' }],
        minimumChargeCents: 1500,
        usage: 'water_use',
        sewerCapUnits: 8000,
      }),
    );
    await ok(
      await schedule({
        service: 'trash',
        baseChargeCents: 0,
        tiers: [],
        usage: 'none',
        flatServices: [
          { name: { en: 'Trash', es: 'Basura' }, amountCents: 2250 },
          { name: { en: 'Storm drainage', es: 'Drenaje pluvial' }, amountCents: 475 },
        ],
      }),
    );

    acct.a = await openAccount('Ana Peña', 'residential');
    acct.b = await openAccount('Beto Treviño', 'residential', { language: 'en' });
    acct.c = await openAccount('Carla Ibáñez', 'residential');
    acct.d = await openAccount('Dora Hardware LLC', 'commercial');
    acct.e = await openAccount('Eva Garza', 'residential');
    // A: 4 dials × 10 — rolls over from 9,800 to 0,150.
    await meterOn('A', acct.a, 4, 10, 9800, '2026-09-30');
    await read('A', '2026-10-31', 150);
    // B: tiny use, so sewer's minimum applies.
    await meterOn('B', acct.b, 6, 1, 1000, '2026-09-30');
    await read('B', '2026-10-31', 1100);
    // C: a steady 400 gal/day history, no October read (estimated), sewer capped.
    await meterOn('C', acct.c, 6, 1, 0, '2026-06-30');
    await read('C', '2026-07-31', 12400);
    await read('C', '2026-08-31', 24800);
    await read('C', '2026-09-30', 36800);
    // D: commercial, no rate schedule at all. E: no read in October yet.
    await meterOn('D', acct.d, 6, 1, 0, '2026-09-30');
    await read('D', '2026-10-31', 5000);
    await meterOn('E', acct.e, 6, 1, 500, '2026-09-30');
  });

  it('refuses bad cycle dates with localized field errors and creates nothing', async () => {
    const bad = await call(
      clerk,
      'POST',
      '/api/v1/utilities/cycles',
      {
        ...cycleBody('10', '31', 'Bad'),
        dueDate: '2026-10-01',
      },
      { lang: 'es' },
    );
    expect(bad.statusCode).toBe(400);
    const errors = bad.json().errors as { field: string; code: string; message: string }[];
    expect(errors.map((e) => e.field)).toContain('dueDate');
    expect(errors[0]!.message).toMatch(/fecha/);
    expect(
      (await call(viewer, 'POST', '/api/v1/utilities/cycles', cycleBody('10', '31', 'x'))).statusCode,
    ).toBe(403);
    expect((await ok(await call(viewer, 'GET', '/api/v1/utilities/cycles'))).items).toHaveLength(0);
  });

  it('calculates drafts with exceptions, which block issuing until resolved or excluded', async () => {
    cycle1 = (
      await ok(
        await call(
          clerk,
          'POST',
          '/api/v1/utilities/cycles',
          cycleBody('10', '31', 'Cycle 1 — October 2026'),
        ),
        201,
      )
    ).id;
    expect((await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle1}/issue`)).json().code).toBe(
      'cycle_not_calculated',
    );
    const calc = await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle1}/calculate`));
    expect(calc.counts).toMatchObject({ drafts: 5, withIssues: 3, issued: 0 });
    const drafts = await statementsOf(cycle1);
    expect(drafts.get(acct.c)!.issues.map((i) => i.code)).toEqual(['missing_read']);
    expect(drafts.get(acct.d)!.issues.map((i) => i.code)).toContain('no_rate');
    expect(drafts.get(acct.e)!.issues.map((i) => i.code)).toEqual(['missing_read']);

    const blocked = await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle1}/issue`, undefined, {
      lang: 'es',
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json()).toMatchObject({ code: 'cycle_has_unresolved_issues' });
    expect(blocked.json().detail).toMatch(/3 estados de cuenta/);

    // Resolve: estimate C's missing read, read E's meter, leave D (no rates) out of this run.
    await ok(
      await call(clerk, 'POST', '/api/v1/utilities/reads/missing', {
        from: '2026-10-01',
        to: '2026-10-31',
        estimate: true,
      }),
    );
    await read('E', '2026-10-31', 1500);
    await ok(await call(clerk, 'POST', `/api/v1/utilities/statements/${drafts.get(acct.d)!.id}/exclude`));
    const again = await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle1}/calculate`));
    expect(again.counts).toMatchObject({ drafts: 4, withIssues: 0, excluded: 1 });
  });

  it('rates tiers, rollover with multiplier, the sewer minimum and cap, and an estimate, to the cent', async () => {
    const s = await statementsOf(cycle1);
    const a = s.get(acct.a)!;
    expect(a.meters[0]).toMatchObject({
      priorRead: 9800,
      currentRead: 150,
      consumption: 3500,
      rollover: true,
    });
    expect(a.lines.map((l) => [l.service, l.kind, l.quantity, l.amountCents])).toEqual([
      ['water', 'base', null, 1250],
      ['water', 'tier', 2000, 850],
      ['water', 'tier', 1500, 765],
      ['sewer', 'base', null, 900],
      ['sewer', 'tier', 3500, 1575],
      ['trash', 'flat', null, 2250],
      ['trash', 'flat', null, 475],
    ]);
    expect(a.currentChargesCents).toBe(8065);
    const b = s.get(acct.b)!;
    // 100 gal × $0.00425 = 42.5¢ → 43¢ (half up); sewer 45¢ + $9.00 is under the $15.00 minimum.
    expect(b.lines.map((l) => [l.kind, l.amountCents])).toEqual([
      ['base', 1250],
      ['tier', 43],
      ['base', 900],
      ['tier', 45],
      ['minimum', 555],
      ['flat', 2250],
      ['flat', 475],
    ]);
    expect(b.currentChargesCents).toBe(5518);
    const c = s.get(acct.c)!;
    // 400 gal/day × 31 days = 12,400 gal estimated; sewer billed on the 8,000-gal cap.
    expect(c.estimated).toBe(true);
    expect(c.meters[0]).toMatchObject({ consumption: 12400, estimated: true });
    expect(c.lines.filter((l) => l.service === 'water').map((l) => l.amountCents)).toEqual([
      1250, 850, 4080, 1632,
    ]);
    expect(c.lines.filter((l) => l.service === 'sewer').map((l) => [l.quantity, l.amountCents])).toEqual([
      [null, 900],
      [8000, 3600],
    ]);
    expect(c.currentChargesCents).toBe(15037);
    expect(s.get(acct.e)!.currentChargesCents).toBe(5900);
    // First statement on CiVQ: nothing carried over.
    expect(a).toMatchObject({
      previousBalanceCents: 0,
      paymentsCents: 0,
      adjustmentsCents: 0,
      totalDueCents: 8065,
    });
  });

  it('issues once: numbered statements, one ledger charge each, notices in the customer language', async () => {
    const issued = await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle1}/issue`));
    expect(issued).toMatchObject({ status: 'issued', counts: { issued: 4, drafts: 0, excluded: 1 } });
    const again = await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle1}/issue`));
    expect(again.counts.issued).toBe(4);
    expect((await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle1}/calculate`)).statusCode).toBe(409);
    const s = await statementsOf(cycle1);
    const numbers = [...s.values()]
      .filter((x) => x.number)
      .map((x) => x.number!)
      .sort();
    expect(numbers).toEqual(['S1-000001', 'S1-000002', 'S1-000003', 'S1-000004']);
    expect(s.get(acct.d)!.status).toBe('excluded');
    const account = await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.a}`));
    expect(account.balanceCents).toBe(8065);
    const ledger = await withTenant(t.platform.db, tenant.id, (tx) =>
      queryRows<{ n: number; total: number }>(
        tx,
        sql`SELECT count(*)::int AS n, sum(amount_cents)::int AS total FROM charges WHERE source_module = 'utilities'`,
      ),
    );
    expect(ledger[0]).toEqual({ n: 4, total: 8065 + 5518 + 15037 + 5900 });

    await t.dispatcher.drain();
    await t.dispatcher.drain();
    const notices = await withTenant(t.platform.db, tenant.id, (tx) =>
      queryRows<{ recipient: string; language: string; subject: string }>(
        tx,
        sql`SELECT recipient, language, subject FROM messages WHERE kind = 'utility.statement_issued' ORDER BY recipient`,
      ),
    );
    expect(notices.map((n) => [n.recipient, n.language])).toEqual([
      ['ana@example.com', 'es'],
      ['beto@example.com', 'en'],
      ['carla@example.com', 'es'],
      ['eva@example.com', 'es'],
    ]);
  });

  it('carries the previous balance, payments and credit into the next statement', async () => {
    await ok(await pay(acct.a, 5000, 'check'), 201);
    await ok(await pay(acct.b, 6000), 201);
    await ok(await pay(acct.c, 15037), 201);
    const first = await statementsOf(cycle1);
    expect(first.get(acct.a)!).toMatchObject({ status: 'partially_paid', balanceCents: 3065 });
    expect(first.get(acct.b)!.status).toBe('paid');
    expect(first.get(acct.c)!.status).toBe('paid');
    expect(first.get(acct.e)!.status).toBe('issued');

    await read('A', '2026-11-30', 450);
    await read('B', '2026-11-30', 1300);
    await read('C', '2026-11-30', 49200 + 7000);
    await read('E', '2026-11-30', 2500);
    cycle2 = (
      await ok(
        await call(
          clerk,
          'POST',
          '/api/v1/utilities/cycles',
          cycleBody('11', '30', 'Cycle 1 — November 2026'),
        ),
        201,
      )
    ).id;
    const calc2 = await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle2}/calculate`));
    expect(calc2.counts).toMatchObject({
      drafts: 5,
      withIssues: 2, // D still has no rates; B doubled its use (100 → 200 gal): high, for review
    });
    let drafts = await statementsOf(cycle2);
    expect(drafts.get(acct.b)!.issues).toMatchObject([{ code: 'open_exception', kind: 'high' }]);
    const open = await ok(await call(clerk, 'GET', '/api/v1/utilities/exceptions?status=open'));
    const high = open.items.find((e: { kind: string }) => e.kind === 'high');
    await ok(
      await call(clerk, 'POST', `/api/v1/utilities/exceptions/${high.id}/resolve`, { action: 'accept' }),
    );
    expect(
      (await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle2}/calculate`))).counts,
    ).toMatchObject({
      withIssues: 1,
    });
    drafts = await statementsOf(cycle2);
    expect(drafts.get(acct.b)!.issues).toEqual([]);
    const d = drafts.get(acct.d)!;
    await ok(await call(clerk, 'POST', `/api/v1/utilities/statements/${d.id}/exclude`));
    await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle2}/issue`));
    const s = await statementsOf(cycle2);
    expect(s.get(acct.a)!).toMatchObject({
      previousBalanceCents: 8065,
      paymentsCents: 5000,
      adjustmentsCents: 0,
      currentChargesCents: 7585,
      totalDueCents: 3065 + 7585,
      status: 'issued',
    });
    // B overpaid by $4.82: the credit pays part of the new charge at once.
    expect(s.get(acct.b)!).toMatchObject({
      previousBalanceCents: 5518,
      paymentsCents: 6000,
      currentChargesCents: 5560,
      totalDueCents: 5560 - 482,
      balanceCents: 5560 - 482,
      status: 'partially_paid',
    });
    expect(s.get(acct.c)!).toMatchObject({
      previousBalanceCents: 15037,
      paymentsCents: 15037,
      currentChargesCents: 11425,
      totalDueCents: 11425,
    });
    // Numbered in account-number order, continuing nothing from cycle 1.
    const ordered = [...s.values()]
      .filter((x) => x.number)
      .sort((x, y) => x.accountNumber.localeCompare(y.accountNumber));
    expect(ordered.map((x) => x.number)).toEqual(['S2-000001', 'S2-000002', 'S2-000003', 'S2-000004']);
  });

  it('lets only an administrator void a statement, which voids its ledger charge', async () => {
    const a2 = (await statementsOf(cycle2)).get(acct.a)!;
    expect(
      (await call(clerk, 'POST', `/api/v1/utilities/statements/${a2.id}/void`, { reason: 'Misread' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call(admin, 'POST', `/api/v1/utilities/statements/${a2.id}/void`, { reason: '' })).statusCode,
    ).toBe(400);
    const voided = await ok(
      await call(admin, 'POST', `/api/v1/utilities/statements/${a2.id}/void`, { reason: 'Misread' }),
    );
    expect(voided).toMatchObject({ status: 'void', voidReason: 'Misread' });
    expect(
      (await call(admin, 'POST', `/api/v1/utilities/statements/${a2.id}/void`, { reason: 'again' })).json()
        .code,
    ).toBe('statement_already_void');
    const account = await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.a}`));
    expect(account.balanceCents).toBe(3065);
    // A statement with a payment on it cannot be voided until the money is refunded.
    const c1 = (await statementsOf(cycle1)).get(acct.c)!;
    expect(
      (await call(admin, 'POST', `/api/v1/utilities/statements/${c1.id}/void`, { reason: 'x' })).json().code,
    ).toBe('charge_has_payments');
  });

  it('filters statements by status and keeps other tenants out', async () => {
    const paid = await ok(await call(viewer, 'GET', `/api/v1/utilities/statements?status=paid`));
    expect(paid.items.map((s: Statement) => s.accountId).sort()).toEqual([acct.b, acct.c].sort());
    const voided = await ok(await call(viewer, 'GET', `/api/v1/utilities/statements?status=void`));
    expect(voided.total).toBe(1);
    const any = (await statementsOf(cycle1)).get(acct.a)!;
    expect(
      (await call(otherAdmin, 'GET', `/api/v1/utilities/statements/${any.id}`, undefined, { host: OTHER }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call(otherAdmin, 'POST', `/api/v1/utilities/cycles/${cycle1}/issue`, undefined, { host: OTHER }))
        .statusCode,
    ).toBe(404);
    expect(
      (await ok(await call(otherAdmin, 'GET', '/api/v1/utilities/statements', undefined, { host: OTHER })))
        .total,
    ).toBe(0);
    expect((await call(null, 'GET', '/api/v1/utilities/statements')).statusCode).toBe(401);
  });

  it('proposes next month’s cycle from the monthly schedule', async () => {
    const next = await ok(await call(viewer, 'GET', `/api/v1/utilities/cycles/${cycle2}/next`));
    expect(next).toMatchObject({
      name: 'Cycle 1 — December 2026',
      periodStart: '2026-12-01',
      periodEnd: '2026-12-31',
      dueDate: '2027-01-20',
    });
  });
});
