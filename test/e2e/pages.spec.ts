import { expect, test, type Page } from '@playwright/test';
import {
  adminApi,
  DEMO,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  LANGS,
  msg,
  saveScreenshot,
  statePath,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * Every page, in both languages, on desktop and (in the "phone" project) at 360×740: the
 * right <html lang>, zero axe violations (WCAG 2.1 A/AA), nothing wider than the screen,
 * and a full-page screenshot under test-results/screenshots/ to look at.
 */
type PageCase = {
  name: string;
  path: string;
  as?: 'admin' | 'clerk';
  heading: (lang: Lang) => string | RegExp;
  /** Steps after the page loads (open a row, expand a disclosure…). */
  then?: (page: Page, lang: Lang) => Promise<void>;
};

/**
 * Chromium paints a sandboxed (out-of-process) frame in a full-page screenshot only where it
 * was on screen: scroll the whole frame into view, and let it paint, before the picture.
 */
async function showFrame(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        el.scrollIntoView({ block: 'start' });
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      }),
  );
}

/**
 * A calculated (never issued) cycle for route R1, for the billing pages to show: last month's
 * service, billed on this month's reading (the demo reads every meter on the 1st). Drafts touch
 * nothing on the ledger. Made once; two workers racing may make two, which changes nothing.
 */
async function billingCycle(): Promise<string> {
  const name = 'Pages — route R1';
  const { api, csrf, dispose } = await adminApi();
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const now = new Date();
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const lastMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
  const today = Date.now();
  const found = (await (await api.get('/api/v1/utilities/cycles')).json()) as {
    items: { id: string; name: string; status: string }[];
  };
  let id = found.items.find((c) => c.name === name && c.status === 'calculated')?.id;
  if (!id) {
    const created = await api.post('/api/v1/utilities/cycles', {
      headers: { 'x-csrf-token': csrf },
      data: {
        name,
        routes: ['R1'],
        periodStart: iso(lastMonth),
        periodEnd: iso(thisMonth - 86_400_000),
        readFrom: iso(lastMonth + 86_400_000),
        readTo: iso(thisMonth),
        billDate: iso(today),
        dueDate: iso(today + 20 * 86_400_000),
        penaltyDate: iso(today + 25 * 86_400_000),
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    id = ((await created.json()) as { id: string }).id;
    const calc = await api.post(`/api/v1/utilities/cycles/${id}/calculate`, {
      headers: { 'x-csrf-token': csrf },
    });
    expect(calc.status(), await calc.text()).toBe(200);
  }
  await dispose();
  return id;
}

const entity = (lang: Lang) => (lang === 'en' ? 'City of Esperanza, TX' : 'Ciudad de Esperanza, TX');

const PAGES: PageCase[] = [
  { name: 'portal-home', path: '/', heading: (l) => new RegExp(entity(l).replace(/[.,]/g, '.')) },
  {
    name: 'portal-home-banner-open',
    path: '/',
    heading: (l) => new RegExp(entity(l).replace(/[.,]/g, '.')),
    then: async (page, lang) => {
      await page.getByRole('button', { name: msg(lang, 'common', 'banner.howYouKnow') }).click();
      await expect(page.getByText(msg(lang, 'common', 'banner.dotGovTitle'))).toBeVisible();
    },
  },
  {
    name: 'portal-accessibility',
    path: '/portal/accessibility',
    heading: (l) => msg(l, 'portal', 'accessibility.title'),
  },
  { name: 'portal-language', path: '/portal/language', heading: (l) => msg(l, 'portal', 'language.title') },
  {
    name: 'portal-not-found',
    path: '/portal/no-such-page',
    heading: (l) => msg(l, 'common', 'notFound.title'),
  },
  { name: 'dashboard-sign-in', path: '/dashboard', heading: (l) => msg(l, 'dashboard', 'signIn.title') },
  { name: 'dashboard-home', path: '/dashboard', as: 'admin', heading: (l) => entity(l) },
  {
    name: 'dashboard-users',
    path: '/dashboard/users',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'users.title'),
  },
  {
    name: 'dashboard-users-new',
    path: '/dashboard/users/new',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'newUser.title'),
  },
  {
    name: 'dashboard-user-manage',
    path: '/dashboard/users',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'users.title'),
    then: async (page, lang) => {
      const row = page.getByTestId(`staff-row-${DEMO.viewer}`);
      await row.getByRole('link').click();
      await expect(
        page.getByRole('heading', { level: 2, name: msg(lang, 'dashboard', 'manageUser.details') }),
      ).toBeVisible();
      await page.getByRole('button', { name: msg(lang, 'dashboard', 'manageUser.disable') }).click();
      await expect(
        page.getByRole('button', { name: msg(lang, 'dashboard', 'manageUser.disableNo') }),
      ).toBeVisible();
    },
  },
  {
    name: 'dashboard-not-allowed',
    path: '/dashboard/users',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'notAllowed.title'),
  },
  {
    name: 'dashboard-placeholder',
    path: '/dashboard/audit',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'modules.audit.title'),
  },
  {
    name: 'dashboard-communications',
    path: '/dashboard/communications',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'modules.communications.title'),
    then: async (page) => {
      await expect(page.getByTestId('message-row').first()).toBeVisible();
    },
  },
  {
    name: 'dashboard-communications-empty',
    path: '/dashboard/communications?status=failed',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'modules.communications.title'),
    then: async (page) => {
      await expect(page.getByTestId('messages-empty')).toBeVisible();
    },
  },
  {
    name: 'dashboard-communications-message',
    path: '/dashboard/communications?kind=payment.receipt',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'modules.communications.title'),
    then: async (page, lang) => {
      await page.getByTestId('message-row').first().getByRole('link').click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        msg(lang, 'dashboard', 'communications.kinds.payment.receipt'),
      );
      await expect(page.frameLocator('[data-testid=message-html]').locator('h1')).toBeVisible();
      await showFrame(page, 'message-html');
    },
  },
  {
    name: 'dashboard-communications-templates',
    path: '/dashboard/communications/templates?kind=utility.statement_issued',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'communications.templates.title'),
    then: async (page) => {
      await expect(page.frameLocator('[data-testid=preview-html]').locator('h1')).toBeVisible();
      await showFrame(page, 'preview-html');
    },
  },
  {
    name: 'dashboard-payments',
    path: '/dashboard/payments',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'modules.payments.title'),
    then: async (page) => {
      await expect(page.getByTestId('charge-row').first()).toBeVisible();
      await expect(page.getByTestId('kpis')).toBeVisible();
    },
  },
  {
    name: 'dashboard-payments-empty',
    path: '/dashboard/payments?status=refunded&q=no-such-charge',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'modules.payments.title'),
    then: async (page) => {
      await expect(page.getByTestId('charges-empty')).toBeVisible();
    },
  },
  {
    name: 'dashboard-payments-record',
    path: '/dashboard/payments/record',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'payments.record.title'),
    then: async (page, lang) => {
      // With every error showing: nothing filled in but a bad amount.
      await page.getByLabel(msg(lang, 'dashboard', 'payments.record.amount')).fill('12.345');
      await page.getByRole('button', { name: msg(lang, 'dashboard', 'payments.record.submit') }).click();
      await expect(page.getByText(msg(lang, 'dashboard', 'payments.amount.cents'))).toBeVisible();
    },
  },
  {
    name: 'dashboard-payments-charge',
    // The demo's commercial remodel permit: paid by check, part of it refunded.
    path: '/dashboard/payments?status=paid&kind=permit_fee&q=Esperanza%20Hardware',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'modules.payments.title'),
    then: async (page, lang) => {
      await page.getByTestId('charge-row').first().getByRole('link').click();
      await expect(page.getByTestId('charge-amounts')).toBeVisible();
      await page
        .getByTestId('charge-payments')
        .getByRole('button', { name: msg(lang, 'dashboard', 'payments.charge.refund') })
        .first()
        .click();
      await expect(page.getByTestId('refund-form')).toBeVisible();
    },
  },
  {
    name: 'dashboard-payments-payment',
    // The demo's commercial remodel permit: paid by check, part of it refunded.
    path: '/dashboard/payments?status=paid&kind=permit_fee&q=Esperanza%20Hardware',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'modules.payments.title'),
    then: async (page) => {
      await page.getByTestId('charge-row').first().getByRole('link').click();
      await page.getByTestId('charge-payments').getByRole('link').first().click();
      await expect(page.getByTestId('receipt-number')).toBeVisible();
    },
  },
  {
    name: 'dashboard-payments-deposit',
    path: '/dashboard/payments/deposit',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'payments.deposit.title'),
    then: async (page) => {
      await expect(page.getByTestId('deposit-clerk').first()).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities',
    path: '/dashboard/utilities/accounts',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard-billing', 'accounts.title'),
    then: async (page) => {
      await expect(page.getByTestId('account-row').first()).toBeVisible();
      await expect(page.getByTestId('pager')).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-empty',
    path: '/dashboard/utilities/accounts?status=closed&q=zzqxw',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard-billing', 'accounts.title'),
    then: async (page) => {
      await expect(page.getByTestId('accounts-empty')).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-new',
    path: '/dashboard/utilities/accounts',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard-billing', 'accounts.title'),
    then: async (page, lang) => {
      // Map tiles come from the internet, which this machine does not reach: the map works without.
      await page.context().route(
        (url) => url.origin !== new URL(page.url()).origin,
        (route) => route.abort(),
      );
      await page.getByRole('link', { name: msg(lang, 'dashboard', 'utilities.accounts.open') }).click();
      await expect(page.getByTestId('map')).toBeVisible();
      // With every error showing: a bad ZIP code and nothing else filled in.
      await page.getByLabel(msg(lang, 'dashboard', 'utilities.form.zip'), { exact: true }).fill('785');
      await page.getByRole('button', { name: msg(lang, 'dashboard', 'utilities.open.submit') }).click();
      await expect(page.getByText(msg(lang, 'dashboard', 'utilities.form.errors.zip'))).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-account',
    path: '/dashboard/utilities/accounts?status=active',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard-billing', 'accounts.title'),
    then: async (page, lang) => {
      await page.getByTestId('account-row').first().getByRole('link').click();
      await expect(page.getByTestId('account-number')).toBeVisible();
      await expect(page.getByTestId('read-row').first()).toBeVisible();
      await page.getByRole('button', { name: msg(lang, 'dashboard', 'utilities.readForm.title') }).click();
      await expect(page.getByTestId('reading-form')).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-import',
    path: '/dashboard/utilities/readings/import',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'utilities.import.title'),
    then: async (page, lang) => {
      // Rows for meters nobody has: all rejected, nothing stored.
      await page.getByLabel(msg(lang, 'dashboard', 'utilities.import.file')).setInputFiles({
        name: 'lecturas-ruta-2.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'meter_serial,read_date,read_value\nNO-SUCH-1,2026-01-05,100\n,2026-01-05,7\nNO-SUCH-2,05/01,9\n',
        ),
      });
      await page
        .getByRole('button', { name: msg(lang, 'dashboard', 'utilities.import.submit'), exact: true })
        .click();
      await expect(page.getByTestId('rejected-row')).toHaveCount(3);
    },
  },
  {
    name: 'dashboard-utilities-exceptions',
    path: '/dashboard/utilities/exceptions',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'utilities.exceptions.title'),
    then: async (page, lang) => {
      await page
        .getByTestId('exception')
        .first()
        .getByRole('button', { name: msg(lang, 'dashboard', 'utilities.exceptions.review') })
        .click();
      await expect(page.getByTestId('exception-review')).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-types',
    path: '/dashboard/utilities/types',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'utilities.types.title'),
    then: async (page, lang) => {
      await page
        .getByLabel(msg(lang, 'dashboard', 'utilities.calculator.units'), { exact: true })
        .fill('12000');
      await page.getByRole('button', { name: msg(lang, 'dashboard', 'utilities.calculator.submit') }).click();
      await expect(page.getByTestId('rating-total')).toBeVisible();
      await page.getByRole('button', { name: msg(lang, 'dashboard', 'utilities.rateForm.title') }).click();
      await expect(page.getByTestId('rate-form')).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-home',
    path: '/dashboard/utilities',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard', 'modules.utilities.title'),
    then: async (page) => {
      await expect(page.getByTestId('kpis')).toBeVisible();
      await expect(page.getByTestId('chart')).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-home-table',
    path: '/dashboard/utilities',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard', 'modules.utilities.title'),
    then: async (page, lang) => {
      await page
        .getByRole('button', { name: msg(lang, 'dashboard-billing', 'home.chart.showTable') })
        .click();
      await expect(page.getByTestId('monthly-row')).toHaveCount(12);
    },
  },
  {
    name: 'dashboard-utilities-cycles',
    path: '/dashboard/utilities/cycles',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard-billing', 'cycles.title'),
    then: async (page) => {
      await billingCycle();
      await page.reload();
      await expect(page.getByTestId('cycle-row').first()).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-cycle-new',
    path: '/dashboard/utilities/cycles/new',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard-billing', 'cycleForm.title'),
    then: async (page, lang) => {
      // With every error showing: nothing filled in.
      await page.getByRole('button', { name: msg(lang, 'dashboard-billing', 'cycleForm.submit') }).click();
      await expect(page.getByText(msg(lang, 'dashboard-billing', 'cycleForm.errors.name'))).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-cycle',
    path: '/dashboard/utilities/cycles',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard-billing', 'cycles.title'),
    then: async (page) => {
      await page.goto(`/dashboard/utilities/cycles/${await billingCycle()}`);
      await expect(page.getByTestId('run-counts')).toBeVisible();
      await expect(page.getByTestId('review-draft').first()).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-statements',
    path: '/dashboard/utilities/statements',
    as: 'clerk',
    heading: (l) => msg(l, 'dashboard-billing', 'statements.title'),
    then: async (page) => {
      await page.goto(`/dashboard/utilities/statements?cycle=${await billingCycle()}`);
      await expect(page.getByTestId('statement-row').first()).toBeVisible();
      await expect(page.getByTestId('pager')).toBeVisible();
    },
  },
  {
    name: 'dashboard-utilities-statement',
    path: '/dashboard/utilities/statements',
    as: 'admin',
    heading: (l) => msg(l, 'dashboard-billing', 'statements.title'),
    then: async (page) => {
      await page.goto(`/dashboard/utilities/statements?cycle=${await billingCycle()}`);
      await page.getByTestId('statement-row').first().getByRole('link').first().click();
      await expect(page.getByTestId('amount-due')).toBeVisible();
      await expect(page.getByTestId('statement-line').first()).toBeVisible();
    },
  },
  {
    name: 'portal-utilities',
    path: '/portal/utilities',
    heading: (l) => msg(l, 'portal', 'utilities.title'),
    then: async (page, lang) => {
      // A mistyped number is refused before any lookup (the check digit).
      await page.getByLabel(msg(lang, 'portal', 'utilities.number'), { exact: true }).fill('1234-567-891');
      await page.getByRole('button', { name: msg(lang, 'portal', 'utilities.submit') }).click();
      await expect(page.getByText(msg(lang, 'portal', 'utilities.errors.checkDigit'))).toBeVisible();
    },
  },
  {
    name: 'portal-utilities-result',
    path: '/portal/utilities',
    heading: (l) => msg(l, 'portal', 'utilities.title'),
    then: async (page, lang) => {
      const { api, dispose } = await adminApi();
      const res = await api.get('/api/v1/utilities/accounts?status=active&limit=1');
      const { items } = (await res.json()) as { items: { accountNumberDisplay: string }[] };
      await dispose();
      await page
        .getByLabel(msg(lang, 'portal', 'utilities.number'), { exact: true })
        .fill(items[0]!.accountNumberDisplay);
      await page.getByRole('button', { name: msg(lang, 'portal', 'utilities.submit') }).click();
      await expect(page.getByTestId('masked-name')).toBeVisible();
    },
  },
];

for (const lang of LANGS) {
  for (const p of PAGES) {
    test.describe(`${p.name} (${lang})`, () => {
      if (p.as) test.use({ storageState: statePath(p.as) });

      test(`${p.name} in ${lang}: accessible, fits the screen, screenshot`, async ({
        page,
        context,
      }, testInfo) => {
        await useLanguage(context, lang);
        await page.goto(p.path);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.heading(lang));
        await expect(page.locator('.civq-header__title')).toHaveText(entity(lang));
        if (p.then) await p.then(page, lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        // Fonts decide where lines wrap; wait for them before measuring and taking pictures.
        await page.evaluate(() => document.fonts.ready);
        await expectNoA11yViolations(page);
        await expectNoHorizontalOverflow(page);
        await saveScreenshot(page, testInfo, `${p.name}-${lang}`);
      });
    });
  }
}
