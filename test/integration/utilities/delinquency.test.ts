import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withTenant } from '../../../src/db/tenant-context.js';
import { runDelinquencyForAll } from '../../../src/jobs/schedules.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { delinquentCount } from '../../../src/modules/utilities/index.js';
import { type Session, type TestApp } from '../../support/app.js';
import { accountTypeFactory } from '../../support/factories.js';
import { staffSuite } from '../../support/staff-suite.js';

/**
 * Delinquency across date boundaries with the run's explicit `today`.
 *
 * One September cycle: due 2026-10-20, penalty date 2026-10-25. Rules: grace 5 days (so
 * 2026-10-30 is the last day to pay), late fee $1.00 + 1.5% of the unpaid amount, shutoff
 * warning 10 days after past due when at least $30.00 is overdue, shutoff date 7 days after
 * the warning, reconnect fee $35.00.
 *
 * Water: base $20.00 + $0.01/gal.
 *   A (es)  1,030 gal (4-dial meter rolls over 9,500 → 0,530)  bill $30.30, unpaid
 *           fee = 100 + 3030 × 1.5% = 100 + 45.45  → 145¢
 *   B (en)  3,100 gal  bill $51.00, paid $20.00 → $31.00 unpaid
 *           fee = 100 + 3100 × 1.5% = 100 + 46.5   → 147¢ (half up)
 *   C (es)  1,000 gal  bill $30.00, paid in full → never past due
 *   D (en)    100 gal  bill $21.00, paid $15.00 → $6.00 unpaid
 *           fee = 100 + 600 × 1.5% = 100 + 9       → 109¢; $7.09 overdue < $30.00: no warning
 */
const HOST = 'delinq.city.test';
const OTHER = 'other-delinq.city.test';

type Statement = { id: string; number: string; accountId: string; status: string; balanceCents: number };

/** Keeps each PDF under test-results/ for a person to look at (pdftoppm -png -r 60). */
function keep(name: string, pdf: Buffer): Buffer {
  const dir = path.resolve('test-results/pdf');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), pdf);
  return pdf;
}

function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pdftotext', ['-layout', '-', '-']);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`pdftotext exited ${code}`))));
    child.stdin.end(pdf);
  });
}

describe('utility delinquency', () => {
  const suite = staffSuite({
    city: { slug: 'delinq', host: HOST },
    other: { slug: 'otherdelinq', host: OTHER },
  });
  let t: TestApp;
  let tenant: Tenant;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;
  let otherAdmin: Session;
  const acct: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };
  const stmt: Record<'a' | 'b' | 'c' | 'd', Statement> = {} as never;

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    opts: { lang?: string; host?: string; key?: string | null } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(s && { cookie: s.cookie, 'x-csrf-token': s.csrf }),
        ...(method === 'POST' &&
          opts.key !== null &&
          (url.startsWith('/api/v1/payments') || url.endsWith('/reconnect')) && {
            'idempotency-key': opts.key ?? crypto.randomUUID(),
          }),
      },
      ...(payload && { payload }),
    });
  const ok = async (res: Awaited<ReturnType<typeof call>>, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const runOn = async (today: string) =>
    ok(await call(clerk, 'POST', '/api/v1/utilities/delinquency/run', { today }));
  const statement = async (key: 'a' | 'b' | 'c' | 'd'): Promise<Statement> =>
    ok(await call(viewer, 'GET', `/api/v1/utilities/statements/${stmt[key].id}`));
  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.platform.db, tenant.id, fn);
  const counts = () =>
    inTenant(async (tx) => {
      const [row] = await queryRows<{
        late_fees: number;
        late_fee_cents: number;
        reconnect_fees: number;
        late_notices: number;
        shutoff_notices: number;
        status_events: number;
      }>(
        tx,
        sql`SELECT
          (SELECT count(*)::int FROM charges WHERE kind = 'late_fee') AS late_fees,
          (SELECT coalesce(sum(amount_cents), 0)::int FROM charges WHERE kind = 'late_fee') AS late_fee_cents,
          (SELECT count(*)::int FROM charges WHERE kind = 'reconnect_fee') AS reconnect_fees,
          (SELECT count(*)::int FROM messages WHERE kind = 'utility.late_fee') AS late_notices,
          (SELECT count(*)::int FROM messages WHERE kind = 'utility.shutoff_warning') AS shutoff_notices,
          (SELECT count(*)::int FROM domain_events WHERE type = 'utilities.statement.status_changed') AS status_events`,
      );
      return row!;
    });
  const pay = (accountId: string, amountCents: number) =>
    call(clerk, 'POST', '/api/v1/payments/payments', {
      method: 'cash',
      amountCents,
      source: { module: 'utilities', id: accountId },
    });

  beforeAll(async () => {
    ({ t, tenant, admin, clerk, viewer, otherAdmin } = suite);
    await accountTypeFactory({ platform: t.platform, tenant }, 'residential', {
      en: 'Residential',
      es: 'Residencial',
    });
    await ok(
      await call(admin, 'POST', '/api/v1/utilities/rate-schedules', {
        accountType: 'residential',
        effectiveFrom: '2026-01-01',
        service: 'water',
        baseChargeCents: 2000,
        tiers: [{ upTo: null, rate: '0.01' }],
        minimumChargeCents: null,
        flatServices: [],
        usage: 'own_meter',
      }),
    );
    const people = {
      a: ['Ana Peña', 'es', 4, 9500, 530],
      b: ['Beto Treviño', 'en', 6, 1000, 4100],
      c: ['Carla Ibáñez', 'es', 6, 0, 1000],
      d: ['Dora Garza', 'en', 6, 200, 300],
    } as const;
    for (const [key, [name, language, dials, initial, value]] of Object.entries(people)) {
      const account = await ok(
        await call(clerk, 'POST', '/api/v1/utilities/accounts', {
          customerName: name,
          email: `${key}@example.com`,
          phone: '(956) 555-0142',
          address: { street: `${key.charCodeAt(0)} Calle Sol`, city: 'Esperanza', state: 'TX', zip: '78501' },
          language,
          accountType: 'residential',
        }),
        201,
      );
      acct[key as 'a'] = account.id;
      const meter = await ok(
        await call(clerk, 'POST', '/api/v1/utilities/meters', {
          serial: `WM-D${key.toUpperCase()}`,
          service: 'water',
          unit: 'gal',
          dials,
          multiplier: 1,
        }),
        201,
      );
      await ok(
        await call(clerk, 'POST', `/api/v1/utilities/meters/${meter.id}/install`, {
          accountId: account.id,
          installedOn: '2026-08-31',
          initialRead: initial,
        }),
      );
      await ok(
        await call(clerk, 'POST', '/api/v1/utilities/reads', {
          meterId: meter.id,
          readOn: '2026-09-30',
          value,
        }),
        201,
      );
    }
    const cycle = await ok(
      await call(clerk, 'POST', '/api/v1/utilities/cycles', {
        name: 'Cycle 1 — September 2026',
        periodStart: '2026-09-01',
        periodEnd: '2026-09-30',
        readFrom: '2026-09-01',
        readTo: '2026-09-30',
        billDate: '2026-09-30',
        dueDate: '2026-10-20',
        penaltyDate: '2026-10-25',
      }),
      201,
    );
    const calc = await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle.id}/calculate`));
    expect(calc.counts).toMatchObject({ drafts: 4, withIssues: 0 });
    await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle.id}/issue`));
    const list = await ok(await call(viewer, 'GET', `/api/v1/utilities/statements?cycleId=${cycle.id}`));
    for (const s of list.items as Statement[]) {
      const key = (Object.keys(acct) as (keyof typeof acct)[]).find((k) => acct[k] === s.accountId)!;
      stmt[key] = s;
    }
    expect([stmt.a.balanceCents, stmt.b.balanceCents, stmt.c.balanceCents, stmt.d.balanceCents]).toEqual([
      3030, 5100, 3000, 2100,
    ]);
    await ok(await pay(acct.b, 2000), 201);
    await ok(await pay(acct.c, 3000), 201);
    await ok(await pay(acct.d, 1500), 201);
    await t.dispatcher.drain();
  });

  it('has sensible defaults that only an administrator changes, with localized errors', async () => {
    const defaults = await ok(await call(viewer, 'GET', '/api/v1/utilities/delinquency/settings'));
    expect(defaults).toMatchObject({ isDefault: true, graceDays: 5, lateFeePercent: '10' });
    const rules = {
      graceDays: 5,
      lateFeeFlatCents: 100,
      lateFeePercent: '1.5',
      shutoffAfterDays: 10,
      shutoffMinimumCents: 3000,
      shutoffNoticeDays: 7,
      reconnectFeeCents: 3500,
    };
    expect((await call(clerk, 'PUT', '/api/v1/utilities/delinquency/settings', rules)).statusCode).toBe(403);
    expect((await call(null, 'PUT', '/api/v1/utilities/delinquency/settings', rules)).statusCode).toBe(401);
    const bad = await call(
      admin,
      'PUT',
      '/api/v1/utilities/delinquency/settings',
      { ...rules, lateFeePercent: '1.2345', graceDays: -1 },
      { lang: 'es' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    const fields = (bad.json().errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['graceDays', 'lateFeePercent']);
    expect((await ok(await call(viewer, 'GET', '/api/v1/utilities/delinquency/settings'))).isDefault).toBe(
      true,
    );
    const saved = await ok(await call(admin, 'PUT', '/api/v1/utilities/delinquency/settings', rules));
    expect(saved).toEqual({ ...rules, isDefault: false });
    // Another entity keeps its own (default) rules.
    const theirs = await ok(
      await call(otherAdmin, 'GET', '/api/v1/utilities/delinquency/settings', undefined, { host: OTHER }),
    );
    expect(theirs.isDefault).toBe(true);
  });

  it('refuses runs without permission, for a future day, or with a bad date', async () => {
    expect(
      (await call(null, 'POST', '/api/v1/utilities/delinquency/run', { today: '2026-10-31' })).statusCode,
    ).toBe(401);
    expect(
      (await call(viewer, 'POST', '/api/v1/utilities/delinquency/run', { today: '2026-10-31' })).statusCode,
    ).toBe(403);
    const future = await call(
      clerk,
      'POST',
      '/api/v1/utilities/delinquency/run',
      { today: '2999-01-01' },
      { lang: 'es' },
    );
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ code: 'delinquency_date_in_future' });
    expect(future.json().detail).toMatch(/todavía no/);
    expect(
      (await call(clerk, 'POST', '/api/v1/utilities/delinquency/run', { today: '2026-13-01' })).statusCode,
    ).toBe(400);
    expect(await counts()).toMatchObject({ late_fees: 0, status_events: 0 });
  });

  it('does nothing the day before or on the last day of grace', async () => {
    for (const day of ['2026-10-29', '2026-10-30']) {
      expect(await runOn(day)).toEqual({
        today: day,
        pastDue: 0,
        lateFees: 0,
        lateFeeCents: 0,
        shutoffWarnings: 0,
      });
    }
    expect((await statement('a')).status).toBe('issued');
    expect((await statement('b')).status).toBe('partially_paid');
    expect(await counts()).toMatchObject({ late_fees: 0, late_notices: 0, status_events: 0 });
  });

  it('the day after: past due with a late fee once (flat + percent, half up), never when paid in full', async () => {
    expect(await runOn('2026-10-31')).toEqual({
      today: '2026-10-31',
      pastDue: 3,
      lateFees: 3,
      lateFeeCents: 145 + 147 + 109,
      shutoffWarnings: 0,
    });
    expect((await statement('a')).status).toBe('past_due');
    expect((await statement('b')).status).toBe('past_due');
    expect((await statement('c')).status).toBe('paid');
    expect((await statement('d')).status).toBe('past_due');
    const fees = await inTenant((tx) =>
      queryRows<{
        source_id: string;
        amount_cents: number;
        description: { en: string; es: string };
        due_date: string;
      }>(
        tx,
        sql`SELECT source_id, amount_cents::int, description, to_char(due_date, 'YYYY-MM-DD') AS due_date
            FROM charges WHERE kind = 'late_fee' AND source_module = 'utilities'`,
      ),
    );
    const byAccount = new Map(fees.map((f) => [f.source_id, f]));
    expect(byAccount.get(acct.a)!.amount_cents).toBe(145);
    expect(byAccount.get(acct.b)!.amount_cents).toBe(147);
    expect(byAccount.get(acct.d)!.amount_cents).toBe(109);
    expect(byAccount.has(acct.c)).toBe(false);
    expect(byAccount.get(acct.a)!.description).toEqual({
      en: `Late fee, statement ${stmt.a.number}`,
      es: `Recargo por pago tardío, estado de cuenta ${stmt.a.number}`,
    });
    const account = await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.a}`));
    expect(account.balanceCents).toBe(3030 + 145);
    // Notices in each statement's language, with the new amount due.
    const notices = await inTenant((tx) =>
      queryRows<{ recipient: string; language: string; subject: string; body_text: string }>(
        tx,
        sql`SELECT recipient, language, subject, body_text FROM messages WHERE kind = 'utility.late_fee' ORDER BY recipient`,
      ),
    );
    expect(notices.map((n) => [n.recipient, n.language])).toEqual([
      ['a@example.com', 'es'],
      ['b@example.com', 'en'],
      ['d@example.com', 'en'],
    ]);
    expect(notices[0]!.body_text).toContain('$31.75');
    expect(notices[1]!.body_text).toContain('$1.47');
    // The domain event of each stage change.
    const events = await inTenant((tx) =>
      queryRows<{ subject_id: string; payload: Record<string, unknown> }>(
        tx,
        sql`SELECT subject_id, payload FROM domain_events WHERE type = 'utilities.statement.status_changed'`,
      ),
    );
    expect(events.find((e) => e.subject_id === stmt.a.id)!.payload).toEqual({
      accountId: acct.a,
      statementNumber: stmt.a.number,
      status: 'past_due',
    });
    expect(events).toHaveLength(3);
  });

  it('never charges or notifies twice: same day, later days, at once, or through the daily job', async () => {
    const before = await counts();
    expect(await runOn('2026-10-31')).toMatchObject({ pastDue: 0, lateFees: 0 });
    expect(await runOn('2026-11-05')).toMatchObject({ pastDue: 0, lateFees: 0, shutoffWarnings: 0 });
    const both = await Promise.all([runOn('2026-11-06'), runOn('2026-11-06')]);
    expect(both.map((r) => r.lateFees + r.shutoffWarnings)).toEqual([0, 0]);
    await runDelinquencyForAll(t.platform, '2026-11-07', { info() {} });
    // Another entity's run sees none of these statements.
    const theirs = await call(
      otherAdmin,
      'POST',
      '/api/v1/utilities/delinquency/run',
      { today: '2026-11-08' },
      { host: OTHER },
    );
    expect(theirs.json()).toMatchObject({ pastDue: 0, lateFees: 0, shutoffWarnings: 0 });
    expect(await counts()).toEqual(before);
    // The database itself refuses a second past-due step for a statement.
    await expect(
      inTenant((tx) =>
        tx.execute(sql`INSERT INTO delinquency_steps (statement_id, account_id, step, taken_on, owed_cents)
                       VALUES (${stmt.a.id}, ${acct.a}, 'past_due', '2026-11-07', 1)`),
      ),
    ).rejects.toThrow();
  });

  it('warns of shutoff N days after past due only when the overdue balance reaches the minimum', async () => {
    expect(await runOn('2026-11-09')).toMatchObject({ shutoffWarnings: 0 });
    expect(await runOn('2026-11-10')).toMatchObject({ shutoffWarnings: 2, lateFees: 0 });
    expect((await statement('a')).status).toBe('shutoff_warned');
    expect((await statement('b')).status).toBe('shutoff_warned');
    expect((await statement('d')).status).toBe('past_due'); // $7.09 overdue < $30.00
    const warnings = await inTenant((tx) =>
      queryRows<{ recipient: string; language: string; subject: string; body_text: string }>(
        tx,
        sql`SELECT recipient, language, subject, body_text FROM messages WHERE kind = 'utility.shutoff_warning' ORDER BY recipient`,
      ),
    );
    expect(warnings.map((w) => [w.recipient, w.language])).toEqual([
      ['a@example.com', 'es'],
      ['b@example.com', 'en'],
    ]);
    expect(warnings[0]!.body_text).toContain('$31.75');
    expect(warnings[1]!.subject).toContain('November 17, 2026');
    expect(await runOn('2026-11-20')).toMatchObject({ shutoffWarnings: 0, pastDue: 0 });
    expect(await counts()).toMatchObject({
      late_fees: 3,
      late_notices: 3,
      shutoff_notices: 2,
      status_events: 5,
    });
  });

  it('lists past-due and shutoff-warned statements with totals and a stage filter', async () => {
    const all = await ok(await call(viewer, 'GET', '/api/v1/utilities/delinquencies'));
    expect(all.totals).toEqual({
      pastDue: 1,
      shutoffWarned: 2,
      delinquent: 3,
      owedCents: 3030 + 3100 + 600,
      lateFeeCents: 145 + 147 + 109,
      disconnected: 0,
    });
    const a = all.items.find((i: { statementId: string }) => i.statementId === stmt.a.id);
    expect(a).toMatchObject({
      stage: 'shutoff_warned',
      pastDueOn: '2026-10-31',
      lateFeeCents: 145,
      warnedOn: '2026-11-10',
      shutoffDate: '2026-11-17',
      warnedOwedCents: 3175,
      disconnectedOn: null,
    });
    const warned = await ok(
      await call(viewer, 'GET', '/api/v1/utilities/delinquencies?stage=shutoff_warned'),
    );
    expect(warned.items.map((i: { accountId: string }) => i.accountId).sort()).toEqual(
      [acct.a, acct.b].sort(),
    );
    expect(await inTenant((tx) => delinquentCount(tx))).toBe(3);
    const past = await ok(await call(viewer, 'GET', '/api/v1/utilities/statements?status=past_due'));
    expect(past.items.map((i: Statement) => i.accountId)).toEqual([acct.d]);
    expect((await call(viewer, 'GET', '/api/v1/utilities/delinquencies?stage=nope')).statusCode).toBe(400);
    expect((await call(null, 'GET', '/api/v1/utilities/delinquencies')).statusCode).toBe(401);
    const theirs = await ok(
      await call(otherAdmin, 'GET', '/api/v1/utilities/delinquencies', undefined, { host: OTHER }),
    );
    expect(theirs.totals.delinquent).toBe(0);
  });

  it('records a disconnection only for a warned, unpaid statement from its shutoff date', async () => {
    const url = (key: 'a' | 'b' | 'd') => `/api/v1/utilities/statements/${stmt[key].id}/disconnect`;
    expect((await call(clerk, 'POST', url('d'), { on: '2026-11-20' })).json().code).toBe(
      'statement_not_shutoff_warned',
    );
    const early = await call(clerk, 'POST', url('a'), { on: '2026-11-16' }, { lang: 'es' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'shutoff_date_not_reached' });
    expect((await call(viewer, 'POST', url('a'), { on: '2026-11-17' })).statusCode).toBe(403);
    expect((await call(null, 'POST', url('a'), { on: '2026-11-17' })).statusCode).toBe(401);
    expect((await call(clerk, 'POST', url('a'), { on: 'tomorrow' })).statusCode).toBe(400);
    expect((await call(clerk, 'POST', url('a'), { on: '2999-01-01' })).statusCode).toBe(400);
    expect(
      (
        await call(clerk, 'POST', `/api/v1/utilities/statements/${crypto.randomUUID()}/disconnect`, {
          on: '2026-11-17',
        })
      ).statusCode,
    ).toBe(404);
    expect((await call(otherAdmin, 'POST', url('a'), { on: '2026-11-17' }, { host: OTHER })).statusCode).toBe(
      404,
    );
    await ok(await call(clerk, 'POST', url('a'), { on: '2026-11-17', note: 'Meter locked, tag 4471' }));
    expect((await call(clerk, 'POST', url('a'), { on: '2026-11-18' })).json().code).toBe(
      'account_already_disconnected',
    );
    const list = await ok(await call(viewer, 'GET', '/api/v1/utilities/delinquencies'));
    expect(list.totals.disconnected).toBe(1);
  });

  it('reconnects with the reconnect fee on the ledger, once, behind an Idempotency-Key', async () => {
    const url = `/api/v1/utilities/statements/${stmt.a.id}/reconnect`;
    expect((await call(clerk, 'POST', url, { on: '2026-11-18' }, { key: null })).statusCode).toBe(400);
    expect((await call(clerk, 'POST', url, { on: '2026-11-16' })).json().code).toBe(
      'reconnect_before_disconnection',
    );
    expect((await call(viewer, 'POST', url, { on: '2026-11-18' })).statusCode).toBe(403);
    expect(
      (
        await call(clerk, 'POST', `/api/v1/utilities/statements/${stmt.b.id}/reconnect`, { on: '2026-11-18' })
      ).json().code,
    ).toBe('service_not_disconnected');
    const key = crypto.randomUUID();
    const first = await ok(await call(clerk, 'POST', url, { on: '2026-11-18' }, { key }));
    expect(first).toMatchObject({ feeCents: 3500 });
    const replay = await ok(await call(clerk, 'POST', url, { on: '2026-11-18' }, { key }));
    expect(replay).toEqual(first);
    expect((await call(clerk, 'POST', url, { on: '2026-11-18' })).json().code).toBe(
      'service_not_disconnected',
    );
    expect(await counts()).toMatchObject({ reconnect_fees: 1 });
    const account = await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.a}`));
    expect(account.balanceCents).toBe(3030 + 145 + 3500);
    const audit = await inTenant((tx) =>
      queryRows<{ type: string }>(
        tx,
        sql`SELECT type FROM domain_events WHERE type LIKE 'utilities.service.%' ORDER BY id`,
      ),
    );
    expect(audit.map((e) => e.type)).toEqual([
      'utilities.service.disconnected',
      'utilities.service.reconnected',
    ]);
  });

  it('drops a statement paid in full from the delinquent count', async () => {
    await ok(await pay(acct.b, 3100 + 147), 201);
    expect((await statement('b')).status).toBe('paid');
    const list = await ok(await call(viewer, 'GET', '/api/v1/utilities/delinquencies'));
    expect(list.totals).toMatchObject({ pastDue: 1, shutoffWarned: 1, delinquent: 2 });
    expect(await inTenant((tx) => delinquentCount(tx))).toBe(2);
    expect(
      (
        await call(clerk, 'POST', `/api/v1/utilities/statements/${stmt.b.id}/disconnect`, {
          on: '2026-11-20',
        })
      ).json().code,
    ).toBe('statement_already_paid');
  });

  describe('statement PDFs', () => {
    it('prints the statement in the customer’s language, or in English on request', async () => {
      const es = await call(viewer, 'GET', `/api/v1/utilities/statements/${stmt.a.id}/pdf`);
      expect(es.statusCode).toBe(200);
      expect(es.headers['content-type']).toBe('application/pdf');
      const text = await pdfText(keep('statement-es.pdf', es.rawPayload));
      for (const words of [
        'Estado de cuenta de servicios públicos',
        'City of delinq'.replace('City of', 'Ciudad de'),
        'Ana Peña',
        'Número de cuenta',
        'Lecturas del medidor',
        'Vuelta del medidor',
        '1,030 galones',
        'Saldo anterior',
        'Cargos actuales',
        '× $0.01',
        '$30.30',
        'Talón de pago',
        'Importe adjunto',
        stmt.a.number,
      ]) {
        expect(text).toContain(words);
      }
      const en = await pdfText(
        keep(
          'statement-en.pdf',
          (await call(viewer, 'GET', `/api/v1/utilities/statements/${stmt.b.id}/pdf?lang=en`)).rawPayload,
        ),
      );
      for (const words of [
        'Utility statement',
        'Beto Treviño',
        'Meter readings',
        '3,100 gallons',
        'Total amount due',
        'Payment stub',
        '$51.00',
      ]) {
        expect(en).toContain(words);
      }
      expect(en).not.toContain('Estado de cuenta');
      expect((await call(null, 'GET', `/api/v1/utilities/statements/${stmt.a.id}/pdf`)).statusCode).toBe(401);
      expect(
        (
          await call(otherAdmin, 'GET', `/api/v1/utilities/statements/${stmt.a.id}/pdf`, undefined, {
            host: OTHER,
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (await call(viewer, 'GET', `/api/v1/utilities/statements/${stmt.a.id}/pdf?lang=fr`)).statusCode,
      ).toBe(400);
    });

    it('prints the shutoff warning with its amount and date, in both languages', async () => {
      const es = await pdfText(
        keep(
          'shutoff-es.pdf',
          (await call(viewer, 'GET', `/api/v1/utilities/statements/${stmt.a.id}/shutoff-warning.pdf`))
            .rawPayload,
        ),
      );
      for (const words of [
        'Aviso de desconexión',
        'Ana Peña',
        '$31.75',
        '17 de noviembre de 2026',
        '$35.00',
      ]) {
        expect(es).toContain(words);
      }
      const en = await pdfText(
        keep(
          'shutoff-en.pdf',
          (await call(viewer, 'GET', `/api/v1/utilities/statements/${stmt.a.id}/shutoff-warning.pdf?lang=en`))
            .rawPayload,
        ),
      );
      for (const words of ['Disconnection notice', 'November 17, 2026', 'Past-due amount']) {
        expect(en).toContain(words);
      }
      expect(
        (await call(viewer, 'GET', `/api/v1/utilities/statements/${stmt.d.id}/shutoff-warning.pdf`)).json()
          .code,
      ).toBe('statement_not_shutoff_warned');
    });

    it('lets a resident open the statement from the signed link in the statement notice', async () => {
      const [notice] = await inTenant((tx) =>
        queryRows<{ body_text: string }>(
          tx,
          sql`SELECT body_text FROM messages WHERE kind = 'utility.statement_issued' AND recipient = 'a@example.com'`,
        ),
      );
      const link = /https?:\/\/\S+\/api\/v1\/portal\/statements\/\S+/
        .exec(notice!.body_text)![0]
        .replace(/[.)]+$/, '');
      const url = new URL(link);
      expect(url.pathname).toBe(`/api/v1/portal/statements/${stmt.a.id}/pdf`);
      const pdf = await t.app.inject({
        method: 'GET',
        url: `${url.pathname}${url.search}`,
        headers: { host: HOST },
      });
      expect(pdf.statusCode).toBe(200);
      expect(await pdfText(pdf.rawPayload)).toContain('Estado de cuenta de servicios públicos');
      const token = url.searchParams.get('t')!;
      // Another statement, an altered token, or another entity's host: not found.
      for (const [path, host] of [
        [`/api/v1/portal/statements/${stmt.b.id}/pdf?t=${token}`, HOST],
        [`/api/v1/portal/statements/${stmt.a.id}/pdf?t=${token.slice(0, -2)}xx`, HOST],
        [`/api/v1/portal/statements/${stmt.a.id}/pdf?t=${token}`, OTHER],
      ] as const) {
        const res = await t.app.inject({
          method: 'GET',
          url: path,
          headers: { host, 'accept-language': 'es' },
        });
        expect(res.statusCode).toBe(404);
      }
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/portal/statements/${stmt.a.id}/pdf`,
            headers: { host: HOST },
          })
        ).statusCode,
      ).toBe(400);
    });
  });
});
