import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../../src/db/rows.js';
import { withSystem, withTenant } from '../../../src/db/tenant-context.js';
import { createSealer } from '../../../src/lib/sealed.js';
import {
  BANK_DETAILS_PURPOSE,
  bankAad,
  resealBankDetails,
  validateAchFile,
} from '../../../src/modules/utilities/autopay/index.js';
import type { Tenant } from '../../../src/modules/tenancy/index.js';
import { type Session, type TestApp } from '../../support/app.js';
import { accountTypeFactory } from '../../support/factories.js';
import { staffSuite } from '../../support/staff-suite.js';

/**
 * Autopay by bank draft, through the API: enrolment (validated, sealed, masked), the prenote
 * in the next ACH file, one debit per autopay statement at issuance, the file checked by
 * nacha.ts and parsed by an independent parser, settlement posting 'ach' payments, returns
 * reversing them with a notice in the customer's language, and autopay ending after returns.
 *
 * Every account is on one flat rate (trash $22.50 + storm drainage $4.75 = $27.25 a month).
 */
const HOST = 'autopay.city.test';
const OTHER = 'other-autopay.city.test';
const MONTHLY = 2725;

type ParsedEntry = {
  transactionCode: string;
  receivingDFIIdentification: number;
  checkDigit: number;
  dfiAccount: string;
  amount: number;
  identificationNumber: string;
  receivingCompanyName: string;
  paymentTypeCode?: string;
};
type ParsedFooter = {
  entryAndAddendaCount: number;
  entryHash: number;
  totalDebit: number;
  totalCredit: number;
};
type ParsedAch = {
  file: { idModifier: string; footer: ParsedFooter & { batchCount: number; blockCount: number } };
  batches: {
    entryClassCode: string;
    serviceClassCode: number;
    entries: ParsedEntry[];
    footer: ParsedFooter;
  }[];
};
const nacha = createRequire(import.meta.url)('@midlandsbank/node-nacha') as {
  from(text: string): { data: ParsedAch };
};

type Entry = {
  id: string;
  kind: 'prenote' | 'debit';
  status: string;
  amountCents: number;
  accountId: string;
  statementId: string | null;
  bankAccount: string;
  secCode: string;
  fileId: string | null;
  paymentId: string | null;
  returnCode: string | null;
};

describe('utility autopay (bank draft)', () => {
  const suite = staffSuite({
    city: { slug: 'autopay', host: HOST },
    other: { slug: 'otherautopay', host: OTHER },
  });
  let t: TestApp;
  let tenant: Tenant;
  let admin: Session;
  let clerk: Session;
  let viewer: Session;
  let otherAdmin: Session;
  const acct = { ana: '', beto: '', cruz: '', dora: '' };
  const files: string[] = [];
  let cycleSeq = 0;

  const call = (
    s: Session | null,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    opts: { lang?: string; host?: string; idem?: string } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: {
        host: opts.host ?? HOST,
        'accept-language': opts.lang ?? 'en',
        ...(s && { cookie: s.cookie, 'x-csrf-token': s.csrf }),
        ...(method === 'POST' &&
          (url.startsWith('/api/v1/payments') || url.startsWith('/api/v1/utilities/autopay')) && {
            'idempotency-key': opts.idem ?? crypto.randomUUID(),
          }),
      },
      ...(payload && { payload }),
    });
  const ok = async (res: Awaited<ReturnType<typeof call>>, status = 200) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const db = <T>(q: ReturnType<typeof sql>) =>
    withTenant(t.platform.db, tenant.id, (tx) => queryRows<T>(tx, q));
  const balance = async (id: string) =>
    (await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${id}`))).balanceCents as number;
  const entries = async (query = '') =>
    (await ok(await call(viewer, 'GET', `/api/v1/utilities/autopay/entries?limit=500${query}`)))
      .items as Entry[];
  const openAccount = async (name: string, language: 'en' | 'es') =>
    (
      await ok(
        await call(clerk, 'POST', '/api/v1/utilities/accounts', {
          customerName: name,
          email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
          address: { street: '412 Calle Sol', city: 'Esperanza', state: 'TX', zip: '78501' },
          language,
          accountType: 'residential',
        }),
        201,
      )
    ).id as string;
  const enrol = (accountId: string, body: object, s: Session | null = clerk, lang = 'en') =>
    call(s, 'POST', `/api/v1/utilities/accounts/${accountId}/autopay`, body, { lang });
  const anaBank = {
    routingNumber: '021000021',
    accountNumber: '000123456789',
    accountType: 'checking',
    authorizedOn: '2026-11-02',
    authorization: 'web',
  };
  const betoBank = {
    routingNumber: '011000015',
    accountNumber: '55501234',
    accountType: 'savings',
    holderName: 'Beto and Luz Treviño',
    authorizedOn: '2026-11-03',
    authorization: 'paper',
  };
  /** A monthly cycle, calculated and issued. */
  const runCycle = async (month: string, last: string, year = '2026') => {
    cycleSeq += 1;
    const id = (
      await ok(
        await call(clerk, 'POST', '/api/v1/utilities/cycles', {
          name: `Cycle ${cycleSeq}`,
          periodStart: `${year}-${month}-01`,
          periodEnd: `${year}-${month}-${last}`,
          readFrom: `${year}-${month}-01`,
          readTo: `${year}-${month}-${last}`,
          billDate: `${year}-${month}-${last}`,
          dueDate: `${year}-${month}-${last}`,
          penaltyDate: `${year}-${month}-${last}`,
        }),
        201,
      )
    ).id as string;
    await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${id}/calculate`));
    await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${id}/issue`));
    return id;
  };
  const newFile = async () => {
    const f = await ok(await call(admin, 'POST', '/api/v1/utilities/autopay/files'), 201);
    files.push(f.id);
    return f;
  };
  const download = async (id: string) => {
    const res = await call(admin, 'GET', `/api/v1/utilities/autopay/files/${id}/download`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="ach-\d{8}-[A-Z0-9]\.txt"/);
    return res.body;
  };
  /** Sum of each entry's first 8 routing digits, last 10 digits kept (computed here, not by nacha.ts). */
  const entryHash = (routings: string[]) =>
    routings.reduce((s, r) => s + Number(r.slice(0, 8)), 0) % 10_000_000_000;

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
        minimumChargeCents: null,
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
    acct.ana = await openAccount('Ana Peña', 'es');
    acct.beto = await openAccount('Beto Treviño', 'en');
    acct.cruz = await openAccount('Cruz Salinas', 'en');
    acct.dora = await openAccount('Dora Garza', 'es');
  });

  it('refuses bad bank details with localized field errors and stores nothing', async () => {
    const badAba = await enrol(acct.ana, { ...anaBank, routingNumber: '021000022' }, clerk, 'es');
    expect(badAba.statusCode).toBe(400);
    expect(badAba.json().errors).toEqual([
      expect.objectContaining({ field: 'routingNumber', code: 'routing_number_check_digit' }),
    ]);
    expect(badAba.json().errors[0].message).toMatch(/dígito de control/);
    const short = await enrol(acct.ana, { ...anaBank, routingNumber: '12345' });
    expect(short.json().errors[0]).toMatchObject({ field: 'routingNumber', code: 'routing_number_format' });
    const badAccount = await enrol(acct.ana, { ...anaBank, accountNumber: '12AB' }, clerk, 'es');
    expect(badAccount.statusCode).toBe(400);
    expect(badAccount.json().errors[0]).toMatchObject({
      field: 'accountNumber',
      code: 'bank_account_number_invalid',
    });
    expect(badAccount.json().errors[0].message).toMatch(/cuenta bancaria/);
    const badType = await enrol(acct.ana, { ...anaBank, accountType: 'money_market' });
    expect(badType.json().errors[0]).toMatchObject({ field: 'accountType', code: 'invalid_choice' });
    const future = await enrol(acct.ana, { ...anaBank, authorizedOn: '2099-01-01' });
    expect(future.json().errors[0]).toMatchObject({
      field: 'authorizedOn',
      code: 'authorization_date_future',
    });
    expect((await enrol(acct.ana, { ...anaBank, authorization: 'phone' })).statusCode).toBe(400);

    const [stored] = await db<{ e: number; x: number }>(
      sql`SELECT (SELECT count(*)::int FROM autopay_enrolments) AS e, (SELECT count(*)::int FROM autopay_entries) AS x`,
    );
    expect(stored).toEqual({ e: 0, x: 0 });
    expect((await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.ana}`))).autopay).toBe(
      false,
    );
  });

  it('enrols with the bank details sealed at rest and masked in every answer', async () => {
    const res = await enrol(acct.ana, anaBank);
    const e = await ok(res, 201);
    expect(e).toMatchObject({
      status: 'active',
      routingNumber: '••••0021',
      accountNumber: '••••6789',
      accountType: 'checking',
      holderName: 'Ana Peña',
      authorization: 'web',
      secCode: 'WEB',
      prenote: { status: 'pending', fileId: null },
    });
    expect(res.body).not.toContain('123456789');
    expect(res.body).not.toContain('021000021');
    const listed = await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.ana}/autopay`);
    expect(listed.body).not.toContain('123456789');
    expect((await ok(listed)).items).toHaveLength(1);

    const rows = await db<{ row: string; sealed_hex: string }>(
      sql`SELECT row_to_json(e)::text AS row, encode(e.bank_sealed, 'hex') AS sealed_hex FROM autopay_enrolments e`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain('123456789');
    expect(rows[0]!.row).not.toContain('021000021');
    const sealed = Buffer.from(rows[0]!.sealed_hex, 'hex').toString('latin1');
    expect(sealed).not.toContain('123456789');
    expect(sealed).not.toContain('021000021');
    const events = await db<{ payload: string }>(
      sql`SELECT payload::text AS payload FROM domain_events WHERE type LIKE 'utilities.autopay.%'`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).not.toMatch(/123456789|021000021|6789/);
    expect((await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.ana}`))).autopay).toBe(
      true,
    );

    await ok(await enrol(acct.beto, betoBank), 201);
    const again = await enrol(acct.ana, anaBank);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('autopay_already_enrolled');
  });

  it('refuses enrolment to viewers, strangers, unknown and other tenants’ accounts', async () => {
    expect((await enrol(acct.cruz, anaBank, viewer)).statusCode).toBe(403);
    expect((await enrol(acct.cruz, anaBank, null)).statusCode).toBe(401);
    expect((await enrol(crypto.randomUUID(), anaBank)).statusCode).toBe(404);
    const cross = await t.app.inject({
      method: 'POST',
      url: `/api/v1/utilities/accounts/${acct.cruz}/autopay`,
      headers: { host: OTHER, cookie: otherAdmin.cookie, 'x-csrf-token': otherAdmin.csrf },
      payload: anaBank,
    });
    expect(cross.statusCode).toBe(404);
    expect(
      (await call(viewer, 'POST', `/api/v1/utilities/accounts/${acct.cruz}/autopay/cancel`)).statusCode,
    ).toBe(403);
  });

  it('puts the prenotes in the next ACH file, which passes the strict check and an independent parser', async () => {
    expect((await call(clerk, 'POST', '/api/v1/utilities/autopay/files')).statusCode).toBe(403);
    const f = await newFile();
    expect(f).toMatchObject({ entryCount: 2, debitTotalCents: 0, status: 'created', idModifier: 'A' });
    const text = await download(f.id);
    expect(validateAchFile(text)).toEqual([]);
    const lines = text.split('\n');
    expect(lines.every((l) => l.length === 94)).toBe(true);
    expect(lines.length % 10).toBe(0);
    const ach = nacha.from(text).data;
    expect(ach.batches.map((b) => b.entryClassCode)).toEqual(['PPD', 'WEB']);
    const [ppd, web] = ach.batches;
    expect(ppd!.entries.map((e) => [e.transactionCode, e.dfiAccount.trim(), e.amount])).toEqual([
      ['38', '55501234', 0],
    ]);
    expect(ppd!.entries[0]!.receivingCompanyName.trim()).toBe('BETO AND LUZ TREVINO');
    expect(web!.entries.map((e) => [e.transactionCode, e.dfiAccount.trim(), e.amount])).toEqual([
      ['28', '000123456789', 0],
    ]);
    expect(ach.file.footer).toMatchObject({
      batchCount: 2,
      entryAndAddendaCount: 2,
      totalDebit: 0,
      totalCredit: 0,
      entryHash: entryHash(['011000015', '021000021']),
    });
    expect(f.entryHash).toBe(String(entryHash(['011000015', '021000021'])).padStart(10, '0'));
    const nothing = await call(admin, 'POST', '/api/v1/utilities/autopay/files', undefined, { lang: 'es' });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json()).toMatchObject({ code: 'ach_nothing_to_send', title: 'Nada que enviar' });
    const ana = (await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.ana}/autopay`)))
      .items[0];
    expect(ana.prenote).toEqual({ status: 'sent', fileId: f.id });
  });

  it('creates one pending debit per autopay statement at issuance, and none twice', async () => {
    const cycle = await runCycle('10', '31');
    const debits = (await entries('&status=pending')).filter((e) => e.kind === 'debit');
    expect(debits.map((d) => [d.accountId, d.amountCents, d.secCode]).sort()).toEqual(
      [
        [acct.ana, MONTHLY, 'WEB'],
        [acct.beto, MONTHLY, 'PPD'],
      ].sort(),
    );
    expect(debits.every((d) => d.statementId && d.bankAccount.startsWith('••••'))).toBe(true);
    await ok(await call(clerk, 'POST', `/api/v1/utilities/cycles/${cycle}/issue`));
    const [n] = await db<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM autopay_entries WHERE kind = 'debit'`,
    );
    expect(n!.n).toBe(2);
  });

  it('sends the debits in a file with matching totals and entry hash', async () => {
    const f = await newFile();
    expect(f).toMatchObject({ entryCount: 2, debitTotalCents: 2 * MONTHLY, idModifier: 'B' });
    const text = await download(f.id);
    expect(validateAchFile(text)).toEqual([]);
    const ach = nacha.from(text).data;
    const all = ach.batches.flatMap((b) => b.entries);
    expect(all.map((e) => [e.transactionCode, e.amount])).toEqual([
      ['37', MONTHLY],
      ['27', MONTHLY],
    ]);
    expect(ach.batches[1]!.entries[0]!.paymentTypeCode?.trim()).toBe('R');
    expect(ach.batches.map((b) => b.serviceClassCode)).toEqual([225, 225]);
    expect(ach.file.footer).toMatchObject({
      totalDebit: 2 * MONTHLY,
      totalCredit: 0,
      entryAndAddendaCount: 2,
      entryHash: entryHash(['011000015', '021000021']),
    });
    for (const b of ach.batches)
      expect(b.footer.totalDebit).toBe(b.entries.reduce((s, e) => s + e.amount, 0));
    // The same bytes on every download: nothing about the file is stored in clear.
    expect(await download(f.id)).toBe(text);
    expect((await entries('&status=pending')).length).toBe(0);
  });

  it('posts an ach payment per debit when the file settles, with a receipt in the customer language', async () => {
    expect(await balance(acct.ana)).toBe(MONTHLY);
    expect(
      (await call(clerk, 'POST', `/api/v1/utilities/autopay/files/${files[1]}/settle`, {})).statusCode,
    ).toBe(403);
    const settled = await ok(
      await call(admin, 'POST', `/api/v1/utilities/autopay/files/${files[1]}/settle`, {}),
    );
    expect(settled.status).toBe('settled');
    expect(await balance(acct.ana)).toBe(0);
    expect(await balance(acct.beto)).toBe(0);
    expect(await balance(acct.cruz)).toBe(MONTHLY);
    const settledEntries = await entries(`&fileId=${files[1]}`);
    expect(settledEntries.every((e) => e.status === 'settled' && e.paymentId)).toBe(true);
    const payment = await ok(
      await call(viewer, 'GET', `/api/v1/payments/payments/${settledEntries[0]!.paymentId}`),
    );
    expect(payment).toMatchObject({ method: 'ach', amountCents: MONTHLY, status: 'completed' });
    const receipts = await db<{ recipient: string; language: string; body: string }>(
      sql`SELECT recipient, language, body_text AS body FROM messages WHERE kind = 'payment.receipt' ORDER BY recipient`,
    );
    expect(receipts.map((r) => [r.recipient, r.language])).toEqual([
      ['ana@example.com', 'es'],
      ['beto@example.com', 'en'],
    ]);
    expect(receipts[0]!.body).toMatch(/débito bancario automático/);
    const again = await call(admin, 'POST', `/api/v1/utilities/autopay/files/${files[1]}/settle`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ach_file_already_settled');
    await ok(await call(admin, 'POST', `/api/v1/utilities/autopay/files/${files[0]}/settle`, {}));
  });

  it('reverses a returned draft and tells a Spanish-speaking customer in Spanish', async () => {
    const [anaDebit] = (await entries(`&accountId=${acct.ana}`)).filter((e) => e.kind === 'debit');
    expect(
      (await call(clerk, 'POST', `/api/v1/utilities/autopay/entries/${anaDebit!.id}/return`, { code: 'R01' }))
        .statusCode,
    ).toBe(403);
    const bad = await call(admin, 'POST', `/api/v1/utilities/autopay/entries/${anaDebit!.id}/return`, {
      code: 'R99',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'code', code: 'invalid_choice' });
    const returned = await ok(
      await call(admin, 'POST', `/api/v1/utilities/autopay/entries/${anaDebit!.id}/return`, { code: 'R01' }),
    );
    expect(returned).toMatchObject({ status: 'returned', returnCode: 'R01' });
    expect(await balance(acct.ana)).toBe(MONTHLY);
    const payment = await ok(await call(viewer, 'GET', `/api/v1/payments/payments/${anaDebit!.paymentId}`));
    expect(payment.status).toBe('reversed');
    const notices = await db<{ recipient: string; language: string; subject: string; body: string }>(
      sql`SELECT recipient, language, subject, body_text AS body FROM messages WHERE kind = 'utility.autopay_returned'`,
    );
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ recipient: 'ana@example.com', language: 'es' });
    expect(notices[0]!.subject).toMatch(/pago automático/i);
    expect(notices[0]!.body).toMatch(/\$27\.25/);
    const twice = await call(admin, 'POST', `/api/v1/utilities/autopay/entries/${anaDebit!.id}/return`, {
      code: 'R01',
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('ach_entry_not_returnable');
    expect(
      (
        await call(admin, 'POST', `/api/v1/utilities/autopay/entries/${crypto.randomUUID()}/return`, {
          code: 'R01',
        })
      ).statusCode,
    ).toBe(404);
    // One return of R01 is below the limit of 2: still on autopay.
    const enrolment = (await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.ana}/autopay`)))
      .items[0];
    expect(enrolment).toMatchObject({ status: 'active', returnsCount: 1 });
  });

  it('keeps the staff payments API from reversing a bank draft outside autopay', async () => {
    const [betoDebit] = (await entries(`&accountId=${acct.beto}`)).filter((e) => e.kind === 'debit');
    const res = await call(admin, 'POST', `/api/v1/payments/payments/${betoDebit!.paymentId}/reverse`, {
      reason: 'NSF',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('ach_return_through_autopay');
    expect(
      (await ok(await call(viewer, 'GET', `/api/v1/payments/payments/${betoDebit!.paymentId}`))).status,
    ).toBe('completed');
  });

  it('ends autopay after repeated returns, and at once for an account-closed return', async () => {
    await runCycle('11', '30');
    const pending = await entries('&status=pending');
    // Ana's returned $27.25 is owed again: the new draft is for the whole amount due.
    expect(pending.map((e) => [e.accountId, e.amountCents]).sort()).toEqual(
      [
        [acct.ana, 2 * MONTHLY],
        [acct.beto, MONTHLY],
      ].sort(),
    );
    const f = await newFile();
    expect(validateAchFile(await download(f.id))).toEqual([]);
    await ok(await call(admin, 'POST', `/api/v1/utilities/autopay/files/${f.id}/settle`, {}));
    const inFile = await entries(`&fileId=${f.id}`);
    const ana = inFile.find((e) => e.accountId === acct.ana)!;
    const beto = inFile.find((e) => e.accountId === acct.beto)!;
    await ok(
      await call(admin, 'POST', `/api/v1/utilities/autopay/entries/${ana.id}/return`, { code: 'R09' }),
    );
    await ok(
      await call(admin, 'POST', `/api/v1/utilities/autopay/entries/${beto.id}/return`, { code: 'R02' }),
    );
    const anaNow = (await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.ana}/autopay`)))
      .items[0];
    expect(anaNow).toMatchObject({ status: 'cancelled', cancelReason: 'returns', returnsCount: 2 });
    const betoNow = (await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.beto}/autopay`)))
      .items[0];
    expect(betoNow).toMatchObject({ status: 'cancelled', cancelReason: 'return_code', returnsCount: 1 });
    for (const id of [acct.ana, acct.beto])
      expect((await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${id}`))).autopay).toBe(false);
    expect(await balance(acct.ana)).toBe(2 * MONTHLY);
    // Off autopay: the next cycle drafts nothing.
    await runCycle('12', '31');
    expect(await entries('&status=pending')).toEqual([]);
  });

  it('cancels an enrolment: its prenote never goes to the bank', async () => {
    await ok(await enrol(acct.dora, { ...anaBank, accountNumber: '9876543210' }), 201);
    const cancelled = await ok(
      await call(clerk, 'POST', `/api/v1/utilities/accounts/${acct.dora}/autopay/cancel`),
    );
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelReason: 'staff',
      prenote: { status: 'cancelled' },
    });
    const again = await call(clerk, 'POST', `/api/v1/utilities/accounts/${acct.dora}/autopay/cancel`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('autopay_not_enrolled');
    expect((await call(admin, 'POST', '/api/v1/utilities/autopay/files')).json().code).toBe(
      'ach_nothing_to_send',
    );
    // Re-enrolling with new details is allowed once the old enrolment is over.
    await ok(await enrol(acct.dora, { ...anaBank, accountNumber: '1112223334' }), 201);
  });

  it('never drafts the same money twice while an earlier draft is still on its way', async () => {
    // Dora owes three unpaid months; her new enrolment's prenote has not gone to the bank yet.
    expect(await balance(acct.dora)).toBe(3 * MONTHLY);
    await runCycle('01', '31', '2027');
    const first = (await entries(`&accountId=${acct.dora}&status=pending`)).filter((e) => e.kind === 'debit');
    expect(first.map((e) => e.amountCents)).toEqual([4 * MONTHLY]);
    await runCycle('02', '28', '2027');
    const both = (await entries(`&accountId=${acct.dora}&status=pending`)).filter((e) => e.kind === 'debit');
    // Five months are due, four are already in the first draft: the second draft is one month.
    expect(both.map((e) => e.amountCents).sort((x, y) => x - y)).toEqual([MONTHLY, 4 * MONTHLY]);
    // The debits wait for the prenote: the next file carries only the prenote.
    const f = await newFile();
    expect(f).toMatchObject({ entryCount: 1, debitTotalCents: 0 });
    const next = await newFile();
    expect(next).toMatchObject({ entryCount: 2, debitTotalCents: 5 * MONTHLY });
    expect(validateAchFile(await download(next.id))).toEqual([]);
  });

  it('ends autopay when the account closes; its prenote never goes to the bank', async () => {
    await ok(await enrol(acct.cruz, { ...betoBank, accountNumber: '31415926' }), 201);
    await ok(await call(clerk, 'POST', `/api/v1/utilities/accounts/${acct.cruz}/close`, { finalReads: [] }));
    const [e] = (await ok(await call(viewer, 'GET', `/api/v1/utilities/accounts/${acct.cruz}/autopay`)))
      .items;
    expect(e).toMatchObject({
      status: 'cancelled',
      cancelReason: 'account_closed',
      prenote: { status: 'cancelled' },
    });
    expect(
      (await call(clerk, 'POST', `/api/v1/utilities/accounts/${acct.cruz}/autopay`, betoBank)).json().code,
    ).toBe('account_closed');
  });

  it('keeps ACH settings for administrators, validated', async () => {
    const defaults = await ok(await call(admin, 'GET', '/api/v1/utilities/autopay/settings'));
    expect(defaults).toMatchObject({ saved: false, returnLimit: 2, immediateDestination: '111000025' });
    expect((await call(clerk, 'GET', '/api/v1/utilities/autopay/settings')).statusCode).toBe(403);
    const body = { ...defaults, saved: undefined, immediateDestination: '111000026', returnLimit: 3 };
    const bad = await call(admin, 'PUT', '/api/v1/utilities/autopay/settings', body, { lang: 'es' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({
      field: 'immediateDestination',
      code: 'routing_number_check_digit',
    });
    const saved = await ok(
      await call(admin, 'PUT', '/api/v1/utilities/autopay/settings', {
        ...body,
        immediateDestination: '021000021',
      }),
    );
    expect(saved).toMatchObject({ saved: true, returnLimit: 3, immediateDestination: '021000021' });
    // A file keeps the settings it was built with.
    expect(validateAchFile(await download(files[0]!))).toEqual([]);
  });

  it('keeps other tenants out of files and entries', async () => {
    const as = (method: 'GET' | 'POST', url: string) =>
      call(otherAdmin, method, url, method === 'POST' ? {} : undefined, { host: OTHER });
    expect((await ok(await as('GET', '/api/v1/utilities/autopay/files'))).items).toEqual([]);
    expect((await ok(await as('GET', '/api/v1/utilities/autopay/entries'))).items).toEqual([]);
    expect((await as('GET', `/api/v1/utilities/autopay/files/${files[0]}`)).statusCode).toBe(404);
    expect((await as('GET', `/api/v1/utilities/autopay/files/${files[0]}/download`)).statusCode).toBe(404);
    expect((await as('POST', `/api/v1/utilities/autopay/files/${files[0]}/settle`)).statusCode).toBe(404);
    expect((await as('GET', `/api/v1/utilities/accounts/${acct.ana}/autopay`)).statusCode).toBe(404);
    expect((await call(null, 'GET', '/api/v1/utilities/autopay/files')).statusCode).toBe(401);
    expect(
      (await call(viewer, 'GET', `/api/v1/utilities/autopay/files/${files[0]}/download`)).statusCode,
    ).toBe(403);
  });

  // Last: after it the server's own key (CIVQ_SECRET) no longer opens the rows.
  it('reseals every enrolment under a new secret, the old one kept only to open', async () => {
    const config = t.platform.config;
    const rotated = createSealer(
      ['a-brand-new-secret-of-at-least-32-chars', config.secret],
      BANK_DETAILS_PURPOSE,
    );
    const before = await db<{ n: number }>(sql`SELECT count(*)::int AS n FROM autopay_enrolments`);
    expect(await withSystem(t.platform.db, (tx) => resealBankDetails(tx, rotated, 2))).toBe(2);
    let total = 2;
    for (let n = -1; n !== 0; total += n)
      n = await withSystem(t.platform.db, (tx) => resealBankDetails(tx, rotated, 2));
    expect(total).toBe(before[0]!.n);
    const rows = await db<{ id: string; account_id: string; sealed: string; key_id: string }>(
      sql`SELECT id, account_id, encode(bank_sealed, 'hex') AS sealed, key_id FROM autopay_enrolments
          WHERE account_id = ${acct.ana}`,
    );
    expect(rows.every((r) => r.key_id === rotated.currentKeyId)).toBe(true);
    const onlyNew = createSealer(['a-brand-new-secret-of-at-least-32-chars'], BANK_DETAILS_PURPOSE);
    const opened = JSON.parse(
      onlyNew.open(
        Buffer.from(rows[0]!.sealed, 'hex'),
        rows[0]!.key_id,
        bankAad(rows[0]!.id, rows[0]!.account_id),
      ),
    );
    expect(opened).toEqual({ routingNumber: '021000021', accountNumber: '000123456789' });
  });
});
