import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { freePort, runNode, waitFor, type Running } from '../support/process.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { DEMO, DEMO_PASSWORD, expectNoA11yViolations, msg, saveScreenshot } from './support.ts';

/**
 * The "done when" journey, end to end, against a server of its own whose email goes
 * to a real SMTP peer (the shared e2e server has no SMTP): a resident signs up, confirms the
 * emailed code, claims a demo utility account, sees its bills and payments in My Activity,
 * chooses Spanish + email, and a clerk's payment on the account then brings that resident a
 * Spanish receipt email — and the payment shows in the activity list.
 */
test.describe.configure({ mode: 'serial' });

let sink: SmtpSink;
let server: Running;
let baseUrl: string;
let dataDir: string;
let staff: APIRequestContext;
let staffCsrf: string;

const mailTo = (address: string, subject?: RegExp) =>
  sink.received.filter(
    (m) => m.rcptTo.includes(address) && (!subject || subject.test(m.parsed?.subject ?? '')),
  );

test.beforeAll(async () => {
  test.setTimeout(480_000);
  sink = await startSmtpSink();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'civq-e2e-journey-'));
  server = runNode(['src/server/main.ts'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SMTP_URL: sink.url,
    EVENT_POLL_MS: '100',
    PUBLIC_URL: baseUrl,
  });
  await waitFor(
    async () => {
      if (server.child.exitCode !== null) throw new Error(`server exited: ${server.output()}`);
      return fetch(`${baseUrl}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
    },
    // Its own demo seeding (a year of billing) runs while the shared server's tests use the cores.
    'the journey server',
    420_000,
  );
  staff = await request.newContext({ baseURL: baseUrl });
  const login = await staff.post('/api/v1/auth/login', {
    data: { email: DEMO.clerk, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  staffCsrf = ((await login.json()) as { csrfToken: string }).csrfToken;
});

test.afterAll(async () => {
  await staff?.dispose();
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  await sink?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a resident signs up, claims a demo account, chooses Spanish, and gets a Spanish receipt', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  // A demo account that has bills, and what only its customer knows: ZIP and last name.
  const bills = await staff.get('/api/v1/payments/charges?kind=utility&limit=1');
  const billed = ((await bills.json()) as { items: { source: { id: string } }[] }).items[0]!.source;
  const detail = (await (await staff.get(`/api/v1/utilities/accounts/${billed.id}`)).json()) as {
    id: string;
    accountNumber: string;
    accountNumberDisplay: string;
    customerName: string;
    address: { zip: string };
  };
  const lastName = detail.customerName.trim().split(/\s+/).pop()!;

  const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-US' });
  const page = await context.newPage();
  const email = `journey-${crypto.randomBytes(4).toString('hex')}@example.com`;

  // Sign up (English).
  await page.goto('/portal');
  await page.getByRole('link', { name: msg('en', 'portal', 'nav.account') }).click();
  await page.getByRole('link', { name: msg('en', 'account', 'signIn.create') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'account', 'signUp.title'));
  await page.getByLabel(msg('en', 'account', 'fields.email')).fill(email);
  await page.getByLabel(msg('en', 'account', 'fields.newPassword')).fill('a quiet street in esperanza');
  await page.getByRole('button', { name: msg('en', 'account', 'signUp.submit') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'account', 'verify.title'));

  // The code, from the email as the SMTP peer received it.
  await waitFor(() => mailTo(email).length > 0, 'the verification email', 30_000);
  const verification = mailTo(email)[0]!.parsed!;
  expect(verification.subject).toContain('confirmation code');
  const code = /\b(\d{6})\b/.exec(verification.text ?? '')![1]!;
  await page.getByLabel(msg('en', 'account', 'fields.code')).fill(code);
  await page.getByRole('button', { name: msg('en', 'account', 'verify.submit') }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(msg('en', 'account', 'overview.title'));

  // Claim the demo account.
  await page.getByLabel(msg('en', 'account', 'claim.number')).fill(detail.accountNumberDisplay);
  await page.getByLabel(msg('en', 'account', 'claim.zip')).fill(detail.address.zip);
  await page.getByLabel(msg('en', 'account', 'claim.lastName')).fill(lastName);
  await page.getByRole('button', { name: msg('en', 'account', 'claim.submit') }).click();
  await expect(page.getByTestId('claim-done')).toBeVisible();
  await expect(page.getByTestId('linked-accounts')).toContainText(detail.accountNumber.slice(0, 4));

  // Its history is in My Activity.
  await page
    .getByRole('link', { name: msg('en', 'account', 'nav.activity') })
    .first()
    .click();
  await expect(page.getByTestId('activity-entry').first()).toBeVisible();
  // The demo's year of billing: the account's utility statements.
  await expect(page.locator('[data-testid="activity-entry"][data-kind="statement"]').first()).toBeVisible();

  // Spanish, by email.
  await page.getByRole('link', { name: msg('en', 'account', 'nav.preferences') }).click();
  // Which channel notices use now (email until preferences choose another).
  await expect(page.getByTestId('channel-delivery')).toContainText('email');
  // USWDS draws radios with their labels; a person clicks those.
  await page.locator('label[for="channel-email"]').click();
  await page.locator('label[for="notice-language-es"]').click();
  await expect(page.getByLabel(msg('en', 'common', 'language.names.es'), { exact: true })).toBeChecked();
  await page.getByRole('button', { name: msg('en', 'account', 'preferences.save') }).click();
  await expect(page.getByTestId('preferences-saved')).toBeVisible();

  // A clerk records a check on the account (the payer is the account's customer, in English).
  const pay = await staff.post('/api/v1/payments/payments', {
    headers: { 'x-csrf-token': staffCsrf, 'idempotency-key': crypto.randomUUID() },
    data: {
      method: 'check',
      checkNumber: '4321',
      amountCents: 2500,
      source: { module: 'utilities', id: detail.id },
      payer: { name: detail.customerName, language: 'en' },
    },
  });
  expect(pay.status(), await pay.text()).toBe(201);
  const { receiptNumber } = (await pay.json()) as { receiptNumber: string };

  // The resident's receipt, in Spanish, through SMTP.
  await waitFor(() => mailTo(email, /Recibo de pago/).length > 0, 'the Spanish receipt', 30_000);
  const receipt = mailTo(email, /Recibo de pago/)[0]!.parsed!;
  expect(receipt.subject).toContain(receiptNumber);
  expect(receipt.text).toContain('$25.00');
  expect(receipt.text).toContain('Recibimos su pago');

  // And the payment is in My Activity (in Spanish now, as the resident switches the page too).
  await page.getByTestId('language-toggle').click();
  await page
    .getByRole('link', { name: msg('es', 'account', 'nav.activity') })
    .first()
    .click();
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('activity-entry').first()).toContainText(receiptNumber, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByTestId('activity-entry').first()).toContainText(
    msg('es', 'account', 'activity.status.completed'),
  );
  await expectNoA11yViolations(page);
  await saveScreenshot(page, testInfo, 'account-journey-activity-es');
  await context.close();
});
