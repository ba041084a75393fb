import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../../src/db/tenant-context.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { addMonths } from '../../../src/modules/utilities/index.js';
import { type Session, type TestApp } from '../../support/app.js';
import { accountTypeFactory } from '../../support/factories.js';
import { staffSuite } from '../../support/staff-suite.js';

/**
 * The Utility Billing home's figures against sums worked by hand, after a real run (define,
 * calculate, issue) and real payments — one of them backdated, one outside the twelve months,
 * one a returned check, one an overpayment — and a voided statement.
 *
 * Rates (residential water, own meter): base $10.00 + $0.005/gal. Last month's use:
 *   A 2,000 gal → $20.00   B 3,000 gal → $25.00   C 1,000 gal → $15.00   D 2,000 gal → $20.00 (voided)
 */
const HOST = 'dash.city.test';
const OTHER = 'other-dash.city.test';

const today = new Date().toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
const monthStart = (back: number) => addMonths(`${thisMonth}-01`, -back);
const lastMonthEnd = new Date(Date.parse(`${thisMonth}-01T00:00:00Z`) - 86_400_000)
  .toISOString()
  .slice(0, 10);
const daysFromToday = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Dashboard = {
  asOf: string;
  collectedCents: number;
  billedCents: number;
  outstandingCents: number;
  owedCents: number;
  creditCents: number;
  accounts: { total: number; active: number; owing: number };
  delinquent: { total: number; pastDue: number; shutoffWarned: number };
  months: { month: string; billedCents: number; collectedCents: number }[];
  largestBalances: { accountId: string; accountNumberDisplay: string; balanceCents: number }[];
};

describe('utility billing dashboard', () => {
  const suite = staffSuite({ city: { slug: 'dash', host: HOST }, other: { slug: 'otherdash', host: OTHER } });
  let t: TestApp;
  let tenant: Tenant;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;
  let otherAdmin: Session;
  const acct: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  const meterOf: Record<string, string> = {};

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    host = HOST,
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host,
        'accept-language': 'en',
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
  const dashboard = async (s: Session = viewer): Promise<Dashboard> =>
    ok(await call(s, 'GET', '/api/v1/utilities/dashboard'));
  const pay = (accountId: string, amountCents: number, receivedOn = today, method = 'cash') =>
    call(clerk, 'POST', '/api/v1/payments/payments', {
      method,
      ...(method === 'check' && { checkNumber: '2044' }),
      amountCents,
      receivedOn,
      source: { module: 'utilities', id: accountId },
    });
  const month = (d: Dashboard, back: number) =>
    d.months.find((m) => m.month === monthStart(back).slice(0, 7))!;

  beforeAll(async () => {
    ({ t, tenant, admin, clerk, viewer, otherAdmin } = suite);

    await accountTypeFactory({ platform: t.platform, tenant }, 'residential', {
      en: 'Residential',
      es: 'Residencial',
    });
    await ok(
      await call(admin, 'POST', '/api/v1/utilities/rate-schedules', {
        accountType: 'residential',
        service: 'water',
        effectiveFrom: '2020-01-01',
        baseChargeCents: 1000,
        tiers: [{ upTo: null, rate: '0.005' }],
        minimumChargeCents: null,
        flatServices: [],
        usage: 'own_meter',
      }),
    );
    const uses = { a: 2000, b: 3000, c: 1000, d: 2000 };
    for (const [key, use] of Object.entries(uses) as [keyof typeof acct, number][]) {
      acct[key] = (
        await ok(
          await call(clerk, 'POST', '/api/v1/utilities/accounts', {
            customerName: `Cliente ${key.toUpperCase()}`,
            address: { street: `${key} Calle Sol`, city: 'Esperanza', state: 'TX', zip: '78501' },
            language: 'es',
            accountType: 'residential',
          }),
          201,
        )
      ).id;
      const meter = await ok(
        await call(clerk, 'POST', '/api/v1/utilities/meters', {
          serial: `DASH-${key}`,
          service: 'water',
          unit: 'gal',
          dials: 6,
          multiplier: 1,
        }),
        201,
      );
      meterOf[key] = meter.id;
      await ok(
        await call(clerk, 'POST', `/api/v1/utilities/meters/${meter.id}/install`, {
          accountId: acct[key],
          installedOn: monthStart(1),
          initialRead: 0,
        }),
      );
      await ok(
        await call(clerk, 'POST', '/api/v1/utilities/reads', {
          meterId: meter.id,
          readOn: lastMonthEnd,
          value: use,
        }),
        201,
      );
    }
  });

  it('answers only signed-in staff of its own tenant', async () => {
    expect((await call(null, 'GET', '/api/v1/utilities/dashboard')).statusCode).toBe(401);
    // A session belongs to its tenant: on another entity's host it is unknown.
    expect((await call(admin, 'GET', '/api/v1/utilities/dashboard', undefined, OTHER)).statusCode).toBe(401);
    // Every staff role may read Utility Billing (viewers included), so there is no 403 to give.
    const empty = await dashboard();
    expect(empty).toMatchObject({
      asOf: today,
      collectedCents: 0,
      billedCents: 0,
      outstandingCents: 0,
      accounts: { total: 4, active: 4, owing: 0 },
      delinquent: { total: 0 },
      largestBalances: [],
    });
    expect(empty.months).toHaveLength(12);
    expect(empty.months[11]!.month).toBe(thisMonth);
    expect(empty.months[0]!.month).toBe(monthStart(11).slice(0, 7));
  });

  it('agrees with the ledger after a run, payments, a returned check and a void', async () => {
    const cycle = await ok(
      await call(clerk, 'POST', '/api/v1/utilities/cycles', {
        name: 'Dashboard cycle',
        periodStart: monthStart(1),
        periodEnd: lastMonthEnd,
        readFrom: monthStart(1),
        readTo: lastMonthEnd,
        billDate: today,
        dueDate: daysFromToday(20),
        penaltyDate: daysFromToday(25),
      }),
      201,
    );
    const calc = await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle.id}/calculate`));
    expect(calc.counts).toMatchObject({ drafts: 4, withIssues: 0, currentChargesCents: 8000 });
    await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle.id}/issue`));
    const { items } = await ok(await call(viewer, 'GET', `/api/v1/utilities/statements?cycleId=${cycle.id}`));
    const statementOf = (id: string) => items.find((s: { accountId: string }) => s.accountId === id);
    await ok(
      await call(admin, 'POST', `/api/v1/utilities/statements/${statementOf(acct.d).id}/void`, {
        reason: 'Meter misread',
      }),
    );

    // A pays $11.00 of $20.00 today; B pays $10.00 dated last month; C overpays by $5.00 today;
    // B's $7.00 check bounces; a $3.00 payment from 13 months ago is outside the chart.
    await ok(await pay(acct.a, 1100), 201);
    await ok(await pay(acct.b, 1000, monthStart(1)), 201);
    await ok(await pay(acct.c, 2000), 201);
    const bounced = await ok(await pay(acct.b, 700, today, 'check'), 201);
    await ok(await call(admin, 'POST', `/api/v1/payments/payments/${bounced.id}/reverse`, { reason: 'NSF' }));
    await ok(await pay(acct.b, 300, monthStart(13)), 201);

    const d = await dashboard();
    // Billed this month: A + B + C (D's charge is void).
    expect(month(d, 0)).toEqual({ month: thisMonth, billedCents: 6000, collectedCents: 3100 });
    expect(month(d, 1)).toMatchObject({ billedCents: 0, collectedCents: 1000 });
    expect(d.billedCents).toBe(6000);
    expect(d.collectedCents).toBe(4100);
    // B owes 2,500 − 1,000 − 300 = 1,200; A owes 900; C holds a 500 credit; D owes nothing.
    expect(d).toMatchObject({ outstandingCents: 1600, owedCents: 2100, creditCents: 500 });
    expect(d.accounts).toEqual({ total: 4, active: 4, owing: 2 });
    // Largest first, by amount (1,200 before 900, which a text sort would reverse).
    expect(d.largestBalances.map((l) => [l.accountId, l.balanceCents])).toEqual([
      [acct.b, 1200],
      [acct.a, 900],
    ]);
    expect(d.largestBalances[0]!.accountNumberDisplay).toMatch(/^\d{4}-\d{3}-\d{3}$/);

    // The same money as the account pages and the payments ledger's Collected KPI.
    let balances = 0;
    for (const id of Object.values(acct)) {
      balances += (await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${id}`))).balanceCents;
    }
    expect(balances).toBe(d.outstandingCents);
    const summary = await ok(
      await call(viewer, 'GET', `/api/v1/payments/summary?from=${monthStart(11)}&to=${today}`),
    );
    expect(summary.collectedCents).toBe(d.collectedCents);

    // Delinquent = unpaid statements marked past due or shutoff-warned. The delinquency job is
    // not part of this test, so the stages are set directly: C's statement is paid, so it does
    // not count even though it carries a stage.
    await withTenant(t.platform.db, tenant.id, async (tx) => {
      await tx.execute(
        sql`UPDATE utility_statements SET stage = 'past_due' WHERE account_id IN (${acct.a}, ${acct.b})`,
      );
      await tx.execute(
        sql`UPDATE utility_statements SET stage = 'shutoff_warned' WHERE account_id = ${acct.c}`,
      );
    });
    expect((await dashboard()).delinquent).toEqual({ total: 2, pastDue: 2, shutoffWarned: 0 });
    await withTenant(t.platform.db, tenant.id, (tx) =>
      tx.execute(sql`UPDATE utility_statements SET stage = 'shutoff_warned' WHERE account_id = ${acct.b}`),
    );
    expect((await dashboard()).delinquent).toEqual({ total: 2, pastDue: 1, shutoffWarned: 1 });

    // Another entity sees none of it.
    const theirs = await ok(await call(otherAdmin, 'GET', '/api/v1/utilities/dashboard', undefined, OTHER));
    expect(theirs).toMatchObject({
      collectedCents: 0,
      billedCents: 0,
      outstandingCents: 0,
      accounts: { total: 0 },
      delinquent: { total: 0 },
      largestBalances: [],
    });
  });

  it("lists one account's reading exceptions, where a run's review links to", async () => {
    // A's meter reads the same again today: zero use, an exception on A alone.
    await ok(
      await call(clerk, 'POST', '/api/v1/utilities/reads', {
        meterId: meterOf.a,
        readOn: today,
        value: 2000,
      }),
      201,
    );
    const mine = await ok(await call(viewer, 'GET', `/api/v1/utilities/exceptions?accountId=${acct.a}`));
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ accountId: acct.a, kind: 'zero', serial: 'DASH-A' });
    const none = await ok(await call(viewer, 'GET', `/api/v1/utilities/exceptions?accountId=${acct.b}`));
    expect(none).toMatchObject({ total: 0, items: [] });
    expect((await call(viewer, 'GET', '/api/v1/utilities/exceptions?accountId=nope')).statusCode).toBe(400);
    const theirs = await ok(
      await call(otherAdmin, 'GET', `/api/v1/utilities/exceptions?accountId=${acct.a}`, undefined, OTHER),
    );
    expect(theirs.total).toBe(0);
  });
});
