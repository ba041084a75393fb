import { expect, test, type Page } from '@playwright/test';
import {
  adminApi,
  createStaffUser,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  LANGS,
  msg,
  saveScreenshot,
  signIn,
  statePath,
  TEST_PASSWORD,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * The delinquencies page over the real API, in each language: a billing cycle issued 100 days
 * ago for two new accounts, then a clerk runs delinquency "as of" two earlier days (past due
 * with late fees; then shutoff warnings), opens a shutoff warning PDF, and records a
 * disconnection and a reconnection. The run is the whole entity's, so the test looks only at
 * its own statements (found by a unique customer name) — and the two languages run one after
 * the other: a run "as of" 34 days ago by one would make the other's fresh statements past due
 * on that later day, and its shutoff warning would then (rightly) not come due.
 */

const PAGE = '/dashboard/utilities/delinquencies';
const d = (key: string, lang: Lang) => msg(lang, 'dashboard-delinquency', key);
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const unique = () =>
  Array.from({ length: 6 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');

async function poster(page: Page) {
  const me = await page.request.get('/api/v1/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return async <T>(path: string, data: object): Promise<T> => {
    const res = await page.request.post(path, { headers: { 'x-csrf-token': csrfToken }, data });
    expect([200, 201], `${path}: ${await res.text()}`).toContain(res.status());
    return (await res.json()) as T;
  };
}

/** An account type of its own (so the cycle bills only this test's accounts), two customers, one cycle issued. */
async function billTwoCustomers(page: Page, tag: string) {
  const { api, csrf, dispose } = await adminApi();
  const type = `dq_${tag}`;
  for (const [path, method, data] of [
    [
      '/api/v1/utilities/account-types',
      'put',
      { code: type, name: { en: `Test ${tag}`, es: `Prueba ${tag}` } },
    ],
    [
      '/api/v1/utilities/rate-schedules',
      'post',
      {
        accountType: type,
        effectiveFrom: daysAgo(400),
        service: 'water',
        baseChargeCents: 2500,
        tiers: [{ upTo: null, rate: '0.0125' }],
        minimumChargeCents: null,
        flatServices: [],
        usage: 'own_meter',
      },
    ],
  ] as const) {
    const res = await api[method](path, { headers: { 'x-csrf-token': csrf }, data });
    expect(res.status(), await res.text()).toBeLessThan(300);
  }
  await dispose();
  const post = await poster(page);
  const people = [
    { name: `Lucía Ramírez ${tag}`, language: 'es', use: 4200 },
    { name: `Mark Olsen ${tag}`, language: 'en', use: 3000 },
  ];
  for (const [i, p] of people.entries()) {
    const account = await post<{ id: string }>('/api/v1/utilities/accounts', {
      customerName: p.name,
      email: `dq-${tag}-${i}@example.com`,
      address: { street: `${200 + i} Calle Mora`, city: 'Esperanza', state: 'TX', zip: '78501' },
      language: p.language,
      accountType: type,
    });
    const meter = await post<{ id: string }>('/api/v1/utilities/meters', {
      serial: `DQ-${tag.toUpperCase()}-${i}`,
      service: 'water',
      unit: 'gal',
      dials: 6,
      multiplier: 1,
    });
    await post(`/api/v1/utilities/meters/${meter.id}/install`, {
      accountId: account.id,
      installedOn: daysAgo(101),
      initialRead: 1000,
    });
    await post('/api/v1/utilities/reads', { meterId: meter.id, readOn: daysAgo(71), value: 1000 + p.use });
  }
  const cycle = await post<{ id: string }>('/api/v1/utilities/cycles', {
    name: `Delinquency test ${tag}`,
    accountTypes: [type],
    periodStart: daysAgo(100),
    periodEnd: daysAgo(71),
    readFrom: daysAgo(100),
    readTo: daysAgo(71),
    billDate: daysAgo(70),
    dueDate: daysAgo(60),
    penaltyDate: daysAgo(55),
  });
  const calc = await post<{ counts: { drafts: number; withIssues: number } }>(
    `/api/v1/utilities/cycles/${cycle.id}/calculate`,
    {},
  );
  expect(calc.counts).toMatchObject({ drafts: 2, withIssues: 0 });
  await post(`/api/v1/utilities/cycles/${cycle.id}/issue`, {});
  return people.map((p) => p.name);
}

async function runAsOf(page: Page, lang: Lang, day: string) {
  await page.getByLabel(d('run.date', lang)).fill(day);
  await page.getByRole('button', { name: d('run.button', lang) }).click();
  await expect(page.getByTestId('flash')).toBeVisible();
}

test.describe('as a clerk', () => {
  test.use({ storageState: statePath('clerk') });
  test.describe.configure({ mode: 'serial' });

  for (const lang of LANGS) {
    test(`runs delinquency as of a day, prints a shutoff warning, cuts off and reconnects (${lang})`, async ({
      page,
      context,
    }, testInfo) => {
      test.setTimeout(90_000);
      await useLanguage(context, lang);
      const tag = unique();
      const [lucia, mark] = await billTwoCustomers(page, tag);
      const row = (name: string) => page.getByTestId('delinquency-row').filter({ hasText: name });

      await page.goto(PAGE);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(d('title', lang));
      await expect(page.getByRole('link', { name: d('nav', lang) })).toHaveAttribute('aria-current', 'page');
      await expect(page.getByLabel(d('run.date', lang))).toHaveValue(/^\d{4}-\d{2}-\d{2}$/);

      // Penalty date 55 days ago + 5 grace days: past due from 49 days ago, with the 10% late fee.
      await runAsOf(page, lang, daysAgo(49));
      await expect(row(lucia!)).toContainText(d('stage.past_due', lang));
      await expect(row(mark!)).toContainText(d('stage.past_due', lang));
      // $25.00 + 4,200 gal × $0.0125 = $77.50; 10% = $7.75.
      await expect(row(lucia!).getByTestId('late-fee')).toContainText('$7.75');
      await expect(page.getByTestId('total-delinquent')).not.toHaveText('0');

      // Fifteen days later: the shutoff warning, with a shutoff date ten days after it.
      await runAsOf(page, lang, daysAgo(34));
      await expect(row(lucia!)).toContainText(d('stage.shutoff_warned', lang));
      await page.getByLabel(d('filter.label', lang)).selectOption('shutoff_warned');
      await expect(page).toHaveURL(/stage=shutoff_warned/);
      await expect(row(mark!)).toBeVisible();
      const pdfHref = await row(lucia!).getByTestId('warning-pdf').getAttribute('href');
      const pdf = await page.request.get(pdfHref!);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

      await expectNoA11yViolations(page);
      await saveScreenshot(page, testInfo, `delinquencies-${lang}`);

      // The crew cut off Lucía's water on the shutoff date, and it was turned back on today.
      await row(lucia!)
        .getByRole('button', { name: d('actions.disconnect', lang) })
        .click();
      await row(lucia!).getByLabel(d('actions.date', lang)).fill(daysAgo(24));
      await row(lucia!)
        .getByRole('button', { name: d('actions.save', lang) })
        .click();
      await expect(page.getByTestId('flash')).toContainText(
        d('actions.disconnected', lang).split('{')[0]!.trim(),
      );
      await expect(row(lucia!).getByTestId('service')).not.toHaveText(d('service.on', lang));
      await expect(page.getByTestId('total-disconnected')).not.toHaveText('0');
      await row(lucia!)
        .getByRole('button', { name: d('actions.reconnect', lang) })
        .click();
      await expectNoA11yViolations(page);
      await row(lucia!)
        .getByRole('button', { name: d('actions.save', lang) })
        .click();
      await expect(page.getByTestId('flash')).toContainText('$50.00');
      await expect(row(lucia!).getByRole('button', { name: d('actions.reconnect', lang) })).toHaveCount(0);
      await saveScreenshot(page, testInfo, `delinquencies-reconnected-${lang}`);

      // A date too early for the shutoff is refused with the reason, in the page's language.
      await row(mark!)
        .getByRole('button', { name: d('actions.disconnect', lang) })
        .click();
      await row(mark!).getByLabel(d('actions.date', lang)).fill(daysAgo(30));
      await row(mark!)
        .getByRole('button', { name: d('actions.save', lang) })
        .click();
      await expect(row(mark!).getByTestId('problem')).toContainText(
        msg(lang, 'errors', 'shutoff_date_not_reached.title'),
      );

      // On a small phone the table stacks and nothing runs off the side.
      await page.setViewportSize({ width: 360, height: 740 });
      await page.reload();
      await expect(row(mark!)).toBeVisible();
      await expectNoHorizontalOverflow(page);
      await saveScreenshot(page, testInfo, `delinquencies-phone-${lang}`);
      await row(mark!).screenshot({
        path: `test-results/screenshots/${testInfo.project.name}/delinquencies-phone-row-${lang}.png`,
      });
    });
  }
});

test('a viewer sees the delinquencies but no run button or service actions', async ({ page }) => {
  const viewer = await createStaffUser('dq-viewer', { role: 'viewer' });
  await page.goto('/dashboard/sign-in');
  await signIn(page, 'en', viewer.email, TEST_PASSWORD);
  await expect(page.getByTestId('signed-in-user')).toBeVisible();
  await page.goto(PAGE);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(d('title', 'en'));
  await expect(page.getByTestId('delinquency-rules')).toBeVisible();
  await expect(page.getByRole('button', { name: d('run.button', 'en') })).toHaveCount(0);
  await expect(page.getByRole('button', { name: d('actions.disconnect', 'en') })).toHaveCount(0);
});

test.describe('as an administrator', () => {
  test.use({ storageState: statePath('admin') });

  for (const lang of LANGS) {
    test(`a malformed rule is refused with the field named, and nothing changes (${lang})`, async ({
      page,
      context,
    }, testInfo) => {
      await useLanguage(context, lang);
      await page.goto(PAGE);
      const rules = page.getByTestId('delinquency-rules');
      await rules.getByRole('button', { name: d('rules.form.change', lang) }).click();
      const form = page.getByTestId('rules-form');
      await form.getByLabel(d('rules.form.lateFeePercent', lang)).fill('1.2345');
      await form.getByLabel(d('rules.form.reconnectFeeCents', lang)).fill('12.345');
      await form.getByRole('button', { name: d('rules.form.save', lang) }).click();
      // Dollars are checked here; the percent by the server, in the page's language.
      await expect(form.getByText(d('rules.form.dollarsInvalid', lang))).toBeVisible();
      await form.getByLabel(d('rules.form.reconnectFeeCents', lang)).fill('50.00');
      await form.getByRole('button', { name: d('rules.form.save', lang) }).click();
      await expect(form.getByTestId('problem')).toBeVisible();
      await expect(form.getByLabel(d('rules.form.lateFeePercent', lang))).toHaveAttribute(
        'aria-invalid',
        'true',
      );
      await expectNoA11yViolations(page);
      await saveScreenshot(page, testInfo, `delinquency-rules-${lang}`);
      const saved = await page.request.get('/api/v1/utilities/delinquency/settings');
      expect(await saved.json()).toMatchObject({ lateFeePercent: '10', reconnectFeeCents: 5000 });
    });
  }
});
