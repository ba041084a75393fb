import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { validateAchFile } from '../../src/modules/utilities/autopay/index.ts';
import {
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
 * Autopay in the dashboard: a clerk enrols an account in bank draft on its page (a mistyped
 * routing number is refused in the page's language, the details then show only masked), and an
 * administrator creates an ACH file on the Autopay page and downloads it for the bank.
 */

const BASE = '/dashboard/utilities';
const a = (key: string, lang: Lang) => msg(lang, 'dashboard-autopay', key);

/** Opens an account through the API as the page's signed-in user; returns its id. */
async function openAccount(page: Page, name: string): Promise<string> {
  const me = await page.request.get('/api/v1/auth/me');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const res = await page.request.post('/api/v1/utilities/accounts', {
    headers: { 'x-csrf-token': csrfToken },
    data: {
      customerName: name,
      email: `autopay-${Date.now()}@example.com`,
      address: { street: '77 Calle Luna', city: 'Esperanza', state: 'TX', zip: '78501' },
      language: 'es',
      accountType: 'residential',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function enrolOnPage(page: Page, lang: Lang, accountNumber: string) {
  await page.getByRole('button', { name: a('form.title', lang) }).click();
  const form = page.getByTestId('autopay-form');
  await form.getByLabel(a('form.routingNumber', lang)).fill('021000022');
  await form.getByLabel(a('form.accountNumber', lang)).fill(accountNumber);
  await form.locator('label[for="autopay-accountType-savings"]').click();
  await form.locator('label[for="autopay-authorization-web"]').click();
  await form.getByRole('button', { name: a('form.submit', lang), exact: true }).click();
  // The check digit of 021000022 is wrong: refused, in the page's language, next to the field.
  await expect(form.locator('#autopay-routingNumber-error')).toContainText(
    lang === 'es' ? 'dígito de control' : 'check digit',
  );
  await form.getByLabel(a('form.routingNumber', lang)).fill('021000021');
  await form.getByRole('button', { name: a('form.submit', lang), exact: true }).click();
  await expect(page.getByTestId('autopay-flash')).toHaveText(a('panel.enrolled', lang));
}

test.describe('as a clerk', () => {
  test.use({ storageState: statePath('clerk') });

  for (const lang of LANGS) {
    test(`enrols an account in bank draft and sees it masked (${lang})`, async ({
      page,
      context,
    }, testInfo) => {
      await useLanguage(context, lang);
      const id = await openAccount(page, `Rosa Autopay ${lang} ${Date.now().toString(36)}`);
      await page.goto(`${BASE}/accounts/${id}`);
      const panel = page.getByTestId('autopay-panel');
      await expect(panel.getByRole('heading', { level: 2 })).toHaveText(a('panel.title', lang));
      await expect(panel.getByTestId('autopay-none')).toBeVisible();
      await enrolOnPage(page, lang, '4455667788');
      await expect(panel.getByTestId('autopay-bank-account')).toHaveText('••••7788');
      await expect(panel).not.toContainText('4455667788');
      await expect(panel).toContainText(a('accountTypes.savings', lang));
      await expect(panel).toContainText(a('entryStatus.pending', lang));
      await expectNoA11yViolations(page);
      await saveScreenshot(page, testInfo, `autopay-account-${lang}`);
    });
  }
});

test.describe('as an administrator', () => {
  test.use({ storageState: statePath('admin') });

  test('creates an ACH file with the prenote and downloads it', async ({ page, context }, testInfo) => {
    // A limit for hangs, not speed: two axe passes over a page listing every demo draft, on a loaded CI machine.
    test.setTimeout(150_000);
    await useLanguage(context, 'en');
    const id = await openAccount(page, `Tomás Draft ${Date.now().toString(36)}`);
    await page.goto(`${BASE}/accounts/${id}`);
    await enrolOnPage(page, 'en', '99887766');

    await page.goto(`${BASE}/autopay`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(a('page.title', 'en'));
    const pending = page.getByTestId('pending-table');
    await expect(pending.getByRole('row', { name: /Tomás Draft/ })).toBeVisible();
    await expectNoA11yViolations(page);
    await saveScreenshot(page, testInfo, 'autopay-page-pending-en');

    await page.getByRole('button', { name: a('page.createFile', 'en') }).click();
    await expect(page.getByTestId('flash')).toContainText('ACH');
    const row = page.getByTestId('file-row').first();
    const name = (await row.getAttribute('data-file'))!;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: `Download ${name}` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(name);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(validateAchFile(text)).toEqual([]);
    expect(text).toContain('99887766');
    await expect(page.getByTestId('sent-table').getByRole('row', { name: /Tomás Draft/ })).toBeVisible();
    await saveScreenshot(page, testInfo, 'autopay-page-file-en');

    // The bank confirms: the file is settled (the prenote is accepted; no money moves).
    await row.getByRole('button', { name: `Mark ${name} settled` }).click();
    await expect(page.getByTestId('flash')).toContainText(name);
    await expect(page.getByTestId('file-row').first()).toContainText(a('fileStatus.settled', 'en'));

    await useLanguage(context, 'es');
    await page.goto(`${BASE}/autopay`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(a('page.title', 'es'));
    await expect(page.getByRole('heading', { name: a('page.filesTitle', 'es') })).toBeVisible();
    // Recording a return: the NACHA reasons are named in Spanish.
    const mine = page.getByTestId('sent-table').getByRole('row', { name: /Tomás Draft/ });
    await mine.getByRole('button', { name: a('page.returnTitle', 'es') }).click();
    await expect(mine.getByLabel(a('page.returnCode', 'es'))).toContainText(
      `R03 — ${a('returnCodes.R03', 'es')}`,
    );
    await expectNoA11yViolations(page);
    await saveScreenshot(page, testInfo, 'autopay-page-file-es');

    // On a small phone the tables stack: nothing scrolls sideways.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${BASE}/autopay`);
    await expect(page.getByTestId('files-table')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await saveScreenshot(page, testInfo, 'autopay-page-phone-es');
    await page.goto(`${BASE}/accounts/${id}`);
    await expect(page.getByTestId('autopay-details')).toBeVisible();
    await expectNoHorizontalOverflow(page);
    await saveScreenshot(page, testInfo, 'autopay-account-phone-es');
  });
});
