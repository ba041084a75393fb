import fs from 'node:fs';
import path from 'node:path';
import { expect, request, test, type Locator, type Page } from '@playwright/test';
import {
  baseURL,
  DEMO,
  DEMO_PASSWORD,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  msg,
  saveScreenshot,
  statePath,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * A billing run over the demo data, as an administrator: define a cycle for route R4 (its
 * accounts hold the demo's high- and zero-use readings), calculate, resolve an exception on
 * the exceptions page and leave the other blocked accounts out, recalculate, issue after the
 * confirmation, open a Spanish-speaking customer's statement, record a check on it, and watch
 * the Utility Billing home's figures move. Only route R4 is billed, so the accounts other
 * specs open (none on R4) are never touched.
 */

const BASE = '/dashboard/utilities';
const b = (key: string, lang: Lang = 'en') => msg(lang, 'dashboard-billing', key);
const d = (key: string, lang: Lang = 'en') => msg(lang, 'dashboard', key);

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const monthStart = (back: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 10);
};
const lastDayOf = (first: string) => {
  const [y, m] = first.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};
const nextDay = (iso: string) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const money = (lang: Lang, cents: number) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-US' : 'en-US', { style: 'currency', currency: 'USD' }).format(
    cents / 100,
  );
/** "$1,234.56" → 123456. */
const cents = async (el: Locator) => Number(((await el.textContent()) ?? '').replace(/[^\d]/g, ''));

type Dashboard = {
  collectedCents: number;
  outstandingCents: number;
  months: { month: string; billedCents: number; collectedCents: number }[];
};
type Statement = {
  id: string;
  number: string | null;
  language: Lang;
  accountId: string;
  accountNumber: string;
  customerName: string;
  totalDueCents: number;
  currentChargesCents: number;
  issues: { code: string; serial?: string }[];
};

async function api(page: Page) {
  const me = await page.request.get('/api/v1/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return {
    get: async <T>(path: string): Promise<T> => {
      const res = await page.request.get(path);
      expect(res.status(), `${path}: ${await res.text()}`).toBe(200);
      return (await res.json()) as T;
    },
    post: async <T>(path: string, data?: object): Promise<T> => {
      const res = await page.request.post(path, { headers: { 'x-csrf-token': csrfToken }, data });
      expect([200, 201], `${path}: ${await res.text()}`).toContain(res.status());
      return (await res.json()) as T;
    },
  };
}

/** The Utility Billing home's figures for this month, read off the page's table view. */
async function homeFigures(page: Page, lang: Lang) {
  await page.goto(BASE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(d('modules.utilities.title', lang));
  const collected = await cents(page.getByTestId('kpi-collected-value'));
  const outstanding = await cents(page.getByTestId('kpi-outstanding-value'));
  await page.getByRole('button', { name: b('home.chart.showTable', lang) }).click();
  const row = page.locator(`[data-testid=monthly-row][data-month="${monthStart(0).slice(0, 7)}"]`);
  await expect(row).toBeVisible();
  return {
    collected,
    outstanding,
    billedThisMonth: await cents(row.getByTestId('monthly-billed')),
    collectedThisMonth: await cents(row.getByTestId('monthly-collected')),
  };
}

/**
 * The home page's figures, once they equal the API's. Other specs record and reverse payments
 * in parallel on the same demo entity, so a page read between two API reads may see a payment
 * the first read did not: read both again until they agree (they do as soon as writes pause).
 */
async function homeAgreeingWithApi(page: Page, server: Awaited<ReturnType<typeof api>>, lang: Lang) {
  let home: Awaited<ReturnType<typeof homeFigures>> | undefined;
  await expect
    .poll(
      async () => {
        home = await homeFigures(page, lang);
        const ledger = await server.get<Dashboard>('/api/v1/utilities/dashboard');
        const shown = [home.collected, home.outstanding].join(' / ');
        const wanted = [ledger.collectedCents, ledger.outstandingCents].join(' / ');
        return shown === wanted ? 'agree' : `page ${shown}, API ${wanted}`;
      },
      { timeout: 30_000, message: 'the home page shows the ledger figures of the API' },
    )
    .toBe('agree');
  return home!;
}

async function looksRight(page: Page, name: string, testInfo: Parameters<typeof saveScreenshot>[1]) {
  await page.evaluate(() => document.fonts.ready);
  await expectNoA11yViolations(page);
  await expectNoHorizontalOverflow(page);
  await saveScreenshot(page, testInfo, name);
}

test.describe('a billing run, as an administrator', () => {
  test.use({ storageState: statePath('admin') });

  test('define, calculate, resolve, issue; a Spanish statement is paid; the home page follows', async ({
    page,
    context,
  }, testInfo) => {
    test.setTimeout(180_000);
    const server = await api(page);
    const tag = Date.now().toString(36).slice(-5).toUpperCase();
    const name = `Route R4 — ${tag}`;
    const home0 = await homeAgreeingWithApi(page, server, 'en');

    // Define the cycle: first with the penalty date before the due date (the server says so).
    await page.getByRole('link', { name: b('nav.cycles') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(b('cycles.title'));
    await page.getByRole('link', { name: b('cycles.define'), exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(b('cycleForm.title'));
    const form = page.getByTestId('cycle-form');
    await form.getByLabel(b('cycleForm.name'), { exact: true }).fill(`${name} (draft)`);
    await form.getByLabel(new RegExp(`^${b('cycleForm.routes')}`)).fill('R4');
    const period = form.getByRole('group', { name: b('cycleForm.period') });
    await period.getByLabel(b('cycleForm.from')).fill(monthStart(1));
    await period.getByLabel(b('cycleForm.to')).fill(lastDayOf(monthStart(1)));
    const reads = form.getByRole('group', { name: b('cycleForm.reads') });
    // The demo reads every meter on the 1st: this month's read, measured from last month's.
    await reads.getByLabel(b('cycleForm.from')).fill(nextDay(monthStart(1)));
    await reads.getByLabel(b('cycleForm.to')).fill(monthStart(0));
    await form.getByLabel(b('cycleForm.billDate')).fill(day(0));
    await form.getByLabel(b('cycleForm.dueDate')).fill(day(20));
    await form.getByLabel(b('cycleForm.penaltyDate')).fill(day(10));
    await form.getByRole('button', { name: b('cycleForm.submit') }).click();
    const penalty = form.getByLabel(b('cycleForm.penaltyDate'));
    await expect(penalty).toHaveAttribute('aria-invalid', 'true');
    await expect(penalty).toBeFocused();
    await expect(form.locator('#cycle-penaltyDate-error')).not.toBeEmpty();
    await looksRight(page, 'billing-cycle-form-error-en', testInfo);
    await penalty.fill(day(25));
    await form.getByRole('button', { name: b('cycleForm.submit') }).click();

    // The run: calculate.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${name} (draft)`);
    await expect(page.getByTestId('flash')).toHaveText(b('cycleForm.saved'));
    // Its name changed before the run, as a cycle that has issued nothing may be.
    await page.getByRole('button', { name: b('cycleForm.editTitle') }).click();
    await page.getByTestId('cycle-form').getByLabel(b('cycleForm.name'), { exact: true }).fill(name);
    await page.getByRole('button', { name: b('cycleForm.save') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page.getByTestId('flash')).toHaveText(b('cycleForm.updated'));
    const cycleUrl = page.url();
    const cycleId = cycleUrl.split('/').pop()!;
    await page.getByRole('button', { name: b('cycle.run.calculate'), exact: true }).click();
    await expect(page.getByTestId('flash')).toContainText(
      /^Calculated: \d+ draft statements, \d+ need review\.$/,
    );
    const withIssues = await cents(page.getByTestId('count-withIssues-value'));
    expect(withIssues).toBeGreaterThanOrEqual(2);
    await expect(page.getByTestId('issue-blocked')).toBeVisible();
    await expect(page.getByRole('button', { name: b('cycle.run.issue') })).toHaveCount(0);
    // The demo's open exceptions (this month's and earlier months') hold these accounts' bills.
    const review = page.getByTestId('review-draft');
    await expect(review).toHaveCount(Math.min(25, withIssues));
    await expect(review.first().getByTestId('draft-issues')).toContainText(/WM-\d+/);
    await looksRight(page, 'billing-cycle-calculated-en', testInfo);

    // Resolve one where exceptions are reviewed: accept the reading, from that account's list.
    const blocked = await server.get<{ items: Statement[] }>(
      `/api/v1/utilities/statements?cycleId=${cycleId}&withIssues=true&limit=200`,
    );
    const one = blocked.items.find((s) => s.issues.length === 1 && s.issues[0]!.code === 'open_exception')!;
    expect(one, 'an account held by a single exception').toBeDefined();
    const serial = one.issues[0]!.serial!;
    await page.goto(cycleUrl);
    const item = page.locator(`[data-testid=review-draft][data-account="${one.accountNumber}"]`);
    await expect(review.first()).toBeVisible();
    for (let pages = 0; (await item.count()) === 0 && pages < 8; pages++) {
      await page.getByRole('button', { name: d('utilities.pager.next') }).click();
      await expect(page.locator('.civq-pager__page')).toContainText(String(pages + 2));
    }
    await item.getByRole('link', { name: b('cycle.review.reviewExceptions') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(d('utilities.exceptions.title'));
    await expect(page.getByTestId('exceptions-of-account')).toBeVisible();
    const exception = page.locator(`[data-testid=exception][data-serial="${serial}"]`);
    await expect(page.getByTestId('exception')).toHaveCount(1);
    await exception.getByRole('button', { name: d('utilities.exceptions.review') }).click();
    await exception.getByRole('button', { name: d('utilities.exceptions.submit') }).click();
    await expect(page.getByTestId('flash')).toHaveText(
      d('utilities.exceptions.done.accept').replace('{serial}', serial),
    );

    // Back to the run: recalculate, and that account no longer needs review.
    await page.goto(cycleUrl);
    await page.getByRole('button', { name: b('cycle.run.recalculate') }).click();
    await expect(page.getByTestId('count-withIssues-value')).toHaveText(String(withIssues - 1));
    await expect(item).toHaveCount(0);

    // Leave the others out of this run: two by hand (one put back and out again), the rest by API.
    const excluded = page.getByTestId('excluded-draft');
    for (const left of [withIssues - 2, withIssues - 3]) {
      const first = review.first();
      const account = (await first.getAttribute('data-account'))!;
      await first.getByRole('button', { name: b('cycle.review.exclude') }).click();
      await expect(page.getByTestId('flash')).toContainText(
        account.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1-$2-$3'),
      );
      await expect(page.getByTestId('count-withIssues-value')).toHaveText(String(left));
    }
    await expect(excluded).toHaveCount(2);
    await excluded
      .first()
      .getByRole('button', { name: b('cycle.review.include') })
      .click();
    await expect(page.getByTestId('count-withIssues-value')).toHaveText(String(withIssues - 2));
    await expect(excluded).toHaveCount(1);
    const rest = await server.get<{ items: Statement[] }>(
      `/api/v1/utilities/statements?cycleId=${cycleId}&withIssues=true&limit=200`,
    );
    for (const s of rest.items) await server.post(`/api/v1/utilities/statements/${s.id}/exclude`);
    await page.reload();
    await expect(page.getByTestId('review-empty')).toBeVisible();
    await expect(page.getByTestId('count-withIssues-value')).toHaveText('0');
    await expect(page.getByTestId('count-excluded-value')).toHaveText(String(withIssues - 1));

    // Issue, after the confirmation (which can be declined).
    const drafts = await cents(page.getByTestId('count-drafts-value'));
    const charges = await cents(page.getByTestId('count-charges-value'));
    await page.getByRole('button', { name: b('cycle.run.issue') }).click();
    const confirm = page.getByTestId('issue-confirm');
    await expect(confirm.getByRole('heading')).toBeFocused();
    await expect(confirm.getByRole('heading')).toHaveText(`Issue ${drafts} statements?`);
    await confirm.getByRole('button', { name: b('cycle.run.confirmNo') }).click();
    await expect(page.getByRole('button', { name: b('cycle.run.issue') })).toBeFocused();
    await page.getByRole('button', { name: b('cycle.run.issue') }).click();
    await confirm.getByRole('button', { name: b('cycle.run.confirmYes') }).click();
    await expect(page.getByTestId('flash')).toHaveText(`Issued ${drafts} statements.`);
    await expect(page.getByTestId('count-issued-value')).toHaveText(String(drafts));
    await expect(page.locator('[data-status=issued]').first()).toHaveText(b('cycleStatuses.issued'));
    await looksRight(page, 'billing-cycle-issued-en', testInfo);

    // The home page: this month's billing grew by the issued charges, to the cent.
    const home1 = await homeFigures(page, 'en');
    expect(home1.billedThisMonth - home0.billedThisMonth).toBeGreaterThanOrEqual(charges);
    expect(home1.outstanding - home0.outstanding).toBeGreaterThan(0);

    // A Spanish-speaking customer's statement, found by its number, in Spanish.
    const issued = await server.get<{ items: Statement[] }>(
      `/api/v1/utilities/statements?cycleId=${cycleId}&status=issued&limit=200`,
    );
    // Nothing carried over, so what is still owed on its charge is its total due.
    const spanish = issued.items.find(
      (s) => s.language === 'es' && s.totalDueCents === s.currentChargesCents && s.currentChargesCents > 3000,
    )!;
    expect(spanish, 'a Spanish-speaking customer in route R4').toBeDefined();
    await useLanguage(context, 'es');
    await page.goto(`${BASE}/statements`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(b('statements.title', 'es'));
    await page.getByLabel(b('statements.filters.search', 'es')).fill(spanish.number!.toLowerCase());
    await page.getByRole('button', { name: b('statements.filters.apply', 'es') }).click();
    await expect(page.getByTestId('statement-row')).toHaveCount(1);
    await page.getByRole('link', { name: spanish.number! }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      `Estado de cuenta ${spanish.number!.replace('-', '\u2011')}`,
    );
    await expect(page.getByTestId('statement-language')).toHaveText('español');
    await expect(page.getByTestId('due-total')).toContainText(money('es', spanish.totalDueCents));
    await expect(page.getByTestId('lines-total')).toHaveText(money('es', spanish.currentChargesCents));
    const detail = await server.get<{ lines: { label: { es: string } }[] }>(
      `/api/v1/utilities/statements/${spanish.id}`,
    );
    await expect(page.getByTestId('statement-line')).toHaveCount(detail.lines.length);
    await expect(page.getByTestId('statement-line').first()).toContainText(detail.lines[0]!.label.es);
    await expect(page.getByTestId('statement-line').filter({ hasText: '×' }).first()).toContainText(
      /\d × \$0\.\d+/,
    );
    await expect(page.getByTestId('statement-meter')).toHaveCount(1);
    await expect(page.getByTestId('statement-pdf')).toHaveAttribute(
      'href',
      `/api/v1/utilities/statements/${spanish.id}/pdf`,
    );
    // The PDF behind the link, kept with the screenshots to look at.
    const pdf = await page.request.get((await page.getByTestId('statement-pdf').getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const shots = path.resolve('test-results', 'screenshots', testInfo.project.name);
    fs.mkdirSync(shots, { recursive: true });
    fs.writeFileSync(path.join(shots, 'billing-statement-es.pdf'), bytes);
    await expect(page.locator('[data-status=issued]')).toHaveText(b('statuses.issued', 'es'));
    await looksRight(page, 'billing-statement-es', testInfo);
    await page.setViewportSize({ width: 360, height: 740 });
    await looksRight(page, 'billing-statement-es-phone', testInfo);
    await page.setViewportSize({ width: 1280, height: 800 });

    // A $20.00 check on it, from its charge on the payments ledger.
    await page.getByTestId('statement-charge').click();
    await page.getByRole('link', { name: msg('es', 'dashboard', 'payments.charge.recordPayment') }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(d('payments.record.title', 'es'));
    await page.getByLabel(d('payments.record.checkNumber', 'es')).fill('5120');
    await page.getByLabel(d('payments.record.amount', 'es')).fill('20.00');
    await page.getByRole('button', { name: d('payments.record.submit', 'es') }).click();
    await expect(page.getByTestId('receipt-number')).toHaveText(/^R-\d{4}-\d{6}$/);
    await page.goto(`${BASE}/statements/${spanish.id}`);
    await expect(page.locator('[data-status=partially_paid]')).toHaveText(b('statuses.partially_paid', 'es'));
    await expect(page.getByTestId('due-balance')).toContainText(money('es', spanish.totalDueCents - 2000));

    // The home page again, in Spanish: $20.00 more collected this month, $20.00 less owed.
    const home2 = await homeFigures(page, 'es');
    expect(home2.collectedThisMonth - home1.collectedThisMonth).toBeGreaterThanOrEqual(2000);
    expect(home2.collected - home1.collected).toBeGreaterThanOrEqual(2000);
    await homeAgreeingWithApi(page, server, 'es');
    await looksRight(page, 'billing-home-table-es', testInfo);
    await page.getByRole('button', { name: b('home.chart.showChart', 'es') }).click();
    await expect(page.getByTestId('chart')).toBeVisible();
    await looksRight(page, 'billing-home-chart-es', testInfo);

    // The account's own page lists the statement.
    await page.goto(`${BASE}/accounts/${spanish.accountId}`);
    await expect(
      page
        .getByTestId('account-statements')
        .locator(`[data-testid=statement-row][data-number="${spanish.number}"]`),
    ).toHaveCount(1);

    // An administrator voids another statement of the run, giving the reason.
    // Nothing paid on it (no credit carried in), so it may be voided.
    const other = issued.items.find((s) => s.id !== spanish.id && s.totalDueCents === s.currentChargesCents)!;
    await useLanguage(context, 'en');
    await page.goto(`${BASE}/statements/${other.id}`);
    const voiding = page.getByTestId('void-statement');
    await voiding.getByRole('button', { name: b('statement.void.open') }).click();
    const reason = voiding.getByLabel(b('statement.void.reason'));
    await expect(reason).toBeFocused();
    await voiding.getByRole('button', { name: b('statement.void.submit') }).click();
    await expect(voiding.getByText(b('statement.void.reasonRequired'))).toBeVisible();
    await reason.fill('Meter misread on the route sheet');
    await voiding.getByRole('button', { name: b('statement.void.submit') }).click();
    await expect(page.getByTestId('flash')).toHaveText(b('statement.void.done'));
    await expect(page.locator('[data-status=void]')).toHaveText(b('statuses.void'));
    await expect(page.getByTestId('statement-details')).toContainText('Meter misread on the route sheet');
    await expect(page.getByTestId('void-statement')).toHaveCount(0);
  });
});

test.describe('as a viewer', () => {
  test('sees the run but cannot calculate, issue or define cycles', async ({ browser }) => {
    const signIn = await request.newContext({ baseURL: baseURL() });
    const res = await signIn.post('/api/v1/auth/login', {
      data: { email: DEMO.viewer, password: DEMO_PASSWORD },
    });
    expect(res.status()).toBe(200);
    const context = await browser.newContext({ storageState: await signIn.storageState() });
    await signIn.dispose();
    const page = await context.newPage();
    await page.goto(`${BASE}/cycles`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(b('cycles.title'));
    await expect(page.getByRole('link', { name: b('cycles.define'), exact: true })).toHaveCount(0);
    await page.goto(`${BASE}/cycles/new`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(d('notAllowed.title'));
    await context.close();
  });
});
