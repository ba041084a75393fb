import { expect, request, test } from '@playwright/test';
import { createVerifiedResident } from './residents.ts';
import { baseURL, expectNoA11yViolations, msg, saveScreenshot } from './support.ts';

/**
 * Passkeys end to end with Chromium's virtual authenticator (DevTools WebAuthn domain): a
 * resident adds a passkey while signed in, signs out, and signs in again with it alone. WebAuthn
 * does not accept an IP address as relying party, so this test uses "localhost" (a one-entity
 * install serves its entity on any host).
 */
test('a resident adds a passkey and signs in with it', async ({ browser }, testInfo) => {
  const local = baseURL().replace('127.0.0.1', 'localhost');
  const api = await request.newContext({ baseURL: local });
  const { email, password } = await createVerifiedResident(api);
  await api.dispose();

  const context = await browser.newContext({ baseURL: local, locale: 'en-US' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await page.goto('/portal/account/sign-in');
  await page.getByLabel(msg('en', 'account', 'fields.email')).fill(email);
  await page.getByLabel(msg('en', 'account', 'fields.password'), { exact: true }).fill(password);
  await page.getByRole('button', { name: msg('en', 'account', 'signIn.submit'), exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'account', 'overview.title'));

  await page.getByRole('link', { name: msg('en', 'account', 'nav.security') }).click();
  await page.getByLabel(msg('en', 'account', 'passkeys.label')).fill('Test laptop');
  await page.getByRole('button', { name: msg('en', 'account', 'passkeys.add') }).click();
  await expect(page.getByTestId('passkey-added')).toBeVisible();
  await expect(page.getByTestId('passkeys')).toContainText('Test laptop');
  await expectNoA11yViolations(page);
  await saveScreenshot(page, testInfo, 'account-security-passkey-en');

  await page.getByRole('button', { name: msg('en', 'account', 'nav.signOut') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'account', 'signIn.title'));
  await page.getByRole('button', { name: msg('en', 'account', 'signIn.passkey') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'account', 'overview.title'));
  await expect(page.getByText(email)).toBeVisible();
  // The server counted the use.
  await page.getByRole('link', { name: msg('en', 'account', 'nav.security') }).click();
  await expect(page.getByTestId('passkeys')).toContainText('last used');
  await context.close();
});
