import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
  adminApi,
  createStaffUser,
  expectNoA11yViolations,
  expectNoHorizontalOverflow,
  LANGS,
  msg,
  signIn,
  statePath,
  TEST_PASSWORD,
  useLanguage,
  type Lang,
} from './support.ts';

/**
 * The Communications pages: the log of the demo's real messages (filters and paging in the
 * URL), one message exactly as sent, template previews in both languages, resend, and who may
 * see what. The server runs without SMTP, so every demo message went to the local log.
 */

const LOG = '/dashboard/communications';
const t = (lang: Lang, key: string) => msg(lang, 'dashboard', `communications.${key}`);
const kindName = (lang: Lang, kind: string) => t(lang, `kinds.${kind}`);
const rows = (page: Page) => page.getByTestId('message-row');
const rowOf = (page: Page, id: string) => rows(page).filter({ has: page.locator(`a[href$="/${id}"]`) });

/** The distinct values of one attribute over the rows shown (waits out a page still loading). */
const rowValues = (page: Page, attribute: 'data-kind' | 'data-status') =>
  expect.poll(async () => [
    ...new Set(await rows(page).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attribute)),
  ]);
const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../test-results/screenshots',
);

type Summary = { id: string; kind: string; language: Lang; status: string; subject: string };
type Detail = Summary & {
  recipient: string;
  recipientName: string | null;
  bodyText: string;
  bodyHtml: string;
};

type Found = Detail & { masked: string };

/**
 * A message the demo seed queued: among the newest 150 of its kind, the oldest (in the language
 * asked), since the tests add newer ones of the same kinds (receipts, invitations) while this
 * file runs.
 */
async function demoMessage(kind: string, language?: Lang): Promise<Found> {
  const { api, dispose } = await adminApi();
  const all: (Summary & { recipient: string })[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = (await (
      await api.get(`/api/v1/communications/messages?kind=${kind}&limit=200&offset=${offset}`)
    ).json()) as { items: (Summary & { recipient: string })[]; total: number };
    all.push(...page.items);
    if (page.items.length < 200) break;
  }
  // Old enough to be sent long ago, recent enough to be on the first page of 200 of its kind
  // (a year of demo billing makes hundreds of receipts).
  const found = all
    .slice(0, 150)
    .filter((m) => !language || m.language === language)
    .at(-1);
  expect(found, `a demo ${kind} message`).toBeTruthy();
  const detail = (await (await api.get(`/api/v1/communications/messages/${found!.id}`)).json()) as Detail;
  await dispose();
  return { ...detail, masked: found!.recipient };
}

/** An element screenshot kept for review under test-results/screenshots/<project>/. */
async function saveElementScreenshot(page: Page, selector: string, testInfo: TestInfo, name: string) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.evaluate(() => document.fonts.ready);
  await page.locator(selector).screenshot({
    path: path.join(SCREENSHOTS, testInfo.project.name, `${name}.png`),
    animations: 'disabled',
  });
  // Back to the top, and let Chromium settle before the next click: a click right after a
  // scroll can still be routed to the (out-of-process) frame that was under the pointer.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        window.scrollTo(0, 0);
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      }),
  );
}

test.describe('as an administrator', () => {
  test.use({ storageState: statePath('admin') });

  test('the log lists the demo messages, marked as delivered to the local log', async ({ page }) => {
    const receipt = await demoMessage('payment.receipt', 'es');
    await page.goto(`${LOG}?perPage=200`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      msg('en', 'dashboard', 'modules.communications.title'),
    );
    await expect(page.getByRole('link', { name: t('en', 'nav.log') })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await expect(rows(page).first()).toBeVisible();
    // A year of demo billing makes hundreds of messages: each kind is looked for on its own.
    for (const kind of [
      'utility.statement_issued',
      'utility.shutoff_warning',
      'staff.invite',
      'payment.receipt',
    ]) {
      await page.goto(`${LOG}?kind=${kind}&perPage=200`);
      await expect(page.locator(`[data-testid=message-row][data-kind="${kind}"]`).first()).toBeVisible();
    }
    // A Spanish receipt of the demo ledger: masked address, names in the page's language.
    const maria = rowOf(page, receipt.id);
    await expect(maria).toContainText(receipt.masked);
    expect(receipt.masked).toMatch(/^.•••@/);
    await expect(maria).toContainText(kindName('en', 'payment.receipt'));
    await expect(maria).toContainText('Spanish');
    await expect(maria).toContainText('Email');
    await expect(maria).toContainText(t('en', 'status.sent'));
    await expect(maria).toContainText(t('en', 'log.localLog'));
    await expect(page.getByTestId('local-log-note')).toContainText(t('en', 'log.localLogTitle'));
    await expect(page.getByTestId('messages-table')).not.toContainText(receipt.recipient);
  });

  test('filters by kind and status, keeping them in the address', async ({ page }) => {
    const es = await demoMessage('payment.receipt', 'es');
    const en = await demoMessage('payment.receipt', 'en');
    // A long page, so the demo's messages are on it however many other tests have added.
    await page.goto(`${LOG}?perPage=200`);
    await expect(rows(page).first()).toBeVisible();
    await page
      .getByLabel(t('en', 'filters.kind'), { exact: true })
      .selectOption({ label: kindName('en', 'payment.receipt') });
    await page.getByRole('button', { name: t('en', 'filters.apply') }).click();
    await expect(page).toHaveURL(/\?kind=payment\.receipt&perPage=200$/);
    await rowValues(page, 'data-kind').toEqual(['payment.receipt']);
    // A Spanish and an English receipt of the demo ledger.
    await expect(rowOf(page, es.id)).toContainText('Spanish');
    await expect(rowOf(page, en.id)).toContainText('English');

    // Status too; the address can be reloaded or shared and the form shows the filters.
    await page.getByLabel(t('en', 'filters.status'), { exact: true }).selectOption('sent');
    await page.getByRole('button', { name: t('en', 'filters.apply') }).click();
    await expect(page).toHaveURL(/\?status=sent&kind=payment\.receipt&perPage=200$/);
    await page.reload();
    await expect(page.getByLabel(t('en', 'filters.status'), { exact: true })).toHaveValue('sent');
    await expect(page.getByLabel(t('en', 'filters.kind'), { exact: true })).toHaveValue('payment.receipt');
    await rowValues(page, 'data-kind').toEqual(['payment.receipt']);
    await rowValues(page, 'data-status').toEqual(['sent']);

    // Nothing failed in the demo: a clear empty state, and a way back.
    await page.getByLabel(t('en', 'filters.status'), { exact: true }).selectOption('failed');
    await page.getByRole('button', { name: t('en', 'filters.apply') }).click();
    await expect(page.getByTestId('messages-empty')).toContainText(t('en', 'log.emptyFiltered'));
    await expect(page.getByTestId('messages-table')).toHaveCount(0);
    await page.getByRole('link', { name: t('en', 'filters.clear') }).click();
    await expect(page).toHaveURL(/\/dashboard\/communications$/);
    await expect(page.getByLabel(t('en', 'filters.status'), { exact: true })).toHaveValue('');
    await expect.poll(() => rows(page).count()).toBeGreaterThanOrEqual(8);
  });

  test('pages through the log', async ({ page }) => {
    // Other tests add messages meanwhile, so totals are read from the page, not assumed.
    const totalOf = async () => Number(/of (\d+)/.exec((await pager.textContent())!)![1]);
    const pager = page.getByTestId('pager');
    await page.goto(`${LOG}?perPage=3`);
    await expect(pager).toContainText(/Showing 1–3 of \d+/);
    expect(await totalOf()).toBeGreaterThanOrEqual(8);
    await expect(rows(page)).toHaveCount(3);
    await expect(pager.getByRole('link', { name: t('en', 'pager.previous') })).toHaveCount(0);

    await pager.getByRole('link', { name: t('en', 'pager.next') }).click();
    await expect(page).toHaveURL(/\?page=2&perPage=3$/);
    await expect(pager).toContainText(/Showing 4–6 of \d+/);
    await expect(pager).toContainText(`Page 2 of ${Math.ceil((await totalOf()) / 3)}`);
    await expect(rows(page)).toHaveCount(3);
    await pager.getByRole('link', { name: t('en', 'pager.previous') }).click();
    await expect(page).toHaveURL(/\?perPage=3$/);
    await expect(pager).toContainText(/Showing 1–3 of/);

    // The last page has no "next" (retried if a message arrives and adds a page meanwhile).
    await expect(async () => {
      await page.goto(`${LOG}?perPage=3&page=${Math.ceil((await totalOf()) / 3)}`);
      const last = Math.ceil((await totalOf()) / 3);
      await expect(pager).toContainText(`Page ${last} of ${last}`, { timeout: 1000 });
      await expect(pager.getByRole('link', { name: t('en', 'pager.next') })).toHaveCount(0, {
        timeout: 1000,
      });
    }).toPass();
    // A page past the end says so.
    await page.goto(`${LOG}?perPage=3&page=9999`);
    await expect(page.getByTestId('messages-past-end')).toContainText(t('en', 'log.pastEnd'));
    await page.getByRole('link', { name: t('en', 'log.firstPage') }).click();
    await expect(pager).toContainText(/Showing 1–3 of/);
  });

  test('opens a message and shows exactly what was sent', async ({ page }, testInfo) => {
    const sent = await demoMessage('utility.statement_issued');
    await page.goto(`${LOG}?kind=utility.statement_issued&perPage=200`);
    await rowOf(page, sent.id).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/messages/${sent.id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      kindName('en', 'utility.statement_issued'),
    );
    await expect(page.getByTestId('message-to')).toHaveText(`${sent.recipientName} <${sent.recipient}>`);
    await expect(page.getByTestId('message-subject')).toHaveText(sent.subject);
    await expect(page.getByTestId('message-status')).toHaveText(t('en', 'status.sent'));
    await expect(page.getByTestId('message-last-error')).toHaveText(t('en', 'message.none'));
    await expect(page.getByTestId('local-log-note')).toBeVisible();
    await expect(page.getByTestId('message-headers')).toContainText('The local log only (no mail server)');
    await expect(page.getByTestId('message-text')).toHaveText(sent.bodyText);

    // The HTML in a fully sandboxed frame, with a title for screen readers.
    const frame = page.getByTestId('message-html');
    await expect(frame).toHaveAttribute('sandbox', '');
    await expect(frame).toHaveAttribute('title', `HTML version of the email: ${sent.subject}`);
    await expect(page.frameLocator('[data-testid=message-html]').locator('h1')).toHaveText(sent.subject);
    // Sent messages cannot be resent.
    await expect(page.getByRole('button', { name: t('en', 'resend.button') })).toHaveCount(0);
    await saveElementScreenshot(page, '[data-testid=message-html]', testInfo, 'email-message-statement-en');

    await page.getByRole('link', { name: t('en', 'message.back') }).click();
    await expect(page).toHaveURL(/\/dashboard\/communications$/);
  });

  test('in Spanish, the Spanish receipt reads in Spanish on a Spanish page', async ({
    page,
    context,
  }, testInfo) => {
    await useLanguage(context, 'es');
    const receipt = await demoMessage('payment.receipt', 'es');
    await page.goto(`${LOG}/messages/${receipt.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(kindName('es', 'payment.receipt'));
    await expect(page.getByTestId('message-subject')).toHaveAttribute('lang', 'es');
    await expect(page.getByTestId('message-subject')).toHaveText(receipt.subject);
    await expect(page.getByTestId('message-status')).toHaveText(t('es', 'status.sent'));
    await expect(page.getByTestId('message-text')).toContainText(receipt.recipientName!);
    await expect(page.frameLocator('[data-testid=message-html]').locator('h1')).toHaveText(receipt.subject);
    await expect(page.frameLocator('[data-testid=message-html]').locator('html')).toHaveAttribute(
      'lang',
      'es',
    );
    await saveElementScreenshot(page, '[data-testid=message-html]', testInfo, 'email-message-receipt-es');
  });

  test('an unknown message says so', async ({ page }) => {
    await page.goto(`${LOG}/messages/00000000-0000-4000-8000-000000000000`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t('en', 'message.notFound'));
    await expect(page.getByTestId('problem')).toContainText(msg('en', 'errors', 'message_not_found.title'));
  });

  for (const lang of LANGS) {
    test(`templates: every notice kind, previewed in ${lang} with sample data`, async ({
      page,
      context,
    }, testInfo) => {
      await useLanguage(context, lang);
      const { api, dispose } = await adminApi();
      const kinds = (
        (await (await api.get('/api/v1/communications/templates')).json()) as { items: { kind: string }[] }
      ).items;
      const other: Lang = lang === 'en' ? 'es' : 'en';
      const preview = async (l: Lang) =>
        (await (
          await api.get(`/api/v1/communications/templates/payment.receipt/preview?language=${l}`)
        ).json()) as { subject: string; sms: string; smsSegments: number };
      const [mine, theirs] = [await preview(lang), await preview(other)];
      await dispose();

      await page.goto(LOG);
      await page.getByRole('link', { name: t(lang, 'nav.templates') }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(t(lang, 'templates.title'));
      await expect(page.getByTestId('templates-table').locator('tbody tr')).toHaveCount(kinds.length);
      for (const { kind } of kinds) {
        await expect(page.getByTestId(`template-row-${kind}`)).toContainText(kindName(lang, kind));
      }

      // Preview the receipt in the other language first, then switch to this one.
      const row = page.getByTestId('template-row-payment.receipt');
      await row
        .getByRole('link')
        .nth(other === 'en' ? 0 : 1)
        .click();
      const section = page.getByTestId('template-preview');
      await expect(
        page.getByRole('heading', { level: 2, name: kindName(lang, 'payment.receipt') }),
      ).toBeFocused();
      await expect(section.getByTestId('preview-subject')).toHaveText(theirs.subject);
      await expect(section.getByTestId('preview-subject')).toHaveAttribute('lang', other);
      await section.getByRole('link', { name: lang === 'en' ? 'English' : 'Español', exact: true }).click();
      await expect(section.getByTestId('preview-subject')).toHaveText(mine.subject);
      await expect(section.getByTestId('preview-sms')).toHaveText(mine.sms);
      await expect(section.getByTestId('preview-segments')).toContainText(String(mine.smsSegments));
      await expect(section.getByTestId('preview-text')).toContainText('María López');
      await expect(section.getByTestId('preview-html')).toHaveAttribute('sandbox', '');
      await expect(page.frameLocator('[data-testid=preview-html]').locator('h1')).toHaveText(mine.subject);
      await saveElementScreenshot(
        page,
        '[data-testid=preview-html]',
        testInfo,
        `email-preview-receipt-${lang}`,
      );
    });
  }

  test('a failed message can be resent after a confirmation', async ({ page }) => {
    // With no SMTP server nothing fails here, so the page is shown a real message as failed;
    // the resend itself goes to the real server, which refuses it (the message was sent)…
    const real = await demoMessage('payment.receipt', 'en');
    const failed = {
      ...real,
      status: 'failed',
      sentAt: null,
      deliveredVia: null,
      lastError: '550 5.1.1 no such user',
    };
    await page.route(`**/api/v1/communications/messages/${real.id}`, (route) =>
      route.fulfill({ json: failed }),
    );
    await page.goto(`${LOG}/messages/${real.id}`);
    await expect(page.getByTestId('message-status')).toHaveText(t('en', 'status.failed'));
    await expect(page.getByTestId('message-last-error')).toHaveText('550 5.1.1 no such user');
    await page.getByRole('button', { name: t('en', 'resend.button') }).click();
    await expect(page.getByText(`Send this message again to ${real.recipient}?`)).toBeVisible();
    await page.getByRole('button', { name: t('en', 'resend.no') }).click();
    await page.getByRole('button', { name: t('en', 'resend.button') }).click();
    await page.getByRole('button', { name: t('en', 'resend.yes') }).click();
    await expect(page.getByTestId('problem')).toContainText(msg('en', 'errors', 'message_not_failed.title'));

    // …and when the server accepts it, the page says it is queued again.
    await page.route(`**/api/v1/communications/messages/${real.id}/resend`, (route) =>
      route.fulfill({ status: 202, json: { id: real.id, status: 'queued' } }),
    );
    await page.getByRole('button', { name: t('en', 'resend.button') }).click();
    await page.getByRole('button', { name: t('en', 'resend.yes') }).click();
    await expect(page.getByTestId('flash')).toContainText(t('en', 'resend.done'));
    await expect(page.getByRole('button', { name: t('en', 'resend.button') })).toHaveCount(0);
  });
});

test.describe('the HTML emails themselves', () => {
  test.use({ storageState: statePath('admin') });

  test('every notice, in English and Spanish, is accessible opened as a page of its own', async ({
    page,
  }, testInfo) => {
    test.setTimeout(90_000);
    const { api, dispose } = await adminApi();
    const kinds = (
      (await (await api.get('/api/v1/communications/templates')).json()) as { items: { kind: string }[] }
    ).items;
    for (const { kind } of kinds) {
      for (const lang of LANGS) {
        const res = await api.get(`/api/v1/communications/templates/${kind}/preview?language=${lang}`);
        expect(res.status()).toBe(200);
        const { html, subject } = (await res.json()) as { html: string; subject: string };
        await page.setViewportSize({ width: 700, height: 800 });
        await page.setContent(html);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.locator('h1')).toHaveText(subject);
        await expectNoA11yViolations(page);
        if (kind === 'payment.receipt' || kind === 'utility.statement_issued') {
          await page.screenshot({
            path: path.join(
              SCREENSHOTS,
              testInfo.project.name,
              `email-${kind.replace('.', '-')}-${lang}.png`,
            ),
            fullPage: true,
          });
          // And on a small phone, where mail apps show it one column wide.
          await page.setViewportSize({ width: 360, height: 740 });
          await expectNoHorizontalOverflow(page);
          await page.screenshot({
            path: path.join(
              SCREENSHOTS,
              testInfo.project.name,
              `email-${kind.replace('.', '-')}-${lang}-360.png`,
            ),
            fullPage: true,
          });
        }
      }
    }
    await dispose();
  });
});

test.describe('as a clerk', () => {
  test.use({ storageState: statePath('clerk') });

  test('reads the log and messages, and may resend a failed one', async ({ page }) => {
    await page.goto('/dashboard');
    await page
      .getByRole('navigation', { name: msg('en', 'dashboard', 'nav.label') })
      .getByRole('link', { name: msg('en', 'dashboard', 'modules.communications.title') })
      .click();
    await expect(rows(page).first()).toBeVisible();
    const real = await demoMessage('utility.shutoff_warning');
    await page.route(`**/api/v1/communications/messages/${real.id}`, (route) =>
      route.fulfill({ json: { ...real, status: 'failed', lastError: 'timeout' } }),
    );
    await page.goto(`${LOG}/messages/${real.id}`);
    await expect(page.getByRole('button', { name: t('en', 'resend.button') })).toBeVisible();
  });
});

test('a viewer has no Communications: no menu item, a plain "not allowed" page, and 403', async ({
  page,
}) => {
  const viewer = await createStaffUser('comm-viewer', { role: 'viewer' });
  await page.goto('/dashboard/sign-in');
  await signIn(page, 'en', viewer.email, TEST_PASSWORD);
  await expect(page.getByTestId('signed-in-user')).toContainText('Viewer');
  const nav = page.getByRole('navigation', { name: msg('en', 'dashboard', 'nav.label') });
  await expect(
    nav.getByRole('link', { name: msg('en', 'dashboard', 'modules.communications.title') }),
  ).toHaveCount(0);
  for (const path of [LOG, `${LOG}/templates`]) {
    await page.goto(path);
    await expect(page.getByTestId('not-allowed')).toBeVisible();
  }
  expect((await page.request.get('/api/v1/communications/messages')).status()).toBe(403);
  expect((await page.request.get('/api/v1/communications/templates')).status()).toBe(403);
});
