import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { createStaffUser, msg, signIn, statePath, TEST_PASSWORD, useLanguage, type Lang } from './support.ts';

/**
 * The staff Payments pages over the real ledger: KPIs by period, the charge list with filters
 * in the address, recording a check end to end (down to the Spanish receipt in the
 * communications log), refusing bad amounts, refunds, voids and returned checks, the deposit
 * report, and who may do what. Every figure asserted on comes from charges created here.
 */

const BASE = '/dashboard/payments';
const t = (lang: Lang, key: string) => msg(lang, 'dashboard', `payments.${key}`);
const usd = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(cents / 100);

type Charge = { id: string; referenceCode: string; status: string; allocatedCents: number };
type Payment = { id: string; receiptNumber: string; refunds: { id: string }[] };
type ChargeDetail = Charge & { payments: unknown[] };
type Summary = { collectedCents: number; payments: number; refundsCents: number; netCents: number };

let counter = 0;
const unique = () => `${Date.now().toString(36)}${process.pid}${(counter += 1)}`;

/** The ledger API as the signed-in user of the page, with CSRF and an Idempotency-Key per call. */
async function ledger(page: Page) {
  const me = await page.request.get('/api/v1/auth/me');
  expect(me.status()).toBe(200);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const post = async <T>(path: string, data: object, status = [200, 201]) => {
    const res = await page.request.post(path, {
      headers: { 'x-csrf-token': csrfToken, 'idempotency-key': randomUUID() },
      data,
    });
    expect(status, `${path}: ${await res.text()}`).toContain(res.status());
    return (await res.json()) as T;
  };
  return {
    charge: (o: { cents: number; kind?: string; language?: Lang; email?: string | null; name?: string }) => {
      const tag = unique();
      return post<Charge>('/api/v1/payments/charges', {
        kind: o.kind ?? 'permit_fee',
        description: { en: `Fence permit ${tag}`, es: `Permiso de cerca ${tag}` },
        amountCents: o.cents,
        party: {
          name: o.name ?? 'Lucía Ramírez',
          email: o.email === undefined ? null : o.email,
          language: o.language ?? 'en',
        },
      });
    },
    pay: (referenceCode: string, cents: number, extra: object = {}) =>
      post<Payment>('/api/v1/payments/payments', {
        method: 'check',
        checkNumber: '3301',
        amountCents: cents,
        referenceCode,
        ...extra,
      }),
    post,
    get: async <T>(path: string) => (await (await page.request.get(path)).json()) as T,
  };
}

test.describe('as a clerk', () => {
  test.use({ storageState: statePath('clerk') });

  test('records a check end to end; the payer’s Spanish receipt is in the communications log', async ({
    page,
    browser,
  }) => {
    const api = await ledger(page);
    const email = `pagos-${unique()}@esperanza-e2e.example.com`;
    const charge = await api.charge({ cents: 12_500, language: 'es', email });

    await page.goto('/dashboard');
    await page
      .getByRole('navigation', { name: msg('en', 'dashboard', 'nav.label') })
      .getByRole('link', { name: msg('en', 'dashboard', 'modules.payments.title') })
      .click();
    await page.getByRole('link', { name: t('en', 'ledger.record') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'record.title'));
    await expect(page.getByLabel(t('en', 'methods.check'), { exact: true })).toBeChecked();
    await expect(page.getByLabel(t('en', 'record.receivedOn'))).not.toHaveValue('');
    await page.getByLabel(t('en', 'record.checkNumber')).fill('4471');
    await page.getByLabel(t('en', 'record.amount')).fill('100.5');
    // Typed loosely; the charge it names is shown before anything is recorded.
    await page
      .getByLabel(t('en', 'record.reference'))
      .fill(charge.referenceCode.toLowerCase().replace(/-/g, ' '));
    await page.getByLabel(t('en', 'record.payerName')).focus();
    await expect(page.getByTestId('charge-lookup')).toContainText(
      'Billed to Lucía Ramírez. Balance due: $125.00.',
    );
    await page.getByRole('button', { name: t('en', 'record.submit') }).click();

    await expect(page).toHaveURL(/\/dashboard\/payments\/payments\/[0-9a-f-]{36}$/);
    const receipt = (await page.getByTestId('receipt-number').textContent())!;
    expect(receipt).toMatch(/^R-\d{4}-\d{6}$/);
    await expect(page.getByTestId('flash')).toHaveText(`Payment recorded. Receipt number ${receipt}.`);
    await expect(page.getByTestId('payment-amount')).toHaveText('$100.50');
    await expect(page.getByTestId('payment-method')).toHaveText('Check');
    await expect(page.getByTestId('check-number')).toHaveText('4471');
    await expect(page.getByTestId('payer-name')).toHaveText('Lucía Ramírez');
    await expect(page.getByTestId('allocations')).toContainText(charge.referenceCode);
    await expect(page.getByRole('link', { name: t('en', 'payment.print') })).toHaveAttribute(
      'href',
      /\/receipt\.pdf$/,
    );
    const detail = await api.get<ChargeDetail>(`/api/v1/payments/charges/${charge.id}`);
    expect(detail).toMatchObject({ status: 'partially_paid', allocatedCents: 10_050 });

    // The receipt went out in the payer's language (Spanish), to the charge's email.
    const admin = await browser.newContext({ storageState: statePath('admin') });
    const log = await admin.newPage();
    await log.goto('/dashboard/communications?kind=payment.receipt');
    const masked = `${email[0]}•••${email.slice(email.indexOf('@'))}`;
    const row = log.getByTestId('message-row').filter({ hasText: masked });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('Spanish');
    await row.getByRole('link').click();
    const subject = log.getByTestId('message-subject');
    await expect(subject).toHaveText(/^Recibo de pago /);
    await expect(subject).toContainText(receipt);
    await expect(log.getByTestId('message-to')).toContainText(email);
    await admin.close();
  });

  test('a bad amount gets a localized error and records nothing', async ({ page, context }) => {
    const api = await ledger(page);
    const charge = await api.charge({ cents: 5_000 });
    const posts: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/payments/payments')) posts.push(r.url());
    });

    await page.goto(`${BASE}/record?ref=${charge.referenceCode}`);
    await page.getByLabel(t('en', 'record.checkNumber')).fill('1201');
    const amount = page.getByLabel(t('en', 'record.amount'));
    await amount.fill('12.345');
    await page.getByRole('button', { name: t('en', 'record.submit') }).click();
    await expect(page.getByText(t('en', 'amount.cents'))).toBeVisible();
    await expect(amount).toBeFocused();
    await expect(amount).toHaveAttribute('aria-invalid', 'true');

    // In Spanish too; the check number is required for a check.
    await useLanguage(context, 'es');
    await page.reload();
    await page.getByLabel(t('es', 'record.amount')).fill('-5');
    await page.getByRole('button', { name: t('es', 'record.submit') }).click();
    await expect(page.getByText(t('es', 'record.checkNumberRequired'))).toBeVisible();
    await expect(page.getByText(t('es', 'amount.positive'))).toBeVisible();
    await expect(page.getByLabel(t('es', 'record.checkNumber'))).toBeFocused();
    expect(posts).toEqual([]);

    // A reference code with a wrong check digit: the server's own Spanish message, at the field.
    await page.getByLabel(t('es', 'record.checkNumber')).fill('1201');
    await page.getByLabel(t('es', 'record.amount')).fill('20');
    await page.getByLabel(t('es', 'record.reference')).fill('C-0000-0001');
    await page.getByRole('button', { name: t('es', 'record.submit') }).click();
    await expect(page.getByTestId('problem').getByRole('heading')).toHaveText(
      msg('es', 'errors', 'validation_failed.title'),
    );
    await expect(page.getByText(msg('es', 'errors', 'validation.reference_code_invalid'))).toBeVisible();
    await expect(page).toHaveURL(/\/record\?ref=/);

    const detail = await api.get<ChargeDetail>(`/api/v1/payments/charges/${charge.id}`);
    expect(detail).toMatchObject({ status: 'pending', allocatedCents: 0, payments: [] });
  });

  test('the KPI cards show the chosen period and change with it', async ({ page }) => {
    const api = await ledger(page);
    // A day of its own in the past, so the figures are ours alone.
    const year = 2001 + (Date.now() % 17);
    const day = `${year}-03-15`;
    const before = await api.get<Summary>(`/api/v1/payments/summary?from=${year}-03-01&to=${year}-03-31`);
    const charge = await api.charge({ cents: 9_999 });
    await api.pay(charge.referenceCode, 4_321, { receivedOn: day });

    await page.goto(BASE);
    const value = (kpi: string) => page.getByTestId(`kpi-${kpi}-value`);
    await expect(page.getByTestId('kpis')).toBeVisible();
    for (const kpi of ['collected', 'payments', 'refunds', 'net']) {
      await expect(page.getByTestId(`kpi-${kpi}`)).toContainText(t('en', `kpis.${kpi}`));
    }
    const thisMonth = await page.getByTestId('kpi-period').textContent();

    await page.getByLabel(t('en', 'period.choice'), { exact: true }).selectOption('custom');
    await page.getByLabel(t('en', 'period.from'), { exact: true }).fill(`${year}-03-01`);
    await page.getByLabel(t('en', 'period.to'), { exact: true }).fill(`${year}-03-31`);
    await page.getByRole('button', { name: t('en', 'period.apply') }).click();
    await expect(page).toHaveURL(new RegExp(`from=${year}-03-01&to=${year}-03-31`));
    await expect(page.getByTestId('kpi-period')).toHaveText(
      new RegExp(`^Totals for Mar 1\\s–\\s31, ${year}$`),
    );
    await expect(value('collected')).toHaveText(usd(before.collectedCents + 4_321));
    await expect(value('payments')).toHaveText(String(before.payments + 1));
    await expect(value('refunds')).toHaveText(usd(before.refundsCents));
    await expect(value('net')).toHaveText(usd(before.netCents + 4_321));

    // A preset replaces the dates; back to this month shows this month again.
    await page.getByLabel(t('en', 'period.choice'), { exact: true }).selectOption('last-month');
    await page.getByRole('button', { name: t('en', 'period.apply') }).click();
    await expect(page).toHaveURL(/\?period=last-month$/);
    await expect(page.getByTestId('kpi-period')).not.toHaveText(
      new RegExp(`^Totals for Mar 1\\s–\\s31, ${year}$`),
    );
    await expect(page.getByTestId('kpi-period')).not.toHaveText(thisMonth!);
    await page.getByLabel(t('en', 'period.choice'), { exact: true }).selectOption('this-month');
    await page.getByRole('button', { name: t('en', 'period.apply') }).click();
    await expect(page).toHaveURL(/\/dashboard\/payments$/);
    await expect(page.getByTestId('kpi-period')).toHaveText(thisMonth!);
  });

  test('filters by status and kind, and searches, keeping them in the address', async ({ page }) => {
    const api = await ledger(page);
    const unpaid = await api.charge({ cents: 1_500, kind: 'records_fee', name: 'Ofelia Garza' });
    const rows = page.getByTestId('charge-row');
    const values = (attribute: string) =>
      expect.poll(async () => [
        ...new Set(await rows.evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attribute)),
      ]);

    await page.goto(BASE);
    await expect(rows.first()).toBeVisible();
    await page.getByLabel(t('en', 'filters.status'), { exact: true }).selectOption('paid');
    await page.getByRole('button', { name: t('en', 'filters.apply') }).click();
    await expect(page).toHaveURL(/\?status=paid$/);
    await values('data-status').toEqual(['paid']);

    await page
      .getByLabel(t('en', 'filters.kind'), { exact: true })
      .selectOption({ label: t('en', 'kinds.permit_fee') });
    await page.getByRole('button', { name: t('en', 'filters.apply') }).click();
    await expect(page).toHaveURL(/\?status=paid&kind=permit_fee$/);
    await values('data-kind').toEqual(['permit_fee']);
    await values('data-status').toEqual(['paid']);

    // The unpaid records fee, by reference code: found with its own status and kind…
    await page.goto(`${BASE}?status=pending&kind=records_fee&q=${unpaid.referenceCode}`);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-reference', unpaid.referenceCode);
    await expect(rows.first()).toContainText('Ofelia Garza');
    await expect(rows.first()).toContainText(t('en', 'status.pending'));
    await expect(page.getByLabel(t('en', 'filters.search'), { exact: true })).toHaveValue(
      unpaid.referenceCode,
    );
    // …and not with another status: an empty state, and a way back.
    await page.getByLabel(t('en', 'filters.status'), { exact: true }).selectOption('paid');
    await page.getByRole('button', { name: t('en', 'filters.apply') }).click();
    await expect(page.getByTestId('charges-empty')).toContainText(t('en', 'ledger.emptyFiltered'));
    await page.getByRole('link', { name: t('en', 'filters.clear') }).click();
    await expect(page).toHaveURL(/\/dashboard\/payments$/);
    await expect(page.getByLabel(t('en', 'filters.search'), { exact: true })).toHaveValue('');

    // Paging keeps the filters.
    await page.goto(`${BASE}?perPage=3`);
    const pager = page.getByTestId('pager');
    await expect(pager).toContainText(/Showing 1–3 of [\d,]+ charges/);
    await expect(rows).toHaveCount(3);
    await pager.getByRole('link', { name: t('en', 'pager.next') }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(pager).toContainText(/Showing 4–6 of/);
  });

  test('sees no Refund, Void or Reverse, and the API refuses them', async ({ page }) => {
    const api = await ledger(page);
    const paid = await api.charge({ cents: 2_000 });
    const payment = await api.pay(paid.referenceCode, 2_000);
    const unpaid = await api.charge({ cents: 2_000 });

    await page.goto(`${BASE}/charges/${paid.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Charge ${paid.referenceCode}`);
    await expect(page.getByTestId('charge-payments')).toContainText(payment.receiptNumber);
    await expect(page.getByRole('button', { name: new RegExp(t('en', 'charge.refund')) })).toHaveCount(0);
    await page.goto(`${BASE}/charges/${unpaid.id}`);
    await expect(page.getByTestId('payments-none')).toBeVisible();
    await expect(page.getByRole('button', { name: t('en', 'void.open') })).toHaveCount(0);
    await expect(page.getByRole('link', { name: t('en', 'charge.recordPayment') })).toBeVisible();
    await page.goto(`${BASE}/payments/${payment.id}`);
    await expect(page.getByTestId('receipt-number')).toHaveText(payment.receiptNumber);
    await expect(page.getByRole('button', { name: t('en', 'reverse.open') })).toHaveCount(0);

    await api.post(
      `/api/v1/payments/payments/${payment.id}/refunds`,
      { amountCents: 100, reason: 'x' },
      [403],
    );
    await api.post(`/api/v1/payments/payments/${payment.id}/reverse`, { reason: 'NSF' }, [403]);
    await api.post(`/api/v1/payments/charges/${unpaid.id}/void`, { reason: 'typo' }, [403]);
  });

  test('the daily deposit report lists today’s checks and cash by clerk', async ({ page }) => {
    const api = await ledger(page);
    const charge = await api.charge({ cents: 3_000, name: 'Benito Salinas' });
    const cash = await api.pay(charge.referenceCode, 1_234, { method: 'cash', checkNumber: null });

    await page.goto(BASE);
    await page.getByRole('link', { name: t('en', 'ledger.deposit') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'deposit.title'));
    const carlos = page.getByTestId('deposit-clerk').filter({ hasText: 'Carlos Treviño' });
    const line = carlos.getByTestId('deposit-line').filter({ hasText: cash.receiptNumber });
    await expect(line).toContainText('Cash');
    await expect(line).toContainText('Benito Salinas');
    await expect(line).toContainText('$12.34');
    await expect(carlos).toContainText('Total for Carlos Treviño');
    const pdf = page.getByTestId('deposit-pdf');
    await expect(pdf).toHaveAttribute('href', /deposit-report\.pdf\?date=\d{4}-\d{2}-\d{2}&lang=en$/);
    const res = await page.request.get((await pdf.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');

    await page.getByLabel(t('en', 'deposit.date'), { exact: true }).fill('2001-01-01');
    await page.getByRole('button', { name: t('en', 'deposit.show') }).click();
    await expect(page).toHaveURL(/\?date=2001-01-01$/);
    await expect(page.getByTestId('deposit-empty')).toBeVisible();
    await expect(page.getByTestId('deposit-total')).toContainText('$0.00');
  });
});

test.describe('as an administrator', () => {
  test.use({ storageState: statePath('admin') });

  test('refunds part of a payment and sees the refund listed', async ({ page }) => {
    const api = await ledger(page);
    const charge = await api.charge({
      cents: 8_000,
      email: `reembolso-${unique()}@esperanza-e2e.example.com`,
    });
    const payment = await api.pay(charge.referenceCode, 8_000);

    await page.goto(`${BASE}/charges/${charge.id}`);
    await expect(page.getByTestId('charge-status')).toHaveText(t('en', 'status.paid'));
    await expect(page.getByRole('button', { name: t('en', 'void.open') })).toHaveCount(0);
    await page.getByRole('button', { name: `${t('en', 'charge.refund')} ${payment.receiptNumber}` }).click();
    const form = page.getByTestId('refund-form');
    await expect(form.getByRole('heading')).toHaveText(`Refund from receipt ${payment.receiptNumber}`);
    // More than was paid is refused before anything is sent.
    await form.getByLabel(t('en', 'refund.amount')).fill('80.01');
    await form.getByRole('button', { name: t('en', 'refund.submit') }).click();
    await expect(form).toContainText('You can refund at most $80.00 from this payment.');
    await expect(form).toContainText(t('en', 'refund.reasonRequired'));
    await form.getByLabel(t('en', 'refund.amount')).fill('25');
    await form.getByLabel(t('en', 'refund.reason')).fill('Fence shortened; fee recalculated');
    await form.getByRole('button', { name: t('en', 'refund.submit') }).click();

    await expect(page.getByTestId('flash')).toContainText(/Refund RF-\d{4}-\d{6} of \$25\.00 issued/);
    const refund = page.getByTestId('refund-row');
    await expect(refund).toHaveCount(1);
    await expect(refund).toContainText('$25.00');
    await expect(refund).toContainText('Fence shortened; fee recalculated');
    await expect(refund).toContainText(payment.receiptNumber);
    await expect(page.getByTestId('charge-refunded')).toContainText('$25.00');
    await expect(page.getByTestId('charge-payment-row')).toContainText('$55.00');

    // On the payment too, with its refund receipt.
    await refund.getByRole('link', { name: payment.receiptNumber }).click();
    await expect(page.getByTestId('refund-row')).toContainText('$25.00');
    const pdf = page.getByTestId('refund-row').getByRole('link', { name: /PDF/ });
    const res = await page.request.get((await pdf.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
  });

  test('voids an unpaid charge and reverses a returned check with a fee', async ({ page }) => {
    const api = await ledger(page);
    const typo = await api.charge({ cents: 4_000 });
    await page.goto(`${BASE}/charges/${typo.id}`);
    await page.getByRole('button', { name: t('en', 'void.open') }).click();
    await page.getByRole('button', { name: t('en', 'void.submit') }).click();
    await expect(page.getByText(t('en', 'reasonRequired'))).toBeVisible();
    await page.getByLabel(t('en', 'void.reason')).fill('Entered twice');
    await page.getByRole('button', { name: t('en', 'void.submit') }).click();
    await expect(page.getByTestId('flash')).toHaveText(`Charge ${typo.referenceCode} is void.`);
    await expect(page.getByTestId('charge-status')).toHaveText(t('en', 'status.void'));
    await expect(page.getByRole('button', { name: t('en', 'void.open') })).toHaveCount(0);

    const charge = await api.charge({ cents: 6_000 });
    const payment = await api.pay(charge.referenceCode, 6_000);
    await page.goto(`${BASE}/payments/${payment.id}`);
    await page.getByRole('button', { name: t('en', 'reverse.open') }).click();
    await page.getByLabel(t('en', 'reverse.reason'), { exact: true }).fill('NSF, returned by the bank');
    await page.getByLabel(new RegExp(t('en', 'reverse.fee'))).fill('30');
    await page.getByRole('button', { name: t('en', 'reverse.submit') }).click();
    await expect(page.getByTestId('flash')).toHaveText(
      `Payment ${payment.receiptNumber} was reversed as a returned check.`,
    );
    await expect(page.getByTestId('payment-status')).toHaveText(t('en', 'paymentStatus.reversed'));
    await page.getByTestId('allocations').getByRole('link', { name: charge.referenceCode }).click();
    await expect(page.getByTestId('charge-balance')).toContainText('$60.00');
    await expect(page.getByTestId('charge-status')).toHaveText(t('en', 'status.pending'));
  });
});

test('a viewer reads the ledger but may not record a payment', async ({ page }) => {
  const viewer = await createStaffUser('pay-viewer', { role: 'viewer' });
  await page.goto('/dashboard/sign-in');
  await signIn(page, 'en', viewer.email, TEST_PASSWORD);
  await page
    .getByRole('navigation', { name: msg('en', 'dashboard', 'nav.label') })
    .getByRole('link', { name: msg('en', 'dashboard', 'modules.payments.title') })
    .click();
  await expect(page.getByTestId('charge-row').first()).toBeVisible();
  await expect(page.getByTestId('kpis')).toBeVisible();
  await expect(page.getByRole('link', { name: t('en', 'ledger.record') })).toHaveCount(0);
  await expect(page.getByRole('link', { name: t('en', 'ledger.deposit') })).toBeVisible();
  await page.goto(`${BASE}/record`);
  await expect(page.getByTestId('not-allowed')).toBeVisible();
});
