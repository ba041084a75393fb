import { expect, test } from '@playwright/test';
import { createStaffUser, DEMO, DEMO_PASSWORD, msg, signIn, TEST_PASSWORD, useLanguage } from './support.ts';

/**
 * Staff sign-in and sign-out through the page. Sign-in attempts are rate limited per address
 * (20 a minute), so this file makes ten: the rest of the suite signs in once, in global setup.
 */

const errors = (lang: 'en' | 'es') => ({
  invalid: msg(lang, 'errors', 'invalid_credentials.title'),
  invalidDetail: msg(lang, 'errors', 'invalid_credentials.detail'),
  locked: msg(lang, 'errors', 'account_locked.title'),
});

test('keyboard only: Tab to the fields, type, Enter signs in and returns to the page asked for; then sign out', async ({
  page,
}) => {
  await page.goto('/dashboard/users');
  await expect(page).toHaveURL(/\/dashboard\/sign-in\?next=%2Fdashboard%2Fusers$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'dashboard', 'signIn.title'));

  // Tab through the page from the top: skip link, banner, header links, then the form.
  let tabs = 0;
  while ((await page.evaluate(() => document.activeElement?.id)) !== 'email') {
    await page.keyboard.press('Tab');
    expect(++tabs, 'the email field is reached by Tab').toBeLessThan(12);
  }
  await page.keyboard.type(DEMO.admin);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel(msg('en', 'dashboard', 'signIn.password'), { exact: true })).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/dashboard\/users$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'dashboard', 'users.title'));
  await expect(page.getByTestId('signed-in-user')).toHaveText('Alma Garza, Administrator');

  await page.getByRole('link', { name: msg('en', 'dashboard', 'modules.home.title'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('City of Esperanza, TX');
  await expect(page.getByTestId('signed-in-role')).toContainText(`${DEMO.admin} with the Administrator role`);
  const modules = page.getByTestId('modules');
  for (const m of ['users', 'communications', 'audit']) {
    await expect(
      modules.getByRole('heading', { name: msg('en', 'dashboard', `modules.${m}.title`) }),
    ).toBeVisible();
  }

  await page.getByRole('button', { name: msg('en', 'dashboard', 'account.signOut') }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
  await expect(page.getByTestId('signed-out')).toHaveText(msg('en', 'dashboard', 'signIn.signedOut'));
  // The session is gone on the server too.
  expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
});

test('empty fields are caught before anything is sent', async ({ page }) => {
  let logins = 0;
  page.on('request', (r) => void (r.url().endsWith('/api/v1/auth/login') && logins++));
  await page.goto('/dashboard/sign-in');
  await page.getByRole('button', { name: msg('en', 'dashboard', 'signIn.submit'), exact: true }).click();
  await expect(page.getByText(msg('en', 'dashboard', 'signIn.emailRequired'))).toBeVisible();
  await expect(page.getByText(msg('en', 'dashboard', 'signIn.passwordRequired'))).toBeVisible();
  await expect(page.getByLabel(msg('en', 'dashboard', 'signIn.email'))).toBeFocused();
  await expect(page.getByLabel(msg('en', 'dashboard', 'signIn.email'))).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  expect(logins).toBe(0);
});

test('a wrong password shows a localized error, in English and in Spanish', async ({ page, context }) => {
  const user = await createStaffUser('wrongpw');
  await page.goto('/dashboard/sign-in');
  await signIn(page, 'en', user.email, 'not the right password');
  const alert = page.getByTestId('problem');
  await expect(alert).toBeFocused();
  await expect(alert.getByRole('heading')).toHaveText(errors('en').invalid);
  await expect(alert).toContainText(errors('en').invalidDetail);
  await expect(page.getByLabel(msg('en', 'dashboard', 'signIn.password'), { exact: true })).toHaveValue('');

  // Switching language drops the English message instead of leaving it on a Spanish page.
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('problem')).toHaveCount(0);

  await useLanguage(context, 'es');
  await page.goto('/dashboard/sign-in');
  await signIn(page, 'es', user.email, 'tampoco es esta');
  await expect(page.getByTestId('problem').getByRole('heading')).toHaveText(errors('es').invalid);
  await expect(page.getByTestId('problem')).toContainText(errors('es').invalidDetail);
});

test('five wrong passwords lock the account; the sixth attempt says so, with the wait', async ({
  page,
  context,
}) => {
  const user = await createStaffUser('lockout');
  await useLanguage(context, 'es');
  await page.goto('/dashboard/sign-in');
  for (let i = 1; i <= 5; i++) {
    await signIn(page, 'es', user.email, `wrong password ${i}`);
    await expect(page.getByTestId('problem').getByRole('heading')).toHaveText(errors('es').invalid);
    // Wait for the form to be ready again before the next try.
    await expect(
      page.getByRole('button', { name: msg('es', 'dashboard', 'signIn.submit'), exact: true }),
    ).toBeEnabled();
  }
  // Even the right password is refused while the account is locked.
  await signIn(page, 'es', user.email, TEST_PASSWORD);
  const alert = page.getByTestId('problem');
  await expect(alert.getByRole('heading')).toHaveText(errors('es').locked);
  await expect(alert).toContainText('Vuelva a intentarlo en 15 minutos.');
  await expect(page).toHaveURL(/\/dashboard\/sign-in$/);
});

test("a staff member's language is saved on their account and follows them to a new device", async ({
  browser,
  page,
}) => {
  const user = await createStaffUser('language', { locale: 'es', displayName: 'Rosa Elena Quintanilla' });
  await page.goto('/dashboard/sign-in');
  await signIn(page, 'en', user.email, TEST_PASSWORD);
  // Their saved language (Spanish) applies as soon as they sign in.
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByTestId('signed-in-user')).toHaveText('Rosa Elena Quintanilla, Solo consulta');

  // They switch to English: saved on their account and in this browser.
  await page.getByTestId('language-toggle').click();
  await expect(page.getByTestId('signed-in-user')).toHaveText('Rosa Elena Quintanilla, Viewer');
  await expect
    .poll(
      async () =>
        ((await (await page.request.get('/api/v1/auth/me')).json()) as { user: { locale: string } }).user
          .locale,
    )
    .toBe('en');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('City of Esperanza, TX');

  // Another browser with no saved choice, whose session is the same user's: English from the account.
  const other = await browser.newContext({
    locale: 'es-US',
    storageState: await page.context().storageState(),
  });
  await other.clearCookies({ name: 'civq_lang' });
  const second = await other.newPage();
  await second.goto('/dashboard');
  await expect(second.getByTestId('signed-in-user')).toHaveText('Rosa Elena Quintanilla, Viewer');
  await expect(second.locator('html')).toHaveAttribute('lang', 'en');
  await other.close();
});
