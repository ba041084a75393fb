import path from 'node:path';
import { expect, request, test, type Page } from '@playwright/test';
import { createVerifiedResident } from './residents.ts';
import {
  adminApi,
  baseURL,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  LANGS,
  msg,
  saveScreenshot,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * Every Resident Account page, in both languages, on desktop and (phone project) at 360×740:
 * axe-clean, nothing wider than the screen, a screenshot to look at. The signed-in pages use a
 * resident created through the API whose code is read back from the message log (this server
 * has no SMTP; the journey spec uses a real SMTP peer).
 */
type AccountPage = {
  name: string;
  path: string;
  signedIn: boolean;
  heading: (lang: Lang) => string;
  then?: (page: Page, lang: Lang) => Promise<void>;
};

const PAGES: AccountPage[] = [
  {
    name: 'account-sign-up',
    path: '/portal/account/sign-up',
    signedIn: false,
    heading: (l) => msg(l, 'account', 'signUp.title'),
  },
  {
    name: 'account-sign-up-errors',
    path: '/portal/account/sign-up',
    signedIn: false,
    heading: (l) => msg(l, 'account', 'signUp.title'),
    then: async (page, lang) => {
      await page.getByLabel(msg(lang, 'account', 'fields.email')).fill('someone@example.com');
      await page.getByLabel(msg(lang, 'account', 'fields.newPassword')).fill('short');
      await page.getByRole('button', { name: msg(lang, 'account', 'signUp.submit') }).click();
      await expect(
        page.getByText(msg(lang, 'errors', 'validation.password_too_short')).first(),
      ).toBeVisible();
    },
  },
  {
    name: 'account-verify',
    path: '/portal/account/verify?email=someone%40example.com&sent=1',
    signedIn: false,
    heading: (l) => msg(l, 'account', 'verify.title'),
  },
  {
    name: 'account-sign-in',
    path: '/portal/account/sign-in',
    signedIn: false,
    heading: (l) => msg(l, 'account', 'signIn.title'),
  },
  {
    name: 'account-forgot',
    path: '/portal/account/forgot',
    signedIn: false,
    heading: (l) => msg(l, 'account', 'forgot.title'),
  },
  {
    name: 'account-reset',
    path: '/portal/account/reset',
    signedIn: false,
    heading: (l) => msg(l, 'account', 'reset.title'),
  },
  {
    name: 'account-overview',
    path: '/portal/account',
    signedIn: true,
    heading: (l) => msg(l, 'account', 'overview.title'),
    then: async (page) => {
      await expect(page.getByTestId('money-summary')).toBeVisible();
      await expect(page.getByTestId('linked-accounts')).toBeVisible();
    },
  },
  {
    name: 'account-claim-refused',
    path: '/portal/account',
    signedIn: true,
    heading: (l) => msg(l, 'account', 'overview.title'),
    then: async (page, lang) => {
      await page.getByLabel(msg(lang, 'account', 'claim.number')).fill('1234-567-891');
      await page.getByLabel(msg(lang, 'account', 'claim.zip')).fill('785');
      await page.getByLabel(msg(lang, 'account', 'claim.lastName')).fill('Nadie');
      await page.getByRole('button', { name: msg(lang, 'account', 'claim.submit') }).click();
      await expect(page.getByTestId('problem')).toBeVisible();
    },
  },
  {
    name: 'account-activity',
    path: '/portal/account/activity',
    signedIn: true,
    heading: (l) => msg(l, 'account', 'activity.title'),
    then: async (page) => {
      await expect(page.getByTestId('activity-entry').first()).toBeVisible();
    },
  },
  {
    name: 'account-preferences',
    path: '/portal/account/preferences',
    signedIn: true,
    heading: (l) => msg(l, 'account', 'preferences.title'),
  },
  {
    name: 'account-preferences-phone-code',
    path: '/portal/account/preferences',
    signedIn: true,
    heading: (l) => msg(l, 'account', 'preferences.title'),
    then: async (page, lang) => {
      await page.getByLabel(msg(lang, 'account', 'phone.number')).fill('(956) 555-0142');
      // The USWDS checkbox is drawn by its label; a person clicks that.
      await page.locator('label[for="sms-consent"]').click();
      await expect(page.getByLabel(msg(lang, 'account', 'phone.consent'))).toBeChecked();
      await page.getByRole('button', { name: msg(lang, 'account', 'phone.send') }).click();
      await expect(page.getByLabel(msg(lang, 'account', 'fields.code'))).toBeVisible();
    },
  },
  {
    name: 'account-security',
    path: '/portal/account/security',
    signedIn: true,
    heading: (l) => msg(l, 'account', 'security.title'),
  },
];

const entity = (lang: Lang) => (lang === 'en' ? 'City of Esperanza, TX' : 'Ciudad de Esperanza, TX');

/** A verified resident with a demo utility account linked; its cookies saved for the browser. */
async function residentState(file: string): Promise<void> {
  const { api: admin, dispose } = await adminApi();
  const resident = await request.newContext({ baseURL: baseURL() });
  const { csrfToken } = await createVerifiedResident(resident);
  // A demo account with bills (the demo bills a few utility accounts through the ledger).
  const bills = await admin.get('/api/v1/payments/charges?kind=utility&limit=1');
  const pick = ((await bills.json()) as { items: { source: { id: string } }[] }).items[0]!.source;
  const a = (await (await admin.get(`/api/v1/utilities/accounts/${pick.id}`)).json()) as {
    accountNumber: string;
    customerName: string;
    address: { zip: string };
  };
  const claim = await resident.post('/api/v1/resident/links/utilities', {
    headers: { 'x-csrf-token': csrfToken },
    data: { accountNumber: a.accountNumber, zip: a.address.zip, lastName: a.customerName.split(/\s+/).pop() },
  });
  expect(claim.status(), await claim.text()).toBe(201);
  await resident.storageState({ path: file });
  await resident.dispose();
  await dispose();
}

// One resident per worker, created before its first signed-in page.
const withResident = test.extend<object, { residentFile: string }>({
  residentFile: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies destructured
    async ({}, use, workerInfo) => {
      const file = path.join(
        process.env.CIVQ_E2E_STATE_DIR!,
        `resident-${workerInfo.project.name}-${workerInfo.workerIndex}.json`,
      );
      await residentState(file);
      await use(file);
    },
    { scope: 'worker' },
  ],
  storageState: async ({ residentFile }, use) => use(residentFile),
});

for (const lang of LANGS) {
  for (const p of PAGES) {
    const run = p.signedIn ? withResident : test;
    run(
      `${p.name} in ${lang}: accessible, fits the screen, screenshot`,
      async ({ page, context }, testInfo) => {
        await useLanguage(context, lang);
        await page.goto(p.path);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(p.heading(lang));
        await expect(page.locator('.civq-header__title')).toHaveText(entity(lang));
        if (p.then) await p.then(page, lang);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await page.evaluate(() => document.fonts.ready);
        await expectNoA11yViolations(page);
        await expectNoHorizontalOverflow(page);
        await saveScreenshot(page, testInfo, `${p.name}-${lang}`);
      },
    );
  }
}
